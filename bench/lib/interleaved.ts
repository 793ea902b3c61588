/**
 * Several modes of one workload at one concurrency, measured in turns: each mode first gets its unmeasured warm-up,
 * then the modes run closed-loop blocks (`runTimedClosedLoop`) one after another, the first mode rotating each block, until
 * each has its request count or one has used its time cap. Drift in machine load, JIT tier-up and pool start-up then fall
 * on every mode alike instead of on whichever runs first.
 *
 * Blocks are sized evenly and never smaller than `limits.block` nor than two requests per client (400 requests at
 * concurrency 64 → three blocks of 134), so every block runs at full concurrency for a while before it drains.
 *
 * Optional CPU meters (name → cumulative CPU seconds, e.g. a child server's `processCpuSeconds`) are read before and
 * after every block, so each mode is charged only the CPU used while its own blocks ran.
 */
import { runTimedClosedLoop, type ClosedLoopResult } from './timed-closed-loop.js'

export interface InterleaveLimits {
  /** Measured requests per mode. */
  readonly requests: number
  /**
   * Time cap per mode: the sum of its blocks' wall time. Once any mode reaches it no further round starts, so every
   * mode has the same number of blocks; a block is cut short if its own mode's time runs out during it.
   */
  readonly maxSeconds: number
  /** Unmeasured requests per mode before the first block. */
  readonly warmup: number
  /** Smallest block; raised to twice the concurrency when smaller. */
  readonly block: number
}

export interface InterleavedOptions<M extends string> {
  readonly modes: readonly M[]
  readonly concurrency: number
  readonly operations: Readonly<Record<M, () => Promise<unknown>>>
  readonly limits: InterleaveLimits
  readonly cpuMeters?: Readonly<Record<string, () => number>>
}

export interface ModeTotals {
  /** Latency of each successful request, in completion order. */
  readonly latenciesMs: number[]
  readonly errors: number
  /** Failed warm-up requests (not in `errors`); a warm-up where every request fails stops the run instead. */
  readonly warmupErrors: number
  /** The first few distinct messages, warm-up ones prefixed `warm-up: `. */
  readonly errorSamples: string[]
  /** Wall time of this mode's blocks, summed. */
  readonly elapsedSeconds: number
  /** This process's CPU time (user + system, all threads) during the mode's blocks. */
  readonly clientCpuSeconds: number
  /** Each meter's CPU time during the mode's blocks. */
  readonly meteredCpuSeconds: Record<string, number>
  readonly stoppedBy: ClosedLoopResult['stoppedBy']
  readonly blocks: number
}

const MAX_ERROR_SAMPLES = 5

/** Size of the equal blocks, each at least `smallest` (or all of `requests`), that `requests` splits into. */
export function evenBlockSize(requests: number, smallest: number): number {
  return Math.ceil(requests / Math.max(1, Math.floor(requests / smallest)))
}

export async function runInterleaved<M extends string>(options: InterleavedOptions<M>): Promise<Record<M, ModeTotals>> {
  const { modes, concurrency, operations, limits, cpuMeters = {} } = options
  const meterNames = Object.keys(cpuMeters)
  const totals = Object.fromEntries(
    modes.map((mode) => [
      mode,
      {
        latenciesMs: [] as number[],
        errors: 0,
        warmupErrors: 0,
        errorSamples: [] as string[],
        elapsedSeconds: 0,
        clientCpuSeconds: 0,
        meteredCpuSeconds: Object.fromEntries(meterNames.map((name) => [name, 0])),
        stoppedBy: 'requests' as ClosedLoopResult['stoppedBy'],
        blocks: 0,
      },
    ]),
  ) as Record<M, { -readonly [K in keyof ModeTotals]: ModeTotals[K] }>

  for (const mode of modes) {
    const warmup = await runTimedClosedLoop({
      concurrency,
      maxRequests: Math.max(limits.warmup, concurrency),
      maxSeconds: limits.maxSeconds,
      operation: operations[mode],
    })
    if (warmup.latenciesMs.length === 0) {
      throw new Error(`${mode} warm-up at concurrency ${concurrency} failed: ${warmup.errorSamples.join('; ')}`)
    }
    const total = totals[mode]
    total.warmupErrors = warmup.errorCount
    for (const message of warmup.errorSamples) {
      if (total.errorSamples.length < MAX_ERROR_SAMPLES) total.errorSamples.push(`warm-up: ${message}`)
    }
  }

  const blockSize = evenBlockSize(limits.requests, Math.max(limits.block, 2 * concurrency))
  const rounds = Math.ceil(limits.requests / blockSize)
  const readMeters = (): Record<string, number> =>
    Object.fromEntries(meterNames.map((name) => [name, cpuMeters[name]!()]))
  for (let round = 0; round < rounds; round++) {
    // A round starts only while every mode has time left, so all modes end with the same number of blocks.
    if (modes.some((mode) => totals[mode].elapsedSeconds >= limits.maxSeconds)) {
      for (const mode of modes) totals[mode].stoppedBy = 'time'
      break
    }
    const order = [...modes.slice(round % modes.length), ...modes.slice(0, round % modes.length)]
    for (const mode of order) {
      const total = totals[mode]
      const remainingRequests = limits.requests - total.latenciesMs.length - total.errors
      const remainingSeconds = limits.maxSeconds - total.elapsedSeconds
      if (remainingRequests <= 0) continue
      const metersBefore = readMeters()
      const result = await runTimedClosedLoop({
        concurrency,
        maxRequests: Math.min(blockSize, remainingRequests),
        maxSeconds: remainingSeconds,
        operation: operations[mode],
      })
      const metersAfter = readMeters()
      for (const name of meterNames) {
        total.meteredCpuSeconds[name] = (total.meteredCpuSeconds[name] ?? 0) + metersAfter[name]! - metersBefore[name]!
      }
      total.latenciesMs.push(...result.latenciesMs)
      total.errors += result.errorCount
      for (const message of result.errorSamples) {
        if (total.errorSamples.length < MAX_ERROR_SAMPLES && !total.errorSamples.includes(message))
          total.errorSamples.push(message)
      }
      total.elapsedSeconds += result.elapsedSeconds
      total.clientCpuSeconds += result.cpuSeconds
      total.blocks++
      if (result.stoppedBy === 'time') total.stoppedBy = 'time'
    }
  }
  return totals
}
