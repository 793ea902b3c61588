/**
 * Best-of-N: how the N takes of one prompt differ, and which take wins.
 *
 * Takes differ by what the engine lets us vary. An engine that samples (`capabilities.seed`, e.g. Chatterbox) gets a
 * different seed per take at the requested rate. A deterministic engine (flite, espeak, Piper) says the same thing
 * the same way every time, so its takes vary the speaking rate in small steps around the request — 1, 0.95, 1.05,
 * 0.9, 1.1, … — which every backend honours (natively or by pitch-keeping time-stretch) and which moves where words
 * land, the thing truncation and ASR slips are sensitive to.
 *
 * The winner: a take that passes every gate beats one that does not; then fewer failed gates; then the lower gate
 * WER (words blamed on the TTS); then the lower plain WER; then the earlier take (so N = 1 and ties are stable).
 *
 * @example
 * takeVariants(3, { seed: false }, 1) // [{ speed: 1 }, { speed: 0.95 }, { speed: 1.05 }]
 */
import type { ItemResult } from '../score-item.js'

export interface TakeVariant {
  readonly speed: number
  readonly seed?: number
}

/** Rate step between neighbouring takes of a deterministic engine. */
export const SPEED_STEP = 0.05
const MIN_SPEED = 0.5
const MAX_SPEED = 2

export function takeVariants(
  count: number,
  engine: { readonly seed?: boolean },
  speed = 1,
  firstSeed = 1,
): TakeVariant[] {
  if (engine.seed) return Array.from({ length: count }, (_, take) => ({ speed, seed: firstSeed + take }))
  return Array.from({ length: count }, (_, take) => {
    // 0, -1, +1, -2, +2, … steps
    const steps = take === 0 ? 0 : take % 2 === 1 ? -(take + 1) / 2 : take / 2
    const rate = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed * (1 + steps * SPEED_STEP)))
    return { speed: Math.round(rate * 1000) / 1000 }
  })
}

export type TakeScore = Pick<ItemResult, 'pass' | 'gates' | 'gateWer' | 'wer'>

function failedGates(score: TakeScore): number {
  return Object.values(score.gates).filter((status) => status === 'fail').length
}

/** Negative when take `a` is better than take `b` (so sorting puts the winner first). */
export function compareTakes(a: TakeScore, b: TakeScore): number {
  if (a.pass !== b.pass) return a.pass ? -1 : 1
  return failedGates(a) - failedGates(b) || a.gateWer - b.gateWer || a.wer - b.wer
}

/** Index of the best take; the earliest among equals. */
export function bestTake(scores: readonly TakeScore[]): number {
  let best = 0
  for (let index = 1; index < scores.length; index++) if (compareTakes(scores[index]!, scores[best]!) < 0) best = index
  return best
}
