import assert from 'node:assert/strict'
import { test } from 'node:test'
import { computeMetrics } from '../../src/bench/metrics.js'
import { judgeSlos } from '../../src/bench/run-bench.js'
import { parseSlos } from '../../src/bench/slo.js'
import { percentile, summarize } from '../../src/bench/stats.js'
import type { RequestOutcome } from '../../src/bench/targets/target.js'

const close = (actual: number | null, expected: number, message?: string): void =>
  assert.ok(
    actual !== null && Math.abs(actual - expected) < 1e-9,
    `${message ?? ''} expected ${expected}, got ${actual}`,
  )

function outcome(fields: Partial<RequestOutcome> & Pick<RequestOutcome, 'latencyMs'>): RequestOutcome {
  return {
    kind: 'openai-speech',
    promptId: 'p',
    ok: fields.errorKind === undefined,
    ttfaMs: null,
    firstAudibleMs: null,
    firstByteMs: null,
    audioSeconds: null,
    bytes: 0,
    status: 200,
    ...fields,
  }
}

test('percentiles interpolate between closest ranks (numpy default), checked by hand', () => {
  const values = [50, 15, 40, 20, 35]
  // sorted 15 20 35 40 50; rank h = 4p/100
  close(percentile(values, 40), 29) // h 1.6: 20 + 0.6·15
  close(percentile(values, 50), 35) // h 2
  close(percentile(values, 90), 46) // h 3.6: 40 + 0.6·10
  close(percentile(values, 95), 48) // h 3.8
  close(percentile(values, 99), 49.6) // h 3.96
  close(percentile(values, 0), 15)
  close(percentile(values, 100), 50)
  const summary = summarize([4, 1, 3, 2])
  close(summary.p50, 2.5)
  close(summary.mean, 2.5)
  assert.equal(summary.min, 1)
  assert.equal(summary.max, 4)
  assert.equal(summarize([7]).p99, 7)
  assert.ok(Number.isNaN(summarize([]).p50))
  assert.throws(() => percentile(values, 101), RangeError)
})

// Three successes, two failures, over 2 s of wall time.
const outcomes: RequestOutcome[] = [
  outcome({ latencyMs: 100, ttfaMs: 50, audioSeconds: 1 }),
  outcome({ latencyMs: 200, ttfaMs: 150, audioSeconds: 2 }),
  outcome({ latencyMs: 400, ttfaMs: 350, audioSeconds: 1 }),
  outcome({ latencyMs: 10, status: 503, errorKind: 'http_5xx' }),
  outcome({ latencyMs: 1000, errorKind: 'timeout' }),
]

test('goodput counts requests meeting every per-request SLO, per wall second and as a fraction of attempts', () => {
  const slos = parseSlos(['ttfa=200ms', 'latency=300ms'])
  const metrics = computeMetrics(outcomes, { wallSeconds: 2, slos })
  // #1 (50 ms, 100 ms) and #2 (150 ms, 200 ms) meet both; #3's TTFA is 350 ms; failures never count.
  assert.equal(metrics.goodput.good, 2)
  close(metrics.goodput.rps, 1)
  close(metrics.goodput.fraction, 2 / 5)
  assert.deepEqual(metrics.goodput.slos, ['ttfa=200ms', 'latency=300ms'])
  // Requests an open loop dropped were attempted too.
  close(computeMetrics(outcomes, { wallSeconds: 2, slos, dropped: 3 }).goodput.fraction, 2 / 8)
  // Without per-request SLOs every success is good.
  assert.equal(computeMetrics(outcomes, { wallSeconds: 2, slos: [] }).goodput.good, 3)
  // A latency limit alone lets #1 and #2 through (400 ms is over).
  assert.equal(computeMetrics(outcomes, { wallSeconds: 2, slos: parseSlos(['latency=399ms']) }).goodput.good, 2)
  assert.equal(computeMetrics(outcomes, { wallSeconds: 2, slos: parseSlos(['latency=400ms']) }).goodput.good, 3)
})

