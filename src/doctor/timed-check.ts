/**
 * Runs one check with its own time limit, so a backend that accepts a connection and then says nothing cannot stall
 * the report: past the limit the check fails with "no answer within N ms" even if the work under it (an engine's
 * `health()`, which takes no signal) has not returned yet. Errors become a failed row naming their code.
 */
import { ChorusError } from '../errors.js'
import type { CheckResult, CheckStatus } from './report.js'

export interface CheckOutcome {
  readonly status: CheckStatus
  readonly detail: string
}

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail })
export const fail = (detail: string): CheckOutcome => ({ status: 'fail', detail })
export const skip = (detail: string): CheckOutcome => ({ status: 'skip', detail })

/** One line: `CODE: message` for coded errors, the message otherwise. */
export function describeError(error: unknown): string {
  const text =
    error instanceof ChorusError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message || error.name
        : String(error)
  return text.replace(/\s+/g, ' ').trim()
}

function abortedWith(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const onAbort = (): void => reject(signal.reason)
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Why a check stopped early: its own limit, or the caller's signal (Ctrl-C, the `--wait` deadline). */
class CheckTimeout extends Error {}

export async function timedCheck(
  name: string,
  timeoutMs: number,
  signal: AbortSignal,
  run: (signal: AbortSignal) => Promise<CheckOutcome>,
): Promise<CheckResult> {
  const started = performance.now()
  const limit = new AbortController()
  const timer = setTimeout(() => limit.abort(new CheckTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs)
  const combined = AbortSignal.any([signal, limit.signal])
  let outcome: CheckOutcome
  const running = run(combined)
  // A check cut off by its limit may still reject later; that late failure has nobody left to tell.
  running.catch(() => undefined)
  try {
    outcome = await Promise.race([running, abortedWith(combined)])
  } catch (error) {
    if (limit.signal.aborted) outcome = fail((limit.signal.reason as Error).message)
    else if (signal.aborted) outcome = fail(`stopped: ${describeError(signal.reason)}`)
    else outcome = fail(describeError(error))
  } finally {
    clearTimeout(timer)
  }
  return { name, status: outcome.status, ms: Math.round(performance.now() - started), detail: outcome.detail }
}
