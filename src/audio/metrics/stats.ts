/**
 * The few descriptive statistics the signal metrics need, with NumPy's conventions so numbers match a Python
 * notebook: population standard deviation (`np.std`, ddof = 0) and linearly interpolated percentiles
 * (`np.percentile`, method "linear").
 */

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return sum / values.length
}

/** Population standard deviation, as `np.std(values)`. NaN for no values. */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN
  const average = mean(values)
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += (values[i]! - average) ** 2
  return Math.sqrt(sum / values.length)
}

/**
 * The `p`-th percentile (0–100) with linear interpolation between the closest ranks, as `np.percentile(values, p)`.
 * NaN for no values.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return NaN
  const sorted = Float64Array.from(values).sort()
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1)
  const below = Math.floor(rank)
  const above = Math.min(sorted.length - 1, below + 1)
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!)
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50)
}
