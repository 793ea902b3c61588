/**
 * Summary statistics for benchmark samples: count, mean, min, max and percentiles.
 *
 * Percentiles use linear interpolation between closest ranks — Hyndman & Fan (1996) definition 7, the default of
 * numpy.percentile, R's quantile() and Excel's PERCENTILE.INC: for sorted values x[0..n-1] the p-th percentile sits at
 * rank h = (n - 1) · p / 100 and is x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]). With few samples (20 sentences) this
 * moves smoothly between observations instead of jumping the way nearest-rank does.
 *
 * @example summarize([4, 1, 3, 2]).p50 // 2.5
 */

export interface Summary {
  readonly count: number
  readonly mean: number
  readonly min: number
  readonly max: number
  readonly p50: number
  readonly p90: number
  readonly p95: number
  readonly p99: number
}

/** The named method, recorded next to every result so readers know how percentiles were computed. */
export const PERCENTILE_METHOD = 'linear interpolation between closest ranks (Hyndman & Fan type 7, numpy default)'

/** `p` in [0, 100] of values already sorted ascending; NaN for an empty list. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100]; got ${p}`)
  if (sorted.length === 0) return NaN
  const rank = ((sorted.length - 1) * p) / 100
  const below = Math.floor(rank)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!)
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortAscending(values), p)
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN
  let sum = 0
  for (const value of values) sum += value
  return sum / values.length
}

/** Every field is NaN (null once written as JSON) when there are no values. */
export function summarize(values: readonly number[]): Summary {
  const sorted = sortAscending(values)
  return {
    count: sorted.length,
    mean: mean(sorted),
    min: sorted.length > 0 ? sorted[0]! : NaN,
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
  }
}

function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b)
}
