/**
 * Spelled-out letters become one word: "u s a" → "usa", "p m" → "pm", "o k" → "ok", so an acronym scores the same
 * whether it was written "USA", "U.S.A." or letter by letter (Whisper's normalizer keeps "u s a" apart). Any run of
 * two or more one-letter words is joined, fillers in between ignored. The price, paid identically on both sides:
 * "a b" in "a B grade" also becomes "ab".
 */
import { rewriteSkippingFillers, type WorkToken } from './tokens.js'

const SINGLE_LETTER = /^\p{L}$/u

export function findLetterRuns(words: readonly string[]): { start: number; end: number; words: string[] }[] {
  const runs: { start: number; end: number; words: string[] }[] = []
  for (let start = 0; start < words.length;) {
    let end = start
    while (end < words.length && SINGLE_LETTER.test(words[end] ?? '')) end += 1
    if (end - start >= 2) runs.push({ start, end, words: [words.slice(start, end).join('')] })
    start = Math.max(end, start + 1)
  }
  return runs
}

export function joinLetterRuns(tokens: readonly WorkToken[]): WorkToken[] {
  return rewriteSkippingFillers(tokens, findLetterRuns)
}
