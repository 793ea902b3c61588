/**
 * autocannon (a dev dependency, CommonJS, no type declarations) as a reference load generator: a closed loop of
 * `connections` keep-alive connections sending the same request until `amount` responses or `maxSeconds`.
 *
 * Latencies and completion times are taken from its per-response events rather than its summary, because the summary
 * records latency in whole milliseconds (its HDR histogram's lowest discernible value is 1 ms) and is only produced at
 * its next once-a-second sampling tick; here every latency keeps autocannon's own hrtime precision and throughput is
 * completed responses over the time from start to the last response, measured the same way as for our loop.
 */
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

/** The part of autocannon's API used here. */
interface AutocannonOptions {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly connections: number
  readonly amount: number
  /** Seconds before a request counts as timed out. */
  readonly timeout: number
  /** Milliseconds between its sampling ticks; it notices the end of a run only on a tick. */
  readonly sampleInt: number
}

interface AutocannonSummary {
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void
  on(event: 'reqError', listener: (error: Error) => void): void
  stop(): void
}

type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonSummary) => void,
) => AutocannonInstance

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export interface AutocannonRunOptions {
  readonly url: string
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  readonly connections: number
  readonly amount: number
  readonly maxSeconds: number
  readonly timeoutSeconds: number
}

export interface AutocannonRun {
  /** Latency of each 2xx response, in ms, in completion order. */
  readonly latenciesMs: number[]
  /** Connection errors, timeouts and non-2xx answers. */
  readonly errorCount: number
  readonly errorSamples: string[]
  /** From the call to the last response. */
  readonly elapsedSeconds: number
  /** This process's CPU time (user + system) over the run. */
  readonly cpuSeconds: number
  readonly stoppedBy: 'requests' | 'time'
}

/** Short enough that the end of a run is noticed promptly; only the summary's per-second histogram uses it. */
const SAMPLE_INTERVAL_MS = 50
const MAX_ERROR_SAMPLES = 5

export async function runAutocannon(options: AutocannonRunOptions): Promise<AutocannonRun> {
  const latenciesMs: number[] = []
  const errorSamples = new Set<string>()
  let non2xxCount = 0
  const cpuAtStart = process.cpuUsage()
  const start = performance.now()
  let end = start
  let timedOut = false
  const summary = await new Promise<AutocannonSummary>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        amount: options.amount,
        timeout: options.timeoutSeconds,
        sampleInt: SAMPLE_INTERVAL_MS,
      },
      (error, result) => {
        clearTimeout(cap)
        if (error) reject(error)
        else resolve(result)
      },
    )
    const cap = setTimeout(() => {
      timedOut = true
      instance.stop()
    }, options.maxSeconds * 1000)
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      end = performance.now()
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(ms)
      else {
        non2xxCount++
        if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(`HTTP ${statusCode}`)
      }
    })
    instance.on('reqError', (error) => {
      if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(error.message)
    })
  })
  const cpu = process.cpuUsage(cpuAtStart)
  return {
    latenciesMs,
    errorCount: summary.errors + Math.max(summary.non2xx, non2xxCount),
    errorSamples: [...errorSamples],
    elapsedSeconds: (end - start) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    stoppedBy: timedOut ? 'time' : 'requests',
  }
}
