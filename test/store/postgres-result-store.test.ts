/**
 * The PostgreSQL result store: the shared contract against the real server (a throw-away schema per test), then what
 * only PostgreSQL has: schema placement, jsonb columns, concurrent first opens, a caller-owned pool.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import {
  createPostgresResultStore,
  POSTGRES_SCHEMA_VERSION,
  type PostgresPool,
} from '../../src/store/postgres/index.js'
import { openResultStore } from '../../src/store/open-result-store.js'
import { audioResult, rejectsWithCode, runResultStoreContract } from '../contracts/result-store.contract.js'
import { adminQuery, POSTGRES_TEST_URL, postgresFixture, uniqueSchemaName } from './postgres-fixture.js'

runResultStoreContract('postgres (127.0.0.1:5432, schema per test)', postgresFixture)

test('tables live in the schema named by the URL, with jsonb JSON columns and byte-order keys', async (t) => {
  const fixture = await postgresFixture()
  t.after(() => fixture.destroy())
  await (await fixture.open()).close()

  const { rows } = await adminQuery(
    `SELECT table_name, column_name, data_type, collation_name FROM information_schema.columns
     WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [fixture.schema],
  )
  const column = (table: string, name: string) =>
    rows.find((row) => row.table_name === table && row.column_name === name)
  assert.deepEqual(
    [...new Set(rows.map((row) => row.table_name as string))],
    ['audio_results', 'baselines', 'canary_results', 'chorus_schema_version', 'ratings', 'runs'],
  )
  for (const [table, name] of [
    ['runs', 'spec'],
    ['runs', 'summary'],
    ['audio_results', 'gates'],
    ['audio_results', 'metrics'],
    ['audio_results', 'words'],
  ]) {
    assert.equal(column(table!, name!)?.data_type, 'jsonb', `${table}.${name} is jsonb`)
  }
  assert.equal(column('audio_results', 'dataset')?.collation_name, 'C')
  assert.equal(column('runs', 'started_at')?.data_type, 'timestamp with time zone')
  const tablesInPublic = await adminQuery(
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'chorus_schema_version'",
  )
  assert.equal(tablesInPublic.rows[0].n, 0, 'nothing leaks into public')
})

test('stores opened at the same moment on a new schema migrate it exactly once', async (t) => {
  const fixture = await postgresFixture()
  t.after(() => fixture.destroy())
  const stores = await Promise.all(Array.from({ length: 6 }, () => fixture.open()))
  await Promise.all(stores.map((store) => store.close()))
  const { rows } = await adminQuery(`SELECT version FROM "${fixture.schema}".chorus_schema_version ORDER BY version`)
  assert.deepEqual(
    rows.map((row) => row.version),
    Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, index) => index + 1),
  )
})

test('a schema written by a newer Chorus is refused with CHORUS_ERR_STORE_UNAVAILABLE', async (t) => {
  const fixture = await postgresFixture()
  t.after(() => fixture.destroy())
  await (await fixture.open()).close()
  await adminQuery(`INSERT INTO "${fixture.schema}".chorus_schema_version VALUES (999, 'from the future', now())`)
  const error = await rejectsWithCode(fixture.open(), 'CHORUS_ERR_STORE_UNAVAILABLE')
  assert.match(error.message, /schema is version 999/)
})

test('an unreachable server is CHORUS_ERR_STORE_UNAVAILABLE, with the password kept out of the message', async () => {
  const error = await rejectsWithCode(
    openResultStore('postgres://chorus:s3cret@127.0.0.1:1/test'),
    'CHORUS_ERR_STORE_UNAVAILABLE',
  )
  assert.ok(!error.message.includes('s3cret'), error.message)
  assert.match(error.message, /postgres:\/\/chorus:\*\*\*@127\.0\.0\.1:1\/test/)
})

test('a pool the caller made is used as is and left open on close', async (t) => {
  const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 2 })
  t.after(() => pool.end())
  const typed: PostgresPool = pool // pg.Pool fits the structural type the store asks for
  const schema = uniqueSchemaName()
  t.after(() => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))

  const store = await createPostgresResultStore({ pool: typed, schema })
  const run = await store.createRun({ kind: 'canary', spec: { probe: true }, chorus_version: '0.1.0' })
  await store.upsertAudioResult(audioResult(run))
  await store.close()
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".audio_results`)
  assert.equal(rows[0].n, 1, 'the pool still works after the store closed')
})
