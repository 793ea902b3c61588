/** Settings of the SQLite result store, checked and frozen once when the store opens. */
import { ChorusError } from '../../errors.js'

export interface SqliteStoreConfig {
  /** Database file (created with its folder when missing), or `:memory:` for a store that lives as long as the process. */
  readonly filename: string
  /** How long a write waits for another process's write lock before failing, in milliseconds. */
  readonly busyTimeoutMs?: number
}

export interface ResolvedSqliteStoreConfig {
  readonly filename: string
  readonly busyTimeoutMs: number
  readonly inMemory: boolean
}

export const sqliteStoreDefaults = { busyTimeoutMs: 5000 } as const

export function resolveSqliteStoreConfig(config: SqliteStoreConfig): ResolvedSqliteStoreConfig {
  const merged = { ...sqliteStoreDefaults, ...config }
  if (typeof merged.filename !== 'string' || merged.filename === '') {
    throw new ChorusError('CHORUS_ERR_STORE_URL_INVALID', {
      url: String(merged.filename),
      reason: 'SQLite needs a file name or `:memory:`',
    })
  }
  if (!Number.isInteger(merged.busyTimeoutMs) || merged.busyTimeoutMs < 0) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
      param: 'busyTimeoutMs',
      reason: 'expected a whole number of milliseconds ≥ 0',
    })
  }
  return Object.freeze({
    filename: merged.filename,
    busyTimeoutMs: merged.busyTimeoutMs,
    inMemory: merged.filename === ':memory:',
  })
}
