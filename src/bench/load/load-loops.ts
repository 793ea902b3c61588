/**
 * The two ways a bench step loads a target, both bounded by a request count AND a time cap (a request already in
 * flight at the cap finishes, bounded by its own timeout), and both stopping at once when the run's signal aborts:
 *
 * - **closed loop**: `concurrency` workers each send a request, wait for its whole answer, then send the next —
 *   the load adapts to the server (a slow server gets fewer requests).
 * - **open loop**: requests start at Poisson arrival times (./poisson.ts) whatever the server does, as real users
 *   arrive. An arrival finding `maxInFlight` requests already running is *dropped* (counted, not sent); one that
 *   starts more than {@link LATE_START_MS} after its scheduled time (the event loop was busy) is counted *late*.
 *
 * Wall time runs from the step's start to its last completion; throughput divides by it. `chorus bench` sends
 * {@link RequestOutcome}s through these loops; the scripts under bench/ time their own operations through the same
 * closed loop (bench/lib/timed-closed-loop.ts).
 */
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { summarize, type Summary } from '../stats.js'
import type { RequestOutcome } from '../targets/target.js'
import { poissonSchedule } from './poisson.js'

/** A start this much after its scheduled arrival counts as late. */
export const LATE_START_MS = 10

export interface LoadOptions<T = RequestOutcome> {
  readonly maxRequests: number
  readonly maxSeconds: number
  readonly signal: AbortSignal
  /** Sends request number `index` (0-based within the step); must not reject. */
  readonly send: (index: number) => Promise<T>
  /** Called as each request completes, with the number completed so far. */
  readonly onOutcome?: (outcome: T, completed: number) => void
}

export interface OpenLoopStats {
  /** Arrivals in the schedule (within the request and time bounds). */
  readonly scheduled: number
  readonly started: number
  /** Arrivals not sent because `maxInFlight` requests were running. */
  readonly dropped: number
  /** Started more than LATE_START_MS after their scheduled time. */
  readonly late: number
  /** How late each start was, in ms (0 = on time). */
  readonly lateness_ms: Summary
  readonly max_in_flight: number
}

export interface LoadResult<T = RequestOutcome> {
  /** In completion order. */
  readonly outcomes: T[]
  readonly wallSeconds: number
  readonly stoppedBy: 'requests' | 'time' | 'aborted'
  readonly open?: OpenLoopStats
}

export async function runClosedLoop<T>(
  options: LoadOptions<T> & { readonly concurrency: number },
): Promise<LoadResult<T>> {
  const { concurrency, maxRequests, maxSeconds, signal, send, onOutcome } = options
  const outcomes: T[] = []
  const start = performance.now()
  const deadline = start + maxSeconds * 1000
  let started = 0
  let end = start
  const worker = async (): Promise<void> => {
    while (started < maxRequests && performance.now() < deadline && !signal.aborted) {
      const index = started++
      const outcome = await send(index)
      outcomes.push(outcome)
      end = performance.now()
      onOutcome?.(outcome, outcomes.length)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, maxRequests)) }, worker))
  return {
    outcomes,
    wallSeconds: (end - start) / 1000,
    stoppedBy: signal.aborted ? 'aborted' : started >= maxRequests ? 'requests' : 'time',
  }
}

export async function runOpenLoop<T>(
  options: LoadOptions<T> & { readonly ratePerSecond: number; readonly maxInFlight: number; readonly seed: number },
): Promise<LoadResult<T>> {
  const { ratePerSecond, maxInFlight, seed, maxRequests, maxSeconds, signal, send, onOutcome } = options
  const schedule = poissonSchedule({ ratePerSecond, maxArrivals: maxRequests, maxSeconds, seed })
  const outcomes: T[] = []
  const lateness: number[] = []
  const running = new Set<Promise<void>>()
  let dropped = 0
  let started = 0
  const start = performance.now()
  let end = start
  for (const arrival of schedule) {
    const wait = start + arrival - performance.now()
    if (wait > 0) {
      try {
        await sleep(wait, undefined, { signal })
      } catch {
        break // aborted
      }
    }
    if (signal.aborted) break
    const delay = Math.max(0, performance.now() - (start + arrival))
    if (running.size >= maxInFlight) {
      dropped++
      continue
    }
    lateness.push(delay)
    const index = started++
    const task = send(index).then((outcome) => {
      outcomes.push(outcome)
      end = performance.now()
      onOutcome?.(outcome, outcomes.length)
      running.delete(task)
    })
    running.add(task)
  }
  await Promise.all(running)
  return {
    outcomes,
    wallSeconds: (Math.max(end, start) - start) / 1000,
    stoppedBy: signal.aborted ? 'aborted' : schedule.length >= maxRequests ? 'requests' : 'time',
    open: {
      scheduled: schedule.length,
      started,
      dropped,
      late: lateness.filter((value) => value > LATE_START_MS).length,
      lateness_ms: summarize(lateness),
      max_in_flight: maxInFlight,
    },
  }
}
