/**
 * Builds the `WHERE` clause of a listing from the filters a caller set, for any placeholder style (`?` for SQLite,
 * `$1…` for PostgreSQL), and the conditions of each listing. Column names come from the store's code, never from
 * input; only values are bound.
 */
import type {
  CheckedAudioResultFilter,
  CheckedCanaryResultFilter,
  CheckedRatingFilter,
  CheckedRunFilter,
} from './store-inputs.js'

export interface SqlCondition {
  /** A column or expression followed by its operator, e.g. `kind =` or `started_at >=`. */
  readonly test: string
  /** `undefined` leaves the condition out. */
  readonly value: unknown
}

/** The page of a listing; no limit: all rows. */
export interface Page {
  readonly limit?: number
  readonly offset?: number
}

export function whereClause(
  conditions: readonly SqlCondition[],
  placeholder: (position: number) => string,
  values: unknown[] = [],
): { sql: string; values: unknown[] } {
  const parts: string[] = []
  for (const condition of conditions) {
    if (condition.value === undefined) continue
    values.push(condition.value)
    parts.push(`${condition.test} ${placeholder(values.length)}`)
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', values }
}

/** What each listing filters on, the same in every dialect; `boolean` is how the dialect binds `pass`. */
export const runConditions = (filter: CheckedRunFilter): SqlCondition[] => [
  { test: 'kind =', value: filter.kind },
  { test: 'started_at >=', value: filter.since },
]

export const audioResultConditions = (
  filter: CheckedAudioResultFilter,
  boolean: (value: boolean) => unknown = (value) => value,
): SqlCondition[] => [
  { test: 'dataset =', value: filter.dataset },
  { test: 'run_id =', value: filter.run_id },
  { test: 'pass =', value: filter.pass === undefined ? undefined : boolean(filter.pass) },
  { test: 'backend =', value: filter.backend },
  { test: 'voice =', value: filter.voice },
]

export const ratingConditions = (filter: CheckedRatingFilter): SqlCondition[] => [
  { test: 'file_hash =', value: filter.file_hash },
  { test: 'dataset =', value: filter.dataset },
  { test: 'rater =', value: filter.rater },
]

export const canaryResultConditions = (filter: CheckedCanaryResultFilter): SqlCondition[] => [
  { test: 'baseline_name =', value: filter.baseline_name },
  { test: 'verdict =', value: filter.verdict },
  { test: 'created_at >=', value: filter.since },
]
