/**
 * Opens the PostgreSQL result store. `pg` is imported here, on first use, never by the rest of Chorus; a caller that
 * already has a pool passes it as `pool` and keeps ownership of it.
 *
 * @example
 * const store = await createPostgresResultStore({ connectionString: 'postgres://chorus@db:5432/lab', schema: 'chorus' })
 */
import { ChorusError } from '../../errors.js'
import type { ResultStore } from '../result-store.js'
import { redactStoreUrl } from '../store-url.js'
import { resolvePostgresStoreConfig, type PostgresPool, type PostgresStoreConfig } from './postgres-config.js'
import { migratePostgres } from './postgres-migrations.js'
import { PostgresResultStore } from './postgres-result-store.js'

export type { PostgresPool, PostgresPoolClient, PostgresQueryResult, PostgresStoreConfig } from './postgres-config.js'
export { POSTGRES_SCHEMA_VERSION, postgresMigrations } from './postgres-migrations.js'

interface PgPoolOptions {
  connectionString: string
  max: number
  connectionTimeoutMillis: number
}

/** The part of the `pg` module the store uses. */
interface PgModule {
  Pool: new (options: PgPoolOptions) => PostgresPool & { on(event: 'error', listener: (error: Error) => void): unknown }
}

async function loadPg(store: string): Promise<PgModule> {
  try {
    return (await import('pg')) as unknown as PgModule
  } catch (error) {
    throw new ChorusError(
      'CHORUS_ERR_STORE_UNAVAILABLE',
      { store, reason: 'the `pg` package cannot be loaded; install it with `npm install pg`' },
      { cause: error },
    )
  }
}

export async function createPostgresResultStore(config: PostgresStoreConfig): Promise<ResultStore> {
  const settings = resolvePostgresStoreConfig(config)
  const where = settings.connectionString ? redactStoreUrl(settings.connectionString) : 'postgres (pool)'
  const store = `${where} schema ${settings.schema}`
  let pool = settings.pool
  const ownsPool = pool === undefined
  if (!pool) {
    const { Pool } = await loadPg(store)
    const created = new Pool({
      connectionString: settings.connectionString!,
      max: settings.maxConnections,
      connectionTimeoutMillis: settings.connectTimeoutMs,
    })
    // An idle connection that dies (server restart) is dropped by the pool; without a listener it would crash the process.
    created.on('error', () => {})
    pool = created
  }
  try {
    await migratePostgres(pool, settings.schema, store)
  } catch (error) {
    if (ownsPool) await pool.end().catch(() => {})
    throw error
  }
  return new PostgresResultStore(pool, { schema: settings.schema, store, ownsPool })
}
