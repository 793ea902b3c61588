/**
 * `chorus doctor --wait`: checks again, every `intervalMs`, what failed in the last round until everything passes or
 * `timeoutMs` has passed since the start. Bounded both ways: at most ⌈timeout / interval⌉ + 1 rounds, and checks
 * still running when the time is up are stopped (their rows say so). Without waiting it is one round.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { ChorusError } from '../errors.js'
import type { Doctor, RoundReport } from './doctor.js'
import type { DoctorReport } from './report.js'

export interface WaitOptions {
  /** Keep trying until everything passes (or the time is up); otherwise run one round. */
  readonly wait: boolean
  readonly intervalMs: number
  readonly timeoutMs: number
  /** Ctrl-C: stops at once with `CHORUS_ERR_ABORTED`. */
  readonly signal: AbortSignal
  /** After each round that leaves something failing and will be retried. */
  readonly onRetry?: (report: RoundReport, round: number, elapsedMs: number) => void
}

export async function runDoctor(doctor: Doctor, options: WaitOptions): Promise<DoctorReport> {
  const started = performance.now()
  const deadline = new AbortController()
  const timer = options.wait
    ? setTimeout(
        () => deadline.abort(new Error(`the --wait timeout of ${options.timeoutMs / 1000} s ran out`)),
        options.timeoutMs,
      )
    : undefined
  const signal = AbortSignal.any([options.signal, deadline.signal])
  const maxRounds = options.wait ? Math.ceil(options.timeoutMs / options.intervalMs) + 1 : 1
  const elapsed = (): number => Math.round(performance.now() - started)
  try {
    let report = await doctor.round(signal)
    let rounds = 1
    while (!report.ok && rounds < maxRounds && !signal.aborted) {
      options.onRetry?.(report, rounds, elapsed())
      try {
        await sleep(options.intervalMs, undefined, { signal })
      } catch {
        break
      }
      report = await doctor.round(signal, report)
      rounds += 1
    }
    if (options.signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: options.signal.reason })
    return { ...report, rounds, elapsedMs: elapsed() }
  } finally {
    clearTimeout(timer)
  }
}
