/**
 * Opens the SQLite result store: loads better-sqlite3 (a native addon) only when called, turns on WAL, foreign keys and
 * the busy timeout, and migrates the schema before handing the store out.
 *
 * @example
 * const store = await createSqliteResultStore({ filename: './chorus-results.db' })
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { ChorusError } from '../../errors.js'
import type { ResultStore } from '../result-store.js'
import { resolveSqliteStoreConfig, type SqliteStoreConfig } from './sqlite-config.js'
import { migrateSqlite } from './sqlite-migrations.js'
import { SqliteResultStore, translateSqliteError } from './sqlite-result-store.js'

export type { SqliteStoreConfig } from './sqlite-config.js'
export { SQLITE_SCHEMA_VERSION, sqliteMigrations } from './sqlite-migrations.js'

export async function createSqliteResultStore(config: SqliteStoreConfig): Promise<ResultStore> {
  const settings = resolveSqliteStoreConfig(config)
  const store = `sqlite:${settings.filename}`
  const { default: Database } = await import('better-sqlite3')
  let db: InstanceType<typeof Database>
  try {
    if (!settings.inMemory) mkdirSync(dirname(resolve(settings.filename)), { recursive: true })
    db = new Database(settings.filename, { timeout: settings.busyTimeoutMs })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ChorusError('CHORUS_ERR_STORE_UNAVAILABLE', { store, reason }, { cause: error })
  }
  try {
    // WAL: readers (the dashboard, `chorus results`) never block the writer (a running validation), nor it them.
    if (!settings.inMemory) db.pragma('journal_mode = WAL')
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrateSqlite(db, store)
  } catch (error) {
    db.close()
    throw translateSqliteError(error, store)
  }
  return new SqliteResultStore(db, store)
}
