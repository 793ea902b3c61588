/** The SQLite result store: the shared contract on a real file, then what only SQLite has (WAL, file, threads). */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { test } from 'node:test'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { openResultStore } from '../../src/store/open-result-store.js'
import { SQLITE_SCHEMA_VERSION } from '../../src/store/sqlite/index.js'
import { audioResult, rejectsWithCode, runResultStoreContract } from '../contracts/result-store.contract.js'
import { sqliteFixture } from './sqlite-fixture.js'

runResultStoreContract('sqlite (temporary file)', sqliteFixture)

test('a file store uses WAL with foreign keys on and records its schema version once', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  await (await fixture.open()).close()
  await (await fixture.open()).close()

  const db = new Database(fixture.filename, { readonly: true })
  t.after(() => db.close())
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  const versions = db.prepare('SELECT version, description FROM chorus_schema_version ORDER BY version').all() as {
    version: number
  }[]
  assert.deepEqual(
    versions.map((row) => row.version),
    Array.from({ length: SQLITE_SCHEMA_VERSION }, (_, index) => index + 1),
    'each migration applied exactly once, after two opens',
  )
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_'))
  assert.deepEqual(tables, ['audio_results', 'baselines', 'canary_results', 'chorus_schema_version', 'ratings', 'runs'])
})

test('a database written by a newer Chorus is refused with CHORUS_ERR_STORE_UNAVAILABLE', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  await (await fixture.open()).close()
  const db = new Database(fixture.filename)
  db.prepare("INSERT INTO chorus_schema_version VALUES (999, 'from the future', '2099-01-01T00:00:00.000Z')").run()
  db.close()
  const error = await rejectsWithCode(fixture.open(), 'CHORUS_ERR_STORE_UNAVAILABLE')
  assert.match(error.message, /schema is version 999, newer than this Chorus knows \(\d+\)/)
})

test('sqlite::memory: gives a working store that keeps nothing after close', async () => {
  for (const url of ['sqlite::memory:', ':memory:']) {
    const store = await openResultStore(url)
    const run = await store.createRun({ kind: 'bench', spec: {}, chorus_version: '0.1.0' })
    await store.upsertAudioResult(audioResult(run))
    assert.equal((await store.listAudioResults()).length, 1)
    await store.close()
    const again = await openResultStore(url)
    assert.deepEqual(await again.listRuns(), [])
    await again.close()
  }
})

test('the folder of a new database file is created', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  const nested = join(fixture.filename, '..', 'nightly', 'results', 'chorus.db')
  const store = await openResultStore(`sqlite:${nested}`)
  await store.close()
  assert.ok(existsSync(nested))
})

test('a file that is not a database is CHORUS_ERR_STORE_UNAVAILABLE, not a crash', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  const { writeFile } = await import('node:fs/promises')
  await writeFile(fixture.filename, 'this is not SQLite '.repeat(100))
  await rejectsWithCode(fixture.open(), 'CHORUS_ERR_STORE_UNAVAILABLE')
})

test('four threads opening a new file and writing to it at once wait for each other, and never duplicate', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  const keys = 20
  const writes = 100
  const workers = Array.from(
    { length: 4 },
    (_, writer) =>
      new Worker(new URL('./sqlite-writer-worker.js', import.meta.url), {
        workerData: { url: fixture.url, writer, keys, writes },
      }),
  )
  const exits = Promise.all(workers.map((worker) => once(worker, 'exit')))
  const outcomes = await Promise.all(
    workers.map(
      async (worker) => ((await once(worker, 'message')) as [{ ok: boolean; run?: number; error?: string }])[0],
    ),
  )
  await exits
  for (const outcome of outcomes) assert.ok(outcome.ok, outcome.error)

  const store = await fixture.open()
  t.after(() => store.close())
  const runs = await store.listRuns()
  assert.equal(runs.length, 4)
  assert.ok(runs.every((run) => run.status === 'passed'))
  const rows = await store.listAudioResults()
  assert.equal(rows.filter((row) => row.file_hash.startsWith('key-')).length, keys)
  // Every 10th write of each thread is a batch of two, the second under a `batch-` key (as the worker does it).
  const batchKeys = new Set<string>()
  for (let writer = 0; writer < 4; writer++) {
    for (let index = 0; index < writes; index += 10) batchKeys.add(`batch-${(index + writer) % keys}`)
  }
  assert.deepEqual(
    rows
      .filter((row) => row.file_hash.startsWith('batch-'))
      .map((row) => row.file_hash)
      .sort(),
    [...batchKeys].sort(),
  )
  assert.equal(rows.length, keys + batchKeys.size)
})
