/**
 * The model ids /v1/audio/speech accepts. `chorus` routes by voice across every engine; OpenAI's and Kokoro-FastAPI's
 * model names are accepted for drop-in compatibility and behave like `chorus`; an engine id restricts routing to it.
 */
import { ChorusError } from '../errors.js'

export const COMPATIBLE_MODEL_IDS = ['chorus', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'kokoro'] as const

export function modelIds(engineIds: readonly string[]): string[] {
  return [...new Set([...COMPATIBLE_MODEL_IDS, ...engineIds])]
}

export function assertKnownModel(model: string, engineIds: readonly string[]): void {
  const known = modelIds(engineIds)
  if (!known.includes(model)) throw new ChorusError('CHORUS_ERR_MODEL_NOT_FOUND', { model, valid: known.join(', ') })
}
