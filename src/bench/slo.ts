/**
 * Service-level objectives as written on the command line (`--slo ttfa=300ms --slo p95=2s --slo error_rate=1%`),
 * parsed strictly against a table of what can be held to a limit. Two scopes:
 *
 * - **per request** (`ttfa`, `latency`): each request meets it or not; requests meeting every per-request SLO are the
 *   *goodput* (per wall second, and as a fraction of the requests attempted).
 * - **aggregate** (latency and TTFA percentiles, `error_rate`, `rtf`, `goodput`, `throughput`, `tokens_per_second`):
 *   judged once over the measured requests, each becoming a criterion of the bench verdict (src/bench/verdict.ts).
 *
 * Units are never guessed: durations need `ms` or `s`, fractions `%`, and plain numbers take no unit.
 *
 * @example
 * parseSlo('ttfa=300ms')     // { name: 'ttfa', scope: 'request', threshold: 300, ... }
 * parseSlo('error_rate=1%')  // threshold 0.01
 * parseSlo('p95=2')          // throws CHORUS_ERR_CLI_USAGE: give a unit …
 */
import { closestKey } from '../config/suggest.js'
import { ChorusError } from '../errors.js'
import type { Bound } from './verdict.js'

export type SloUnit = 'duration' | 'fraction' | 'number'
export type SloScope = 'request' | 'aggregate'

/** The figures aggregate SLOs read (a subset of a step's or the whole run's metrics). */
export interface SloFigures {
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number }
  readonly ttfaMs: { readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number }
  readonly errorRate: number
  readonly rtf: number | null
  readonly goodputFraction: number
  readonly throughputRps: number
  readonly tokensPerSecond: number | null
}

interface SloMetric {
  readonly scope: SloScope
  readonly unit: SloUnit
  readonly bound: Bound
  readonly description: string
  /** Aggregate SLOs: the measured value. */
  readonly measure?: (figures: SloFigures) => number | null
}

const latencyPercentile = (key: 'p50' | 'p90' | 'p95' | 'p99'): SloMetric => ({
  scope: 'aggregate',
  unit: 'duration',
  bound: 'max',
  description: `${key} of request latency (ms)`,
  measure: (figures) => figures.latencyMs[key],
})
const ttfaPercentile = (key: 'p50' | 'p90' | 'p95' | 'p99'): SloMetric => ({
  scope: 'aggregate',
  unit: 'duration',
  bound: 'max',
  description: `${key} of time to first audio (ms; first token for chat)`,
  measure: (figures) => figures.ttfaMs[key],
})

export const SLO_METRICS = {
  ttfa: { scope: 'request', unit: 'duration', bound: 'max', description: 'time to first audio of each request (ms)' },
  latency: { scope: 'request', unit: 'duration', bound: 'max', description: 'latency of each request (ms)' },
  p50: latencyPercentile('p50'),
  p90: latencyPercentile('p90'),
  p95: latencyPercentile('p95'),
  p99: latencyPercentile('p99'),
  ttfa_p50: ttfaPercentile('p50'),
  ttfa_p90: ttfaPercentile('p90'),
  ttfa_p95: ttfaPercentile('p95'),
  ttfa_p99: ttfaPercentile('p99'),
  error_rate: {
    scope: 'aggregate',
    unit: 'fraction',
    bound: 'max',
    description: 'failed requests / requests',
    measure: (figures) => figures.errorRate,
  },
  rtf: {
    scope: 'aggregate',
    unit: 'number',
    bound: 'max',
    description: 'real-time factor: processing seconds per audio second',
    measure: (figures) => figures.rtf,
  },
  goodput: {
    scope: 'aggregate',
    unit: 'fraction',
    bound: 'min',
    description: 'requests meeting every per-request SLO / requests attempted',
    measure: (figures) => figures.goodputFraction,
  },
  throughput: {
    scope: 'aggregate',
    unit: 'number',
    bound: 'min',
    description: 'successful requests per second',
    measure: (figures) => figures.throughputRps,
  },
  tokens_per_second: {
    scope: 'aggregate',
    unit: 'number',
    bound: 'min',
    description: 'chat: median per-request decode rate (tokens/s)',
    measure: (figures) => figures.tokensPerSecond,
  },
} as const satisfies Record<string, SloMetric>

export type SloName = keyof typeof SLO_METRICS

