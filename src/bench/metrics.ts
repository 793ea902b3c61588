/**
 * Turns request outcomes into the figures a bench reports, as JSON-ready snake_case objects:
 *
 * - latency, TTFA, first audible sample and first byte: {@link Summary} (mean, min, max, p50/p90/p95/p99) over the
 *   requests that succeeded — a fast failure is not a fast answer;
 * - real-time factor `rtf` = Σ processing seconds / Σ audio seconds over successful requests (audio generated for
 *   speech, audio sent for transcriptions; below 1 is faster than real time), and its per-request distribution;
 * - audio seconds per wall second, throughput (successful requests per wall second);
 * - errors counted by kind and the error rate (failed / attempted);
 * - goodput: requests meeting every per-request SLO (./slo.ts) per wall second, and as a fraction of the requests
 *   attempted plus those an open loop dropped;
 * - for chat: tokens, the per-request decode rate tokens / (latency − time to first token), output tokens per wall
 *   second, reasoning leaks and contract failures.
 */
import { emptyErrorCounts, type ErrorCounts, type ErrorKind } from './error-kinds.js'
import { meetsRequestSlos, type Slo, type SloFigures } from './slo.js'
import { summarize, type Summary } from './stats.js'
import type { RequestOutcome } from './targets/target.js'

export interface ChatMetrics {
  readonly tokens: number
  /** Per request: tokens / (latency − time to first token), in tokens per second. */
  readonly tokens_per_second: Summary
  /** All tokens over the wall time. */
  readonly output_tokens_per_second: number
  readonly tokens_from: 'usage' | 'deltas' | 'mixed' | null
  readonly reasoning_leaks: number
  readonly contract_checked: number
  readonly contract_failures: number
}

export interface BenchMetrics {
  /** Requests sent (succeeded + failed). */
  readonly requests: number
  readonly ok: number
  readonly failed: number
  /** Open-loop arrivals not sent (in-flight cap reached). */
  readonly dropped: number
  readonly wall_seconds: number
  readonly latency_ms: Summary
  readonly ttfa_ms: Summary
  readonly first_audible_ms: Summary
  readonly first_byte_ms: Summary
  readonly rtf: number | null
  readonly rtf_per_request: Summary
  readonly audio_seconds: number
  readonly audio_seconds_per_second: number | null
  readonly throughput_rps: number
  readonly errors: ErrorCounts
  readonly error_rate: number | null
  readonly goodput: {
    readonly good: number
    readonly rps: number
    readonly fraction: number | null
    /** The per-request SLOs goodput was judged by (none: every successful request is good). */
    readonly slos: readonly string[]
  }
  readonly chat?: ChatMetrics
}

export interface ErrorSample {
  readonly kind: ErrorKind
  readonly message: string
  readonly count: number
}

const numbers = (values: readonly (number | null | undefined)[]): number[] =>
  values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value))

function chatMetrics(outcomes: readonly RequestOutcome[], wallSeconds: number): ChatMetrics | undefined {
  const chats = outcomes.filter((outcome) => outcome.kind === 'openai-chat')
  if (chats.length === 0) return undefined
  const withTokens = chats.filter((outcome) => outcome.tokens !== undefined)
  const tokens = withTokens.reduce((sum, outcome) => sum + outcome.tokens!, 0)
  const rates = numbers(
    chats
      .filter((outcome) => outcome.ok && outcome.tokens !== undefined && outcome.ttfaMs !== null)
      .map((outcome) => {
        const generating = (outcome.latencyMs - outcome.ttfaMs!) / 1000
        return generating > 0 ? outcome.tokens! / generating : null
      }),
  )
  const sources = new Set(withTokens.map((outcome) => outcome.tokensFrom))
  return {
    tokens,
    tokens_per_second: summarize(rates),
    output_tokens_per_second: wallSeconds > 0 ? tokens / wallSeconds : NaN,
    tokens_from: sources.size === 0 ? null : sources.size > 1 ? 'mixed' : [...sources][0]!,
    reasoning_leaks: chats.filter((outcome) => outcome.reasoningLeak === true).length,
    contract_checked: chats.filter((outcome) => outcome.contractPass !== undefined).length,
    contract_failures: chats.filter((outcome) => outcome.contractPass === false).length,
  }
}

