/**
 * Truncation at either end of a clip, judged from two kinds of evidence:
 *
 * - **energy**: the RMS of the first (last) 30 ms relative to the whole clip's RMS. Speech that starts and ends
 *   naturally has quiet edges (synthetic speech usually −40 dB and below); a clip cut mid-word carries speech-level
 *   energy right to the boundary (about 0 dB). The threshold (−20 dB) is where an edge stops counting as decayed.
 * - **words**: whether the first (last) two reference words appear near the start (end) of the hypothesis — the
 *   first reference word among the first 3 hypothesis words, the second among the first 4 (mirrored at the end), which
 *   tolerates an inserted word or two without needing an alignment.
 *
 * A gate fails when
 * 1. the edge is loud even by a lenient reading — at least the threshold + 10 dB (−10 dB): a cut, whatever the ASR made
 *    of the clipped word; or
 * 2. the edge is above the threshold and at least one of the two edge words is missing; or
 * 3. both edge words are missing: the opening (ending) was dropped even if the cut happened to land in a pause.
 * A single missing word at a quiet edge passes: that is usually the recogniser, and the WER gate already counts it.
 */
import type { Gate, GateInput, GateResult } from './gate.js'
import { referenceWordsOf } from './words.js'

/** Above threshold + this margin the edge energy alone marks a cut. */
export const CERTAIN_CUT_MARGIN_DB = 10

const TRUNCATION_THRESHOLD_DB = -20

/** How many of the (up to) two reference words at an edge are absent from the hypothesis near that edge. */
export function missingEdgeWords(
  reference: readonly string[],
  hypothesis: readonly string[],
  edge: 'start' | 'end',
): { missing: number; checked: readonly string[] } {
  const ordered = edge === 'start' ? reference : [...reference].reverse()
  const heard = edge === 'start' ? hypothesis : [...hypothesis].reverse()
  const checked = ordered.slice(0, 2)
  const missing = checked.filter((word, index) => !heard.slice(0, index + 3).includes(word)).length
  return { missing, checked: edge === 'start' ? checked : [...checked].reverse() }
}

function judgeEdge(input: GateInput, threshold: number, edge: 'start' | 'end'): GateResult {
  const value = edge === 'start' ? input.metrics.edgeStartDb : input.metrics.edgeEndDb
  const { missing, checked } = missingEdgeWords(referenceWordsOf(input), input.hypothesisWords, edge)
  const loud = value >= threshold
  const certain = value >= threshold + CERTAIN_CUT_MARGIN_DB
  const fail = certain || (loud && missing >= 1) || (checked.length === 2 && missing === 2)
  const where = edge === 'start' ? 'first 30 ms' : 'last 30 ms'
  const words =
    checked.length === 0
      ? 'no reference words'
      : `${missing} of ${checked.length} ${edge === 'start' ? 'opening' : 'closing'} words (${checked.join(' ')}) missing`
  const level = Number.isFinite(value) ? `${value.toFixed(1)} dB` : 'silent'
  return {
    status: fail ? 'fail' : 'pass',
    value,
    threshold,
    detail: `${where} ${level} relative to the clip (${loud ? 'not decayed' : 'decayed'}; limit ${threshold} dB), ${words}.`,
  }
}

export const truncatedStartGate: Gate = {
  name: 'truncated_start',
  description:
    'Start cut off: first-30 ms RMS relative to the clip (dB) at or above the threshold with an opening word missing ' +
    'from the hypothesis, or 10 dB above it regardless, or both of the first two reference words missing.',
  defaultThreshold: TRUNCATION_THRESHOLD_DB,
  check: (input, threshold = TRUNCATION_THRESHOLD_DB) => judgeEdge(input, threshold, 'start'),
}

export const truncatedTailGate: Gate = {
  name: 'truncated_tail',
  description:
    'End cut off: last-30 ms RMS relative to the clip (dB) at or above the threshold (not decayed) with a closing word ' +
    'missing from the hypothesis, or 10 dB above it regardless, or both of the last two reference words missing.',
  defaultThreshold: TRUNCATION_THRESHOLD_DB,
  check: (input, threshold = TRUNCATION_THRESHOLD_DB) => judgeEdge(input, threshold, 'end'),
}