export interface Slo {
  readonly name: SloName
  readonly scope: SloScope
  readonly bound: Bound
  /** Milliseconds for durations, a fraction (0.01) for percentages, else the number as written. */
  readonly threshold: number
  /** As written, e.g. `ttfa=300ms`. */
  readonly text: string
}

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

const EXAMPLES: Readonly<Record<SloUnit, string>> = { duration: '300ms or 0.3s', fraction: '1% or 0.5%', number: '0.5' }

/** Parses one value in the unit its metric requires; throws CHORUS_ERR_CLI_USAGE naming the fix. */
export function parseSloValue(name: string, unit: SloUnit, value: string): number {
  const hint = `--slo ${name}= expects ${unit === 'duration' ? 'a duration' : unit === 'fraction' ? 'a percentage' : 'a plain number'}, e.g. ${name}=${EXAMPLES[unit].split(' or ')[0]}`
  const number = '(\\d+(?:\\.\\d+)?|\\.\\d+)'
  if (unit === 'duration') {
    const match = new RegExp(`^${number}(ms|s)$`).exec(value)
    if (!match) {
      const bare = new RegExp(`^${number}$`).test(value)
      throw usage(`${hint}; got "${value}"${bare ? ' (give a unit: ms or s)' : ''}`)
    }
    return Number(match[1]) * (match[2] === 's' ? 1000 : 1)
  }
  if (unit === 'fraction') {
    const match = new RegExp(`^${number}%$`).exec(value)
    if (!match)
      throw usage(`${hint}; got "${value}"${new RegExp(`^${number}$`).test(value) ? ' (write it with %)' : ''}`)
    const fraction = Number(match[1]) / 100
    if (fraction > 1) throw usage(`--slo ${name}=${value}: a percentage is at most 100%`)
    return fraction
  }
  if (!new RegExp(`^${number}$`).test(value)) throw usage(`${hint}; got "${value}" (no unit)`)
  return Number(value)
}

/** `name=value` → an SLO. */
export function parseSlo(text: string): Slo {
  const match = /^\s*([A-Za-z0-9_]+)\s*=\s*(\S+)\s*$/.exec(text)
  if (!match) throw usage(`--slo expects name=value, e.g. ttfa=300ms or p95=2s; got "${text}"`)
  const [, rawName, value] = match as unknown as [string, string, string]
  const name = rawName.toLowerCase()
  if (!Object.hasOwn(SLO_METRICS, name)) {
    const guess = closestKey(name, Object.keys(SLO_METRICS))
    throw usage(
      `--slo: unknown objective \`${rawName}\`${guess ? `; did you mean \`${guess}\`?` : ''} Objectives: ${Object.keys(SLO_METRICS).join(', ')}`,
    )
  }
  const metric: SloMetric = SLO_METRICS[name as SloName]
  return {
    name: name as SloName,
    scope: metric.scope,
    bound: metric.bound,
    threshold: parseSloValue(name, metric.unit, value),
    text: `${name}=${value}`,
  }
}

/** Parses every SLO; one name given twice is a usage error. */
export function parseSlos(texts: readonly string[]): Slo[] {
  const slos = texts.map(parseSlo)
  const seen = new Set<string>()
  for (const slo of slos) {
    if (seen.has(slo.name)) throw usage(`--slo ${slo.name} is given twice`)
    seen.add(slo.name)
  }
  return slos
}

/** Whether one request meets every per-request SLO (a request that failed never does). */
export function meetsRequestSlos(
  outcome: { readonly ok: boolean; readonly latencyMs: number; readonly ttfaMs: number | null },
  slos: readonly Slo[],
): boolean {
  if (!outcome.ok) return false
  for (const slo of slos) {
    if (slo.name === 'ttfa' && !(outcome.ttfaMs !== null && outcome.ttfaMs <= slo.threshold)) return false
    if (slo.name === 'latency' && !(outcome.latencyMs <= slo.threshold)) return false
  }
  return true
}

/** The measured value of an aggregate SLO. */
export function measureSlo(slo: Slo, figures: SloFigures): number | null {
  const metric: SloMetric = SLO_METRICS[slo.name]
  const value = metric.measure?.(figures)
  return value === undefined || value === null || !Number.isFinite(value) ? null : value
}

export function describeSlo(name: SloName): string {
  return SLO_METRICS[name].description
}
