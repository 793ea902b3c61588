/**
 * An optional engine capability: word timings from the synthesizer itself. Engines whose models know when each word
 * is spoken (Kokoro's duration predictor, engines with word or phoneme events) attach them to the audio they yield as
 * `words`, times in seconds from the start of that chunk; whoever joins chunks shifts them by the chunk's offset. The
 * captioned-speech route uses them when a synthesis result carries them and falls back to timing the audio with a
 * speech recognizer otherwise.
 *
 * No engine Chorus ships has this today, so nothing sets `words` yet. Wiring one means: the engine yields chunks
 * typed {@link WordTimedAudio}, and `collectAudio` (audio/collect.ts) concatenates their `words`, offset by the
 * samples before each chunk; the route needs no change.
 */
import type { PcmAudio } from '../audio/pcm.js'

/** A word as the engine spoke it, with its span in seconds. */
export interface SpokenWord {
  readonly word: string
  readonly start: number
  readonly end: number
}

/** Audio that carries the engine's own word timings (the optional capability). */
export interface WordTimedAudio extends PcmAudio {
  readonly words?: readonly SpokenWord[]
}

const isSpokenWord = (value: unknown): value is SpokenWord => {
  if (value === null || typeof value !== 'object') return false
  const { word, start, end } = value as Record<string, unknown>
  return (
    typeof word === 'string' &&
    typeof start === 'number' &&
    typeof end === 'number' &&
    Number.isFinite(start) &&
    Number.isFinite(end) &&
    end >= start
  )
}

/** The engine's word timings carried by `audio`, or undefined when the engine gave none (or gave malformed ones). */
export function spokenWordsOf(audio: PcmAudio): readonly SpokenWord[] | undefined {
  const words = (audio as WordTimedAudio).words
  if (!Array.isArray(words) || words.length === 0 || !words.every(isSpokenWord)) return undefined
  return words
}
