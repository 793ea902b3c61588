/**
 * Builds the `WHERE` clause of a listing from the filters a caller set, for any placeholder style (`?` for SQLite,
 * `$1…` for PostgreSQL). Column names come from the store's code, never from input; only values are bound.
 */
export interface SqlCondition {
  /** A column or expression followed by its operator, e.g. `kind =` or `started_at >=`. */
  readonly test: string
  /** `undefined` leaves the condition out. */
  readonly value: unknown
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
