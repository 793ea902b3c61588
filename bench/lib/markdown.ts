/**
 * Tiny Markdown builders for benchmark reports: GitHub-flavoured tables, fixed-precision numbers and the columns every
 * per-mode latency table starts with.
 */
import type { Summary } from '../../src/bench/stats.js'

export type Cell = string | number

/** A number with `digits` decimals; NaN and ±Infinity print as "–" so a missing figure is never mistaken for zero. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–'
}

/** Numbers are right-aligned, text left-aligned, judged by the first row. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const escape = (cell: Cell): string => String(cell).replaceAll('|', '\\|')
  const numeric = headers.map((_, column) => /^[-+]?[\d.,–×%]+[a-z%×]*$/i.test(String(rows[0]?.[column] ?? '')))
  const lines = [
    `| ${headers.map(escape).join(' | ')} |`,
    `|${numeric.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ]
  return lines.join('\n')
}

/** One mode at one concurrency of a closed-loop benchmark, as its latency table needs it. */
export interface LatencyRow {
  readonly concurrency: number
  readonly mode: string
  readonly requests: number
  readonly errors: number
  readonly requestsPerSecond: number
  readonly latencyMs: Summary
}

/** The first columns of a per-mode latency table; a benchmark appends its own (CPU …). */
export const LATENCY_HEADERS: readonly string[] = [
  'Concurrency',
  'Mode',
  'Requests',
  'Errors',
  'req/s',
  'p50 ms',
  'p90 ms',
  'p99 ms',
  'mean ms',
  'max ms',
]

/** A row's cells under {@link LATENCY_HEADERS}: req/s with one decimal, latencies with two. */
export function latencyCells(row: LatencyRow): Cell[] {
  const { latencyMs } = row
  return [
    row.concurrency,
    row.mode,
    row.requests,
    row.errors,
    fixed(row.requestsPerSecond, 1),
    ...[latencyMs.p50, latencyMs.p90, latencyMs.p99, latencyMs.mean, latencyMs.max].map((value) => fixed(value, 2)),
  ]
}
