/**
 * Which voice a backend's smoke test speaks with: the one named on the command line (`--voice backend=voice`), else
 * the first voice an alias of the configuration routes to on that backend (what clients actually ask for, the
 * embedded engine's OpenAI names included), else the first voice the engine lists.
 */
import type { Engine } from '../engines/engine.js'
import { ChorusError } from '../errors.js'
import type { AliasTable } from '../router/voice-aliases.js'

export interface SmokeVoice {
  readonly voice: string
  /** Why this voice: `--voice`, `alias alloy`, `first listed`. */
  readonly source: string
}

export async function smokeVoice(
  engine: Engine,
  aliases: AliasTable,
  chosen: Readonly<Record<string, string>>,
): Promise<SmokeVoice> {
  const named = chosen[engine.id]
  if (named !== undefined) return { voice: named, source: '--voice' }
  for (const [alias, targets] of Object.entries(aliases)) {
    const target = targets.find((candidate) => candidate.engine === engine.id)
    if (target) return { voice: target.voice, source: `alias ${alias}` }
  }
  const [first] = await engine.listVoices()
  if (!first)
    throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: engine.id, reason: 'it lists no voices' })
  return { voice: first.id, source: 'first listed' }
}
