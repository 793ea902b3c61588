/**
 * What every lab run is set up with, from names a user or a saved spec gives: the ASR engines to score with
 * (`--asr` names → engines, health-checked) and gate thresholds (`asr_wer=0.3` assignments → overrides). Shared by
 * the lab commands and by anything that re-runs a saved spec (`chorus canary`).
 */
import { loadConfig } from '../config/load.js'
import { closestKey } from '../config/suggest.js'
import type { AsrEngine } from '../engines/asr/asr-engine.js'
import { asrEngineKinds, createAsrEngine, isAsrEngineKindName } from '../engines/asr/registry.js'
import { ChorusError } from '../errors.js'
import { gates, GATE_NAMES, type GateThresholdOverrides, type SpeakingRateBand } from './gates/index.js'
import { MAX_ASR_ENGINES } from './score-item.js'

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

const RATE_KEYS: Readonly<Record<string, keyof SpeakingRateBand>> = {
  min: 'minSyllablesPerSecond',
  max: 'maxSyllablesPerSecond',
  minSyllablesPerSecond: 'minSyllablesPerSecond',
  maxSyllablesPerSecond: 'maxSyllablesPerSecond',
}

/**
 * `asr_wer=0.3`, `leading_silence=1.5`, `speaking_rate.max=9` (or `speaking_rate.maxSyllablesPerSecond=9`) → the
 * overrides `runGates` takes. Units are each gate's own (`asr_wer` a fraction, `clipping` and `silence` percent,
 * `leading_silence` seconds, truncation dB; see the README's gate table).
 */
export function parseThresholds(assignments: readonly string[]): GateThresholdOverrides {
  const overrides: Record<string, number> = {}
  const rate: Partial<Record<keyof SpeakingRateBand, number>> = {}
  for (const assignment of assignments) {
    const match = /^([\w.]+)=(.+)$/.exec(assignment)
    if (!match) throw usage(`--threshold expects gate=value (e.g. asr_wer=0.3); got "${assignment}"`)
    const [, name, text] = match as unknown as [string, string, string]
    const value = Number(text)
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw usage(
        `--threshold ${name} expects a number${name === 'asr_wer' ? ' (a fraction: 0.3 = 30%)' : ''}; got "${text}"`,
      )
    }
    const [gate, key] = name.split('.') as [string, string | undefined]
    if (!(GATE_NAMES as readonly string[]).includes(gate)) {
      const guess = closestKey(gate, GATE_NAMES)
      throw usage(
        `--threshold: unknown gate \`${gate}\`${guess ? `; did you mean \`${guess}\`?` : ''} Gates: ${GATE_NAMES.join(', ')}`,
      )
    }
    if (gate === 'speaking_rate') {
      const bandKey = key === undefined ? undefined : RATE_KEYS[key]
      if (!bandKey)
        throw usage(
          '--threshold speaking_rate takes speaking_rate.min=<syllables/s> or speaking_rate.max=<syllables/s>',
        )
      rate[bandKey] = value
    } else {
      if (key !== undefined) throw usage(`--threshold: gate \`${gate}\` has one threshold; write ${gate}=<value>`)
      overrides[gate] = value
    }
  }
  const band = { ...gates.speaking_rate.defaultThreshold, ...rate }
  if (band.minSyllablesPerSecond > band.maxSyllablesPerSecond) {
    throw usage(
      `--threshold: speaking_rate.min (${band.minSyllablesPerSecond}) is above speaking_rate.max (${band.maxSyllablesPerSecond})`,
    )
  }
  return { ...overrides, ...(Object.keys(rate).length > 0 ? { speaking_rate: rate } : {}) }
}

/**
 * Builds the ASR engines named by `--asr`: each name is an `asr[].id` of the configuration (`--config` or
 * CHORUS_CONFIG, where a second recognizer such as a Whisper server is set up with its URL), else an ASR kind with
 * its default settings (`pocketsphinx`). Without names, the configuration's first recognizer. Each engine is
 * health-checked, so a recognizer that is not installed stops the command before any work.
 */
export async function resolveAsrEngines(names: readonly string[], configFile?: string): Promise<AsrEngine[]> {
  const config = await loadConfig(configFile ? { file: configFile } : {})
  const wanted = names.length > 0 ? names : config.asr.slice(0, 1).map((entry) => entry.id)
  if (wanted.length === 0) throw usage('no ASR engine: the configuration has `asr: []`; name one with --asr')
  if (wanted.length > MAX_ASR_ENGINES) throw usage(`--asr takes 1 or ${MAX_ASR_ENGINES} engines; got ${wanted.length}`)
  if (new Set(wanted).size !== wanted.length) throw usage(`--asr names the same engine twice: ${wanted.join(',')}`)
  const engines: AsrEngine[] = []
  try {
    for (const name of wanted) {
      const configured = config.asr.find((entry) => entry.id === name)
      if (configured && isAsrEngineKindName(configured.kind)) {
        engines.push(await createAsrEngine(configured.kind, { id: configured.id, settings: configured.settings }))
      } else if (isAsrEngineKindName(name)) {
        engines.push(await createAsrEngine(name, { id: name }))
      } else {
        const known = [...config.asr.map((entry) => entry.id), ...Object.keys(asrEngineKinds)]
        const guess = closestKey(name, known)
        throw usage(
          `--asr: unknown ASR engine \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''} ` +
            `Known: ${[...new Set(known)].join(', ')} (configure others under \`asr\` in a --config file)`,
        )
      }
    }
    for (const engine of engines) {
      const health = await engine.health()
      if (!health.ok)
        throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', {
          engine: engine.id,
          reason: health.detail ?? 'unhealthy',
        })
    }
  } catch (error) {
    await Promise.allSettled(engines.map((engine) => engine.close()))
    throw error
  }
  return engines
}
