/**
 * Result-store URLs: `sqlite:path/to/chorus.db` (relative to the working directory), `sqlite:///abs/path.db`,
 * `sqlite::memory:` (or bare `:memory:`), and `postgres://` / `postgresql://` connection strings, which may carry
 * `?schema=name` (default `chorus`) to keep Chorus's tables in their own PostgreSQL schema.
 *
 * @example
 * parseStoreUrl('sqlite:./chorus-results.db') // { dialect: 'sqlite', filename: './chorus-results.db' }
 * parseStoreUrl('postgres://chorus@db/lab?schema=nightly') // { dialect: 'postgres', connectionString: 'postgres://chorus@db/lab', schema: 'nightly' }
 */
import { ChorusError } from '../errors.js'

export const DEFAULT_STORE_URL = 'sqlite:./chorus-results.db'
export const DEFAULT_POSTGRES_SCHEMA = 'chorus'

export type StoreLocation =
  | { readonly dialect: 'sqlite'; readonly filename: string }
  | { readonly dialect: 'postgres'; readonly connectionString: string; readonly schema: string }

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/
const FORMATS = 'sqlite:path/to/file.db, sqlite::memory:, postgres://user@host:5432/db or postgresql://…'

/** The URL with any password replaced by `***`, safe for logs and error messages. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}

function invalid(url: string, reason: string): ChorusError {
  return new ChorusError('CHORUS_ERR_STORE_URL_INVALID', {
    url: redactStoreUrl(url),
    reason: `${reason}. Formats: ${FORMATS}`,
  })
}

/** Checks a PostgreSQL schema name: letters, digits and `_`, as an unquoted identifier, at most 63 characters. */
export function checkSchemaName(schema: string, url = schema): string {
  if (!SCHEMA_NAME.test(schema))
    throw invalid(url, `schema \`${schema}\` is not a plain identifier (letters, digits, _)`)
  return schema
}

export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim()
  if (trimmed === ':memory:') return { dialect: 'sqlite', filename: ':memory:' }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme === 'sqlite') {
    let filename = trimmed.slice('sqlite:'.length)
    if (filename.startsWith('//')) {
      // sqlite:///abs/path.db → /abs/path.db; anything between the slashes would be a host, which SQLite has not.
      if (!filename.startsWith('///'))
        throw invalid(url, 'sqlite:// URLs need an absolute path (sqlite:///var/lib/chorus.db)')
      filename = filename.slice(2)
    }
    if (filename === '') throw invalid(url, 'the sqlite URL has no file name')
    return { dialect: 'sqlite', filename }
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL
    try {
      parsed = new URL(trimmed)
    } catch {
      throw invalid(url, 'not a valid connection string')
    }
    const schema = checkSchemaName(parsed.searchParams.get('schema') ?? DEFAULT_POSTGRES_SCHEMA, url)
    parsed.searchParams.delete('schema')
    return { dialect: 'postgres', connectionString: parsed.toString(), schema }
  }
  if (scheme === undefined && /\.(db|sqlite3?)$/i.test(trimmed)) {
    throw invalid(url, `no scheme; for a SQLite file write sqlite:${trimmed}`)
  }
  throw invalid(url, scheme ? `unknown scheme \`${scheme}:\`` : 'no scheme')
}
