/**
 * Which PostgreSQL failures mean "the store is unavailable" (server down, refused login, missing database, too many
 * connections, no right to create the schema) rather than a bug, by SQLSTATE class and Node socket error code.
 */
import { ChorusError } from '../../errors.js'

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
])
// 08 connection exception, 28 invalid authorization, 3D invalid catalog (no such database), 53 insufficient
// resources (too many connections), 57P0x operator intervention (shutdown), 42501 insufficient privilege.
const UNAVAILABLE_SQLSTATE = /^(08|28|3D|53|57P0)/

/** SQLSTATE 23503: an insert names a row that is not there. */
export const isForeignKeyViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23503'

export function translatePostgresError(error: unknown, store: string, context: { schema?: string } = {}): unknown {
  if (error instanceof ChorusError) return error
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  const unavailable = (reason: string): ChorusError =>
    new ChorusError('CHORUS_ERR_STORE_UNAVAILABLE', { store, reason }, { cause: error })
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return unavailable(message)
    if (code === '42501' && context.schema) {
      return unavailable(
        `${message}; grant CREATE on the database, create schema \`${context.schema}\` beforehand, or pick one you own with ?schema=`,
      )
    }
  }
  // pg reports a dropped connection and a connect timeout as plain Errors without a code.
  if (/Connection terminated|timeout exceeded when trying to connect|connection timeout/i.test(message))
    return unavailable(message)
  return error
}
