/**
 * One seeded pseudo-random generator for everything that must replay exactly: open-loop arrival schedules, the
 * PocketSphinx dither and reproducible property tests. It is mulberry32 (Tommy Ettinger's 32-bit mixer, public
 * domain): tiny, fast and well distributed for simulation and noise, not for secrets. This module imports nothing, so
 * any layer (audio/, text/, engines/, bench/, tests) may use it.
 *
 * @example
 * const random = mulberry32(1)
 * random() // 0.627…, then the same sequence on every machine
 */

/** 32-bit unsigned integers from a 32-bit seed; the raw output, for callers that want bits (e.g. `n % 4`). */
export function mulberry32Uint32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** Uniform numbers in [0, 1) from a 32-bit seed: the 32-bit output divided by 2³². */
export function mulberry32(seed: number): () => number {
  const next = mulberry32Uint32(seed)
  return () => next() / 4294967296
}
