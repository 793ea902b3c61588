/**
 * `@name` placeholders for PostgreSQL statements, as the SQLite store writes its own: the store binds a checked
 * record by its field names instead of keeping a `$n` list in step with the SQL. Names come from the store's SQL,
 * never from input.
 *
 * @example
 * bindNamed('INSERT INTO t (a, b, c) VALUES (@a, @now, @now)', { a: 1, now: '2026-05-01T00:00:00.000Z' })
 * // → ['INSERT INTO t (a, b, c) VALUES ($1, $2, $2)', [1, '2026-05-01T00:00:00.000Z']]
 */
import { ChorusError } from '../../errors.js'

/** The statement with `$1…` in place of `@name` (a name used twice binds once) and its values in that order. */
export function bindNamed(sql: string, params: Readonly<Record<string, unknown>>): [text: string, values: unknown[]] {
  const positions = new Map<string, number>()
  const values: unknown[] = []
  const text = sql.replace(/@([a-z_]+)/g, (_placeholder, name: string) => {
    let position = positions.get(name)
    if (position === undefined) {
      if (!Object.hasOwn(params, name)) throw new ChorusError('CHORUS_ERR_INTERNAL', { reason: `SQL @${name} unbound` })
      position = values.push(params[name])
      positions.set(name, position)
    }
    return `$${position}`
  })
  return [text, values]
}
