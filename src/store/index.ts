/** The results store: its contract, `openResultStore(url)` and URL helpers. Dialect modules load on demand. */
export * from './result-store.js'
export { openResultStore } from './open-result-store.js'
export {
  DEFAULT_POSTGRES_SCHEMA,
  DEFAULT_STORE_URL,
  parseStoreUrl,
  redactStoreUrl,
  type StoreLocation,
} from './store-url.js'
