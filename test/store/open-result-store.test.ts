/** `openResultStore(url)`: which URLs mean what, how bad ones fail, and that drivers load only when a URL needs them. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { ChorusError } from '../../src/errors.js'
import { DEFAULT_STORE_URL, parseStoreUrl, redactStoreUrl } from '../../src/store/store-url.js'

const run = promisify(execFile)

test('store URLs name SQLite files, memory, or PostgreSQL databases with an optional schema', () => {
  assert.equal(DEFAULT_STORE_URL, 'sqlite:./chorus-results.db')
  const cases: [string, ReturnType<typeof parseStoreUrl>][] = [
    ['sqlite:./chorus-results.db', { dialect: 'sqlite', filename: './chorus-results.db' }],
    ['sqlite:path/to/chorus.db', { dialect: 'sqlite', filename: 'path/to/chorus.db' }],
    ['sqlite:/var/lib/chorus/results.db', { dialect: 'sqlite', filename: '/var/lib/chorus/results.db' }],
    ['sqlite:///var/lib/chorus/results.db', { dialect: 'sqlite', filename: '/var/lib/chorus/results.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', filename: ':memory:' }],
    [':memory:', { dialect: 'sqlite', filename: ':memory:' }],
    [
      'postgres://chorus@db.internal:5432/lab',
      { dialect: 'postgres', connectionString: 'postgres://chorus@db.internal:5432/lab', schema: 'chorus' },
    ],
    [
      'postgresql://chorus:pw@db/lab?schema=nightly&sslmode=require',
      { dialect: 'postgres', connectionString: 'postgresql://chorus:pw@db/lab?sslmode=require', schema: 'nightly' },
    ],
  ]
  for (const [url, expected] of cases) assert.deepEqual(parseStoreUrl(url), expected, url)
})

test('a bad store URL fails with CHORUS_ERR_STORE_URL_INVALID, says what would work, and hides passwords', () => {
  const failures: [string, RegExp][] = [
    ['mysql://root@localhost/test', /unknown scheme `mysql:`/],
    ['chorus.db', /no scheme; for a SQLite file write sqlite:chorus\.db/],
    ['sqlite:', /no file name/],
    ['sqlite://host/file.db', /absolute path/],
    ['postgres://u:hunter2@db/lab?schema=drop;table', /schema `drop;table` is not a plain identifier/],
    ['', /no scheme/],
  ]
  for (const [url, reason] of failures) {
    assert.throws(
      () => parseStoreUrl(url),
      (error: unknown) => {
        assert.ok(error instanceof ChorusError)
        assert.equal(error.code, 'CHORUS_ERR_STORE_URL_INVALID')
        assert.match(error.message, reason)
        assert.match(error.message, /Formats: sqlite:path\/to\/file\.db/)
        assert.ok(!error.message.includes('hunter2'), 'password redacted')
        return true
      },
      url,
    )
  }
  assert.equal(redactStoreUrl('postgres://chorus:s3cret@db:5432/lab'), 'postgres://chorus:***@db:5432/lab')
  assert.equal(redactStoreUrl('postgresql://chorus@db/lab'), 'postgresql://chorus@db/lab')
})

test('opening a SQLite store never loads pg; opening a PostgreSQL store does', async () => {
  // A fresh process, so nothing else in this test run has loaded either driver already.
  const storeModule = new URL('../../src/store/index.js', import.meta.url).href
  const script = `
    import { createRequire } from 'node:module'
    const cache = createRequire(import.meta.url).cache
    const loaded = (name) => Object.keys(cache).some((file) => file.includes('/node_modules/' + name + '/'))
    const { openResultStore } = await import(${JSON.stringify(storeModule)})
    const report = { imported: { pg: loaded('pg'), sqlite: loaded('better-sqlite3') } }
    const store = await openResultStore('sqlite::memory:')
    await store.close()
    report.sqlite = { pg: loaded('pg'), sqlite: loaded('better-sqlite3') }
    await openResultStore('postgres://nobody@127.0.0.1:1/none').catch(() => {})
    report.postgres = { pg: loaded('pg') }
    console.log(JSON.stringify(report))
  `
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script])
  assert.deepEqual(JSON.parse(stdout), {
    imported: { pg: false, sqlite: false },
    sqlite: { pg: false, sqlite: true },
    postgres: { pg: true },
  })
})