test('throughput, error rate, errors by kind, RTF and audio seconds per second, by hand', () => {
  const metrics = computeMetrics(outcomes, { wallSeconds: 2, slos: [] })
  assert.equal(metrics.requests, 5)
  assert.equal(metrics.ok, 3)
  assert.equal(metrics.failed, 2)
  close(metrics.throughput_rps, 1.5)
  close(metrics.error_rate, 0.4)
  assert.equal(metrics.errors.http_5xx, 1)
  assert.equal(metrics.errors.timeout, 1)
  assert.equal(metrics.errors.connect, 0)
  // Σ processing / Σ audio = (0.1 + 0.2 + 0.4) s / (1 + 2 + 1) s
  close(metrics.rtf, 0.175)
  close(metrics.rtf_per_request.p50, 0.1) // per request: 0.1, 0.1, 0.4
  close(metrics.audio_seconds_per_second, 2)
  // Latency and TTFA over the successes only: 100 200 400 and 50 150 350.
  close(metrics.latency_ms.p50, 200)
  close(metrics.latency_ms.p90, 360)
  close(metrics.ttfa_ms.p95, 330)
  close(metrics.latency_ms.mean, 700 / 3)
})

test('chat decode rate is tokens over the time after the first token', () => {
  const chat = (
    latencyMs: number,
    ttfaMs: number,
    tokens: number,
    extra: Partial<RequestOutcome> = {},
  ): RequestOutcome => outcome({ kind: 'openai-chat', latencyMs, ttfaMs, tokens, tokensFrom: 'usage', ...extra })
  const metrics = computeMetrics(
    [
      chat(600, 100, 10), // 20 tokens/s
      chat(1100, 100, 50), // 50 tokens/s
      chat(300, 50, 5, { errorKind: 'reasoning_leak', reasoningLeak: true, contractPass: true }),
      chat(300, 50, 5, { errorKind: 'contract', reasoningLeak: false, contractPass: false }),
    ],
    { wallSeconds: 2, slos: [] },
  )
  const figures = metrics.chat!
  close(figures.tokens_per_second.p50, 35)
  assert.equal(figures.tokens, 70)
  close(figures.output_tokens_per_second, 35)
  assert.equal(figures.reasoning_leaks, 1)
  assert.equal(figures.contract_checked, 2)
  assert.equal(figures.contract_failures, 1)
  assert.equal(figures.tokens_from, 'usage')
})

test('aggregate SLOs become verdict criteria that pass at the limit and fail just past it', () => {
  const metrics = computeMetrics(outcomes, { wallSeconds: 2, slos: [] })
  // p95 of 100 200 400: h = 1.9 → 200 + 0.9·200 = 380
  const passing = judgeSlos(parseSlos(['p95=380ms', 'error_rate=40%', 'rtf=0.18', 'throughput=1.5']), metrics)!
  assert.equal(passing.verdict, 'pass', JSON.stringify(passing.criteria))
  const failing = judgeSlos(parseSlos(['p95=379ms', 'error_rate=40%']), metrics)!
  assert.equal(failing.verdict, 'fail')
  const p95 = failing.criteria.find((item) => item.name === 'p95')!
  assert.equal(p95.pass, false)
  close(p95.value, 380)
  assert.equal(p95.threshold, 379)
  assert.equal(failing.criteria.find((item) => item.name === 'error_rate')!.pass, true)
  // goodput is a floor: 3 of 5 succeeded.
  assert.equal(judgeSlos(parseSlos(['goodput=60%']), metrics)!.verdict, 'pass')
  assert.equal(judgeSlos(parseSlos(['goodput=61%']), metrics)!.verdict, 'fail')
  // Per-request SLOs alone give no verdict.
  assert.equal(judgeSlos(parseSlos(['ttfa=1s']), metrics), null)
  // An objective that could not be measured fails (no TTFA in an empty run).
  const empty = computeMetrics([], { wallSeconds: 0, slos: [] })
  assert.equal(judgeSlos(parseSlos(['ttfa_p95=1s']), empty)!.criteria[0]!.value, null)
  assert.equal(judgeSlos(parseSlos(['ttfa_p95=1s']), empty)!.verdict, 'fail')
})