export function computeMetrics(
  outcomes: readonly RequestOutcome[],
  options: { readonly wallSeconds: number; readonly slos: readonly Slo[]; readonly dropped?: number },
): BenchMetrics {
  const { wallSeconds, slos } = options
  const dropped = options.dropped ?? 0
  const succeeded = outcomes.filter((outcome) => outcome.ok)
  const errors = emptyErrorCounts()
  for (const outcome of outcomes) if (!outcome.ok) errors[outcome.errorKind ?? 'other'] += 1
  const withAudio = succeeded.filter((outcome) => outcome.audioSeconds !== null && outcome.audioSeconds > 0)
  const audioSeconds = withAudio.reduce((sum, outcome) => sum + outcome.audioSeconds!, 0)
  const processingSeconds = withAudio.reduce((sum, outcome) => sum + outcome.latencyMs / 1000, 0)
  const good = outcomes.filter((outcome) => meetsRequestSlos(outcome, slos)).length
  const perRequest = slos.filter((slo) => slo.scope === 'request').map((slo) => slo.text)
  const attempted = outcomes.length + dropped
  const chat = chatMetrics(outcomes, wallSeconds)
  return {
    requests: outcomes.length,
    ok: succeeded.length,
    failed: outcomes.length - succeeded.length,
    dropped,
    wall_seconds: wallSeconds,
    latency_ms: summarize(succeeded.map((outcome) => outcome.latencyMs)),
    ttfa_ms: summarize(numbers(succeeded.map((outcome) => outcome.ttfaMs))),
    first_audible_ms: summarize(numbers(succeeded.map((outcome) => outcome.firstAudibleMs))),
    first_byte_ms: summarize(numbers(succeeded.map((outcome) => outcome.firstByteMs))),
    rtf: audioSeconds > 0 ? processingSeconds / audioSeconds : null,
    rtf_per_request: summarize(withAudio.map((outcome) => outcome.latencyMs / 1000 / outcome.audioSeconds!)),
    audio_seconds: audioSeconds,
    audio_seconds_per_second: wallSeconds > 0 && withAudio.length > 0 ? audioSeconds / wallSeconds : null,
    throughput_rps: wallSeconds > 0 ? succeeded.length / wallSeconds : 0,
    errors,
    error_rate: outcomes.length > 0 ? (outcomes.length - succeeded.length) / outcomes.length : null,
    goodput: {
      good,
      rps: wallSeconds > 0 ? good / wallSeconds : 0,
      fraction: attempted > 0 ? good / attempted : null,
      slos: perRequest,
    },
    ...(chat ? { chat } : {}),
  }
}

/** What aggregate SLOs are judged on. */
export function sloFigures(metrics: BenchMetrics): SloFigures {
  return {
    latencyMs: metrics.latency_ms,
    ttfaMs: metrics.ttfa_ms,
    errorRate: metrics.error_rate ?? NaN,
    rtf: metrics.rtf,
    goodputFraction: metrics.goodput.fraction ?? NaN,
    throughputRps: metrics.throughput_rps,
    tokensPerSecond: metrics.chat ? metrics.chat.tokens_per_second.p50 : null,
  }
}

/** The most frequent error messages by kind (message texts vary; the first 160 characters are compared). */
export function errorSamples(outcomes: readonly RequestOutcome[], limit = 10): ErrorSample[] {
  const counts = new Map<string, ErrorSample>()
  for (const outcome of outcomes) {
    if (outcome.ok) continue
    const kind = outcome.errorKind ?? 'other'
    const message = (outcome.error ?? '').slice(0, 160)
    const key = `${kind}\u0000${message}`
    const previous = counts.get(key)
    counts.set(key, { kind, message, count: (previous?.count ?? 0) + 1 })
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, limit)
}
