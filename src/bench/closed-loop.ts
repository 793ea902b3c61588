/**
 * Closed-loop load: `concurrency` workers each send a request, wait for the whole response, then send the next, until
 * `maxRequests` have been started or `maxSeconds` have passed (a request already in flight then finishes, bounded by its
 * own timeout). Throughput is completed requests over the wall time from the first start to the last completion.
 */
import { performance } from 'node:perf_hooks'

export interface ClosedLoopOptions {
  readonly concurrency: number
  readonly maxRequests: number
  readonly maxSeconds: number
  readonly operation: () => Promise<unknown>
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
  readonly stoppedBy: 'requests' | 'time'
}

const MAX_ERROR_SAMPLES = 5

export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const { concurrency, maxRequests, maxSeconds, operation } = options
  const latenciesMs: number[] = []
  const errorSamples = new Set<string>()
  let errorCount = 0
  let started = 0
  const cpuAtStart = process.cpuUsage()
  const start = performance.now()
  const deadline = start + maxSeconds * 1000
  let end = start

  const worker = async (): Promise<void> => {
    while (started < maxRequests && performance.now() < deadline) {
      started++
      const requestStart = performance.now()
      try {
        await operation()
        latenciesMs.push(performance.now() - requestStart)
      } catch (error) {
        errorCount++
        if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add((error as Error).message)
      }
      end = performance.now()
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))

  const elapsedSeconds = (end - start) / 1000
  const cpu = process.cpuUsage(cpuAtStart)
  return {
    latenciesMs,
    errorCount,
    errorSamples: [...errorSamples],
    elapsedSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    requestsPerSecond: elapsedSeconds > 0 ? latenciesMs.length / elapsedSeconds : NaN,
    stoppedBy: started >= maxRequests ? 'requests' : 'time',
  }
}
