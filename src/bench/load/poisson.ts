/**
 * Arrival times for open-loop load: a Poisson process of rate λ (requests per second), i.e. independent exponential
 * gaps with mean 1/λ drawn by inversion (gap = −ln(1 − U) / λ), from a seeded generator so a schedule can be
 * replayed exactly (mulberry32, from src/util/seeded-random.ts).
 *
 * @example
 * poissonSchedule({ ratePerSecond: 5, maxArrivals: 100, maxSeconds: 30, seed: 1 }) // [212.4, 251.0, …] ms from start
 */
import { mulberry32 } from '../../util/seeded-random.js'

export interface PoissonScheduleOptions {
  readonly ratePerSecond: number
  /** At most this many arrivals … */
  readonly maxArrivals: number
  /** … all within this many seconds of the start. */
  readonly maxSeconds: number
  readonly seed: number
}

/** Arrival offsets in milliseconds from the start, ascending. */
export function poissonSchedule(options: PoissonScheduleOptions): number[] {
  const { ratePerSecond, maxArrivals, maxSeconds, seed } = options
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
    throw new RangeError(`rate must be > 0; got ${ratePerSecond}`)
  const random = mulberry32(seed)
  const arrivals: number[] = []
  let at = 0
  while (arrivals.length < maxArrivals) {
    at += (-Math.log(1 - random()) / ratePerSecond) * 1000
    if (at > maxSeconds * 1000) break
    arrivals.push(at)
  }
  return arrivals
}
