/**
 * `openResultStore(url)`: the one way the CLI, lab and server get a ResultStore. The URL picks the dialect; each
 * dialect's module (and its driver, better-sqlite3 or pg) is imported only when a URL asks for it.
 *
 * @example
 * const store = await openResultStore(process.env.CHORUS_STORE ?? DEFAULT_STORE_URL)
 * const runId = await store.createRun({ kind: 'validate', spec: { dataset: 'smoke' }, chorus_version: CHORUS_VERSION })
 */
import type { ResultStore } from './result-store.js'
import { DEFAULT_STORE_URL, parseStoreUrl, type StoreLocation } from './store-url.js'

type Dialect = StoreLocation['dialect']
type Opener<D extends Dialect> = (location: Extract<StoreLocation, { dialect: D }>) => Promise<ResultStore>

const dialects: { readonly [D in Dialect]: Opener<D> } = {
  sqlite: async (location) =>
    (await import('./sqlite/index.js')).createSqliteResultStore({ filename: location.filename }),
  postgres: async (location) =>
    (await import('./postgres/index.js')).createPostgresResultStore({
      connectionString: location.connectionString,
      schema: location.schema,
    }),
}

function open<D extends Dialect>(location: Extract<StoreLocation, { dialect: D }>): Promise<ResultStore> {
  return (dialects[location.dialect] as Opener<D>)(location)
}

export async function openResultStore(url: string = DEFAULT_STORE_URL): Promise<ResultStore> {
  return open(parseStoreUrl(url))
}
