/**
 * Settings of the PostgreSQL result store, and the few `pg` shapes it uses, written out structurally (as kysely's
 * `PostgresPool`) so the rest of Chorus compiles and runs without `pg` until a postgres URL is opened. Any pool with
 * these methods works: `pg.Pool`, or a wrapper that adds tracing.
 */
import { checkSchemaName, DEFAULT_POSTGRES_SCHEMA } from '../store-url.js'
import { ChorusError } from '../../errors.js'

export interface PostgresQueryResult {
  readonly rows: Record<string, unknown>[]
  readonly rowCount: number | null
}

export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>
}

export interface PostgresPoolClient extends PostgresQueryable {
  /** Pass the error when the connection is broken, so the pool discards it instead of reusing it. */
  release(error?: Error | boolean): void
}

export interface PostgresPool extends PostgresQueryable {
  connect(): Promise<PostgresPoolClient>
  end(): Promise<void>
}

export interface PostgresStoreConfig {
  /** `postgres://user:password@host:5432/database`; used when no `pool` is given. */
  readonly connectionString?: string
  /** A pool the caller made (and keeps: `close()` does not end it). */
  readonly pool?: PostgresPool
  /** The schema holding Chorus's tables, created when missing. */
  readonly schema?: string
  /** Largest number of connections the store's own pool opens. */
  readonly maxConnections?: number
  /** How long opening a connection may take before the store reports itself unavailable, in milliseconds. */
  readonly connectTimeoutMs?: number
}

export interface ResolvedPostgresStoreConfig {
  readonly connectionString: string | undefined
  readonly pool: PostgresPool | undefined
  readonly schema: string
  readonly maxConnections: number
  readonly connectTimeoutMs: number
}

export const postgresStoreDefaults = {
  schema: DEFAULT_POSTGRES_SCHEMA,
  maxConnections: 10,
  connectTimeoutMs: 10_000,
} as const

export function resolvePostgresStoreConfig(config: PostgresStoreConfig): ResolvedPostgresStoreConfig {
  const merged = { ...postgresStoreDefaults, ...config }
  if (!merged.pool && !merged.connectionString) {
    throw new ChorusError('CHORUS_ERR_STORE_URL_INVALID', {
      url: '',
      reason: 'the PostgreSQL store needs a `connectionString` (postgres://…) or a `pool`',
    })
  }
  for (const [param, value, least] of [
    ['maxConnections', merged.maxConnections, 1],
    ['connectTimeoutMs', merged.connectTimeoutMs, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < least) {
      throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param, reason: `expected a whole number ≥ ${least}` })
    }
  }
  return Object.freeze({
    connectionString: merged.connectionString,
    pool: merged.pool,
    schema: checkSchemaName(merged.schema),
    maxConnections: merged.maxConnections,
    connectTimeoutMs: merged.connectTimeoutMs,
  })
}
