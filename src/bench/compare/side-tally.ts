/**
 * Tallies one side's requests as they come back — latencies, time to first audio, failures by kind, warm-up apart —
 * and turns them into the side's statistics (percentiles as src/bench/stats.ts computes them).
 */
import { emptyErrorCounts, type ErrorCounts } from '../error-kinds.js'
import { summarize } from '../stats.js'
import type { RequestOutcome } from '../targets/target.js'
import type { SideStats } from './compare-result.js'
import type { SideTarget } from './open-sides.js'

const MAX_ERROR_SAMPLES = 5

/** `kind: message`, the way failures are listed per prompt and per side. */
export function outcomeError(outcome: RequestOutcome): string {
  return `${outcome.errorKind ?? 'other'}: ${outcome.error ?? 'failed'}`
}

export class SideTally {
  readonly latenciesMs: number[] = []
  readonly ttfasMs: number[] = []
  readonly errorsByKind: ErrorCounts = emptyErrorCounts()
  readonly #errorSamples = new Set<string>()
  readonly #warmupErrorSamples = new Set<string>()
  #requests = 0
  #errors = 0
  #audioSeconds = 0
  #warmupRequests = 0
  #warmupErrors = 0

  warmup(outcome: RequestOutcome): void {
    this.#warmupRequests++
    if (outcome.ok) return
    this.#warmupErrors++
    if (this.#warmupErrorSamples.size < MAX_ERROR_SAMPLES) this.#warmupErrorSamples.add(outcomeError(outcome))
  }

  measured(outcome: RequestOutcome): void {
    this.#requests++
    if (outcome.ok) {
      this.latenciesMs.push(outcome.latencyMs)
      if (outcome.ttfaMs !== null) this.ttfasMs.push(outcome.ttfaMs)
      this.#audioSeconds += outcome.audioSeconds ?? 0
      return
    }
    this.#errors++
    this.errorsByKind[outcome.errorKind ?? 'other']++
    if (this.#errorSamples.size < MAX_ERROR_SAMPLES) this.#errorSamples.add(outcomeError(outcome))
  }

  stats(
    label: string,
    target: SideTarget,
    wer: { readonly corpus: number; readonly meanUtterance: number } | null,
  ): SideStats {
    return {
      label,
      target,
      requests: this.#requests,
      ok: this.#requests - this.#errors,
      errors: this.#errors,
      error_rate: this.#requests > 0 ? this.#errors / this.#requests : null,
      errors_by_kind: { ...this.errorsByKind },
      error_samples: [...this.#errorSamples],
      latency_ms: summarize(this.latenciesMs),
      ttfa_ms: summarize(this.ttfasMs),
      audio_seconds: this.#audioSeconds,
      warmup: {
        requests: this.#warmupRequests,
        errors: this.#warmupErrors,
        error_samples: [...this.#warmupErrorSamples],
      },
      wer: wer?.corpus ?? null,
      mean_utterance_wer: wer?.meanUtterance ?? null,
    }
  }
}
