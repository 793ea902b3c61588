/**
 * Repetition: the engine said something again (a looping attention model, a chunk joined twice). Read from the ASR
 * hypothesis against the reference:
 * - every n-gram with 2 ≤ n ≤ 5 of at least two different words that occurs at least twice in the hypothesis counts
 *   its occurrences beyond the reference's own count of it (so text that really repeats a phrase is not flagged);
 * - a single word counts only when said at least 3 times back to back, beyond the reference's longest run of it
 *   (so "the … the" is fine, and so is a reference that says "no no no").
 * The value is the largest such excess; the gate fails when it exceeds the threshold (0: any extra repetition).
 */
import type { Gate } from './gate.js'
import { longestRuns, ngramCounts, referenceWordsOf } from './words.js'

const MAX_N = 5
const REPETITION_THRESHOLD = 0

export interface Repetition {
  /** The repeated words. */
  readonly phrase: string
  /** Occurrences (n-grams) or back-to-back run length (single words) in the hypothesis. */
  readonly heard: number
  /** The same count in the reference. */
  readonly expected: number
}

/** The repetition with the largest excess over the reference, if any. */
export function worstRepetition(reference: readonly string[], hypothesis: readonly string[]): Repetition | undefined {
  let worst: Repetition | undefined
  const consider = (candidate: Repetition): void => {
    const excess = candidate.heard - candidate.expected
    if (excess > 0 && (!worst || excess > worst.heard - worst.expected)) worst = candidate
  }
  for (let n = 2; n <= MAX_N; n++) {
    const expected = ngramCounts(reference, n)
    for (const [phrase, heard] of ngramCounts(hypothesis, n)) {
      // "the the" is a run of one word, judged by the run rule below, not as a phrase.
      if (heard >= 2 && new Set(phrase.split(' ')).size > 1)
        consider({ phrase, heard, expected: expected.get(phrase) ?? 0 })
    }
  }
  const expectedRuns = longestRuns(reference)
  for (const [word, heard] of longestRuns(hypothesis)) {
    if (heard >= 3) consider({ phrase: word, heard, expected: Math.max(1, expectedRuns.get(word) ?? 0) })
  }
  return worst
}

export const repetitionGate: Gate = {
  name: 'repetition',
  description:
    'Extra repetitions in the hypothesis beyond the reference: the largest excess count of a repeated n-gram ' +
    '(2 ≤ n ≤ 5) or of a word said ≥ 3 times in a row; fails above the threshold.',
  defaultThreshold: REPETITION_THRESHOLD,
  check(input, threshold = REPETITION_THRESHOLD) {
    const worst = worstRepetition(referenceWordsOf(input), input.hypothesisWords)
    const value = worst ? worst.heard - worst.expected : 0
    return {
      status: value > threshold ? 'fail' : 'pass',
      value,
      threshold,
      detail: worst
        ? `"${worst.phrase}" heard ${worst.heard}× where the reference has ${worst.expected}× (allowed excess ${threshold}).`
        : 'No phrase is repeated more often than in the reference.',
    }
  },
}
