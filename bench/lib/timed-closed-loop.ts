/**
 * The benchmark scripts' closed loop: `concurrency` workers each run an operation, wait for it, then run the next, until
 * `maxRequests` have been started or `maxSeconds` have passed — the same driver as `chorus bench`
 * (src/bench/load/load-loops.ts `runClosedLoop`), with each operation timed here and a rejection counted as an error.
 * Throughput is completed requests over the wall time from the first start to the last completion.
 */
import { performance } from 'node:perf_hooks'
import { runClosedLoop } from '../../src/bench/load/load-loops.js'

export interface TimedClosedLoopOptions {
  readonly concurrency: number
  readonly maxRequests: number
  readonly maxSeconds: number
  /** Any rejection counts as a failed request. */
  readonly operation: () => Promise<unknown>
  /** Stops starting requests at once (default: never). */
  readonly signal?: AbortSignal
}

export interface ClosedLoopResult {
  /** Latency of each successful request, in completion order. */
  readonly latenciesMs: number[]
  readonly errorCount: number
  /** The first few distinct error messages. */
  readonly errorSamples: string[]
  readonly elapsedSeconds: number
  /** User + system CPU time of this whole process (main and worker threads) over the loop. */
  readonly cpuSeconds: number
  readonly requestsPerSecond: number
  readonly stoppedBy: 'requests' | 'time' | 'aborted'
}

type TimedOutcome = { readonly latencyMs: number } | { readonly error: string }

const MAX_ERROR_SAMPLES = 5

export async function runTimedClosedLoop(options: TimedClosedLoopOptions): Promise<ClosedLoopResult> {
  const { concurrency, maxRequests, maxSeconds, operation, signal = new AbortController().signal } = options
  const send = async (): Promise<TimedOutcome> => {
    const requestStart = performance.now()
    try {
      await operation()
      return { latencyMs: performance.now() - requestStart }
    } catch (error) {
      return { error: (error as Error).message }
    }
  }
  const cpuAtStart = process.cpuUsage()
  const result = await runClosedLoop({ concurrency, maxRequests, maxSeconds, signal, send })
  const cpu = process.cpuUsage(cpuAtStart)

  const latenciesMs: number[] = []
  const errorSamples = new Set<string>()
  let errorCount = 0
  for (const outcome of result.outcomes) {
    if ('latencyMs' in outcome) {
      latenciesMs.push(outcome.latencyMs)
      continue
    }
    errorCount++
    if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(outcome.error)
  }
  return {
    latenciesMs,
    errorCount,
    errorSamples: [...errorSamples],
    elapsedSeconds: result.wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    requestsPerSecond: result.wallSeconds > 0 ? latenciesMs.length / result.wallSeconds : NaN,
    stoppedBy: result.stoppedBy,
  }
}
