/**
 * Word-level helpers the text-based gates share: a minimal normaliser for references given as plain text, and n-gram
 * counting. The minimal normaliser is a fallback: the lab's real transcript normalizer (Whisper-style rules) should
 * produce both the reference and the hypothesis words so they compare like for like.
 */
import type { GateInput } from './gate.js'

/** Lowercase, NFKC, curly apostrophes straightened, everything but letters, digits and inner apostrophes dropped. */
export function normalizeWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .split(' ')
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word.length > 0)
}

export function referenceWordsOf(input: GateInput): readonly string[] {
  return input.referenceWords ?? normalizeWords(input.referenceText)
}

/** Occurrences of every n-gram (words joined by a space), overlapping ones included. */
export function ngramCounts(words: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>()
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(' ')
    counts.set(gram, (counts.get(gram) ?? 0) + 1)
  }
  return counts
}

/** For every word, the longest run of it repeated back to back ("no no no" → no: 3). */
export function longestRuns(words: readonly string[]): Map<string, number> {
  const runs = new Map<string, number>()
  for (let i = 0; i < words.length;) {
    let j = i + 1
    while (j < words.length && words[j] === words[i]) j++
    const word = words[i]!
    runs.set(word, Math.max(runs.get(word) ?? 0, j - i))
    i = j
  }
  return runs
}
