/**
 * The order of a comparison's requests: round by round, prompt by prompt, both sides one after the other, and the
 * side that goes first alternating from one pair to the next (AB, BA, AB …). Drift in machine load, caches warming
 * up or a neighbour's burst then falls on both sides alike instead of on whichever always went first. Requests are
 * sent one at a time: parity is about how each side answers one request, not how it holds up under load.
 *
 * @example
 * comparePairs(2, 1) // [{ round: 0, prompt: 0, order: ['a', 'b'] }, { round: 0, prompt: 1, order: ['b', 'a'] }]
 */
import type { SideName } from './side-spec.js'

export interface ComparePair {
  /** 0-based. */
  readonly round: number
  /** Index into the prompts. */
  readonly prompt: number
  readonly order: readonly [SideName, SideName]
}

const A_FIRST: readonly [SideName, SideName] = ['a', 'b']
const B_FIRST: readonly [SideName, SideName] = ['b', 'a']

export function comparePairs(prompts: number, rounds: number): ComparePair[] {
  const pairs: ComparePair[] = []
  for (let round = 0; round < rounds; round++) {
    for (let prompt = 0; prompt < prompts; prompt++) {
      pairs.push({ round, prompt, order: pairs.length % 2 === 0 ? A_FIRST : B_FIRST })
    }
  }
  return pairs
}
