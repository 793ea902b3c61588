/**
 * The verdict every decision command prints (`chorus compare`, `chorus canary`, bench SLO checks): a named outcome and
 * the criteria behind it, each with the measured value, the threshold it was held to and whether it passed — so a
 * script can act on `verdict` and a person can see which criterion tipped it.
 *
 * @example
 * const criteria = [criterion('latency_p95_ratio', 1.08, 1.2, 'max'), criterion('mean_similarity', 0.93, 0.85, 'min')]
 * decide(criteria, 'parity', 'not_parity') // { verdict: 'parity', criteria }
 */

/** How a criterion's value is held to its threshold: `max` passes at or below it, `min` at or above it. */
export type Bound = 'max' | 'min'

export interface Criterion {
  readonly name: string
  /** The measured value; null when it could not be measured (which fails the criterion). */
  readonly value: number | null
  readonly threshold: number
  readonly bound: Bound
  readonly pass: boolean
  /** A short explanation for people (units, what was compared). */
  readonly detail?: string
}

export interface Verdict<V extends string> {
  readonly verdict: V
  readonly criteria: readonly Criterion[]
}

/** A criterion judged now; a value that is null or not finite fails. */
export function criterion(name: string, value: number | null, threshold: number, bound: Bound, detail?: string): Criterion {
  const measured = value !== null && Number.isFinite(value)
  const pass = measured && (bound === 'max' ? value <= threshold : value >= threshold)
  return { name, value: measured ? value : null, threshold, bound, pass, ...(detail === undefined ? {} : { detail }) }
}

/** `good` when every criterion passes (and there is at least one), else `bad`. */
export function decide<G extends string, B extends string>(
  criteria: readonly Criterion[],
  good: G,
  bad: B,
): Verdict<G | B> {
  const verdict = criteria.length > 0 && criteria.every((item) => item.pass) ? good : bad
  return { verdict, criteria }
}
