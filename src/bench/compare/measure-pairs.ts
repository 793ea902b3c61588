/**
 * The timed half of a comparison: warm-up requests, then every prompt pair in the interleaved order of schedule.ts,
 * one request at a time, tallying each side (side-tally.ts) and keeping each side's first successful clip per prompt
 * for scoring. Bounded in count (prompts × rounds, plus warm-up) and in time (no pair starts after `maxSeconds`; each
 * request has `timeoutMs`). Cancelling the signal rejects with CHORUS_ERR_ABORTED.
 */
import { performance } from 'node:perf_hooks'
import type { PcmAudio } from '../../audio/pcm.js'
import { ChorusError } from '../../errors.js'
import type { RequestOutcome } from '../targets/target.js'
import type { ComparePrompt } from './compare-prompts.js'
import type { CompareSpec } from './compare-spec.js'
import type { OpenedSides } from './open-sides.js'
import { comparePairs } from './schedule.js'
import { outcomeError, SideTally } from './side-tally.js'
import { SIDE_NAMES, type SideName } from './side-spec.js'

export type CompareProgress =
  | { readonly phase: 'warmup'; readonly side: SideName; readonly promptId: string; readonly outcome: RequestOutcome }
  | {
      readonly phase: 'measure'
      /** Pairs finished, of `total`. */
      readonly done: number
      readonly total: number
      readonly round: number
      readonly side: SideName
      readonly promptId: string
      readonly outcome: RequestOutcome
    }
  | { readonly phase: 'score'; readonly done: number; readonly total: number; readonly promptId: string }

export interface Measured {
  readonly tallies: Record<SideName, SideTally>
  readonly clips: Record<SideName, Map<string, PcmAudio>>
  readonly latencies: Record<SideName, Map<string, number[]>>
  readonly errors: Record<SideName, Map<string, string[]>>
  readonly planned: number
  readonly measuredPairs: number
  readonly stoppedBy: 'complete' | 'time'
}

export const aborted = (): ChorusError => new ChorusError('CHORUS_ERR_ABORTED')

export function perSide<T>(make: (side: SideName) => T): Record<SideName, T> {
  return { a: make('a'), b: make('b') }
}

export async function measurePairs(
  spec: CompareSpec,
  prompts: readonly ComparePrompt[],
  sides: OpenedSides,
  options: { readonly signal: AbortSignal; readonly onProgress?: ((event: CompareProgress) => void) | undefined },
): Promise<Measured> {
  const { signal } = options
  const tallies = perSide(() => new SideTally())
  const clips = perSide(() => new Map<string, PcmAudio>())
  const latencies = perSide(() => new Map<string, number[]>())
  const errors = perSide(() => new Map<string, string[]>())
  const deadline = performance.now() + spec.maxSeconds * 1000
  const send = async (side: SideName, prompt: ComparePrompt, keepAudio: boolean): Promise<RequestOutcome> => {
    const outcome = await sides[side].send({ id: prompt.id, text: prompt.text }, signal, keepAudio)
    if (signal.aborted) throw aborted()
    return outcome
  }

  for (let turn = 0; turn < spec.warmup && performance.now() < deadline; turn++) {
    const prompt = prompts[turn % prompts.length]!
    for (const side of turn % 2 === 0 ? SIDE_NAMES : ([...SIDE_NAMES].reverse() as SideName[])) {
      const outcome = await send(side, prompt, false)
      tallies[side].warmup(outcome)
      options.onProgress?.({ phase: 'warmup', side, promptId: prompt.id, outcome })
    }
  }

  const pairs = comparePairs(prompts.length, spec.rounds)
  let measuredPairs = 0
  let stoppedBy: Measured['stoppedBy'] = 'complete'
  for (const pair of pairs) {
    if (performance.now() >= deadline) {
      stoppedBy = 'time'
      break
    }
    const prompt = prompts[pair.prompt]!
    for (const side of pair.order) {
      const outcome = await send(side, prompt, !clips[side].has(prompt.id))
      tallies[side].measured(outcome)
      if (outcome.ok) {
        if (outcome.audio && !clips[side].has(prompt.id)) clips[side].set(prompt.id, outcome.audio)
        latencies[side].set(prompt.id, [...(latencies[side].get(prompt.id) ?? []), outcome.latencyMs])
      } else {
        errors[side].set(prompt.id, [...(errors[side].get(prompt.id) ?? []), outcomeError(outcome)])
      }
      options.onProgress?.({
        phase: 'measure',
        done: measuredPairs + (side === pair.order[1] ? 1 : 0),
        total: pairs.length,
        round: pair.round,
        side,
        promptId: prompt.id,
        outcome,
      })
    }
    measuredPairs++
  }
  return { tallies, clips, latencies, errors, planned: pairs.length, measuredPairs, stoppedBy }
}
