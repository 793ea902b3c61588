/**
 * The canary's judgement, piece by piece: the drift gates over baseline and re-run measurements (which apply, the
 * worst side of a compare, unmeasurable figures failing), threshold overrides, the measurement of real flite speech
 * (clipping, embeddings), the environment (config hash without secrets, /health versions from a real server on
 * 127.0.0.1) and how changes between two environments are listed.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { measureRun, type CanaryMetrics, type SideMetrics } from '../../src/bench/canary/canary-metrics.js'
import { judgeDrift, parseDriftThresholds, type CanarySnapshot } from '../../src/bench/canary/drift-criteria.js'
import {
  canonicalJson,
  configHash,
  environmentChanges,
  probeUrl,
  serverBase,
} from '../../src/bench/canary/environment.js'
import { ChorusError } from '../../src/errors.js'
import { BUILTIN_EMBEDDER_ID, BUILTIN_EMBEDDING_LENGTH } from '../../src/lab/similarity/index.js'
import { defaultBaselineName } from '../../src/cli/commands/canary.js'
import { closeSpeechEngine, synthesize, withGain } from '../lab/speech-fixtures.js'

after(closeSpeechEngine)

const side = (overrides: Partial<SideMetrics> = {}): SideMetrics => ({
  requests: 10,
  error_rate: 0,
  latency_p95_ms: 500,
  clipping_percent: 0,
  prompts_with_audio: 2,
  ...overrides,
})

const vector = (seed: number): number[] => Array.from({ length: 40 }, (_, index) => Math.sin(seed + index * 0.7))

function snapshot(
  sides: Record<string, SideMetrics>,
  extra: Partial<CanaryMetrics> = {},
  embedder = BUILTIN_EMBEDDER_ID,
): CanarySnapshot {
  const metrics: CanaryMetrics = { sides, ...extra }
  return {
    metrics,
    embeddings: {
      embedder,
      sides: Object.fromEntries(Object.keys(sides).map((name) => [name, { p1: vector(1), p2: vector(2) }])),
    },
  }
}

const names = (criteria: readonly { name: string }[]): string[] => criteria.map((item) => item.name)

test('identical runs pass every gate that applies, each at zero drift; gates without figures are left out', () => {
  const run = snapshot({ default: side() })
  const criteria = judgeDrift(run, run)
  assert.deepEqual(names(criteria), ['similarity_drift', 'latency_p95_ratio', 'error_rate_delta', 'clipping_delta'])
  assert.ok(criteria.every((item) => item.pass))
  assert.ok(Math.abs(criteria[0]!.value!) < 1e-12)
  assert.equal(criteria[1]!.value, 1)

  const withWer = snapshot({ default: side({ wer: 0.1 }) })
  assert.ok(names(judgeDrift(withWer, withWer)).includes('wer_delta'))
  const noAudio = snapshot({ default: { requests: 5, error_rate: 0, latency_p95_ms: 80, prompts_with_audio: 0 } })
  const chat = { ...noAudio, embeddings: { embedder: BUILTIN_EMBEDDER_ID, sides: {} } }
  assert.deepEqual(names(judgeDrift(chat, chat)), ['latency_p95_ratio', 'error_rate_delta'])
})

test('each gate trips at its default threshold and not below it', () => {
  const baseline = snapshot({ default: side({ wer: 0.1 }) })
  const cases: [string, Partial<SideMetrics>, boolean][] = [
    ['latency_p95_ratio', { latency_p95_ms: 590 }, true],
    ['latency_p95_ratio', { latency_p95_ms: 610 }, false],
    ['wer_delta', { wer: 0.14 }, true],
    ['wer_delta', { wer: 0.16 }, false],
    ['error_rate_delta', { error_rate: 0.01 }, true],
    ['error_rate_delta', { error_rate: 0.1 }, false],
    ['clipping_delta', { clipping_percent: 0.05 }, true],
    ['clipping_delta', { clipping_percent: 2 }, false],
  ]
  for (const [gate, change, pass] of cases) {
    const judged = judgeDrift(baseline, snapshot({ default: side({ wer: 0.1, ...change }) })).find(
      (item) => item.name === gate,
    )!
    assert.equal(judged.pass, pass, `${gate} with ${JSON.stringify(change)}: ${judged.value}`)
  }
  const relaxed = judgeDrift(baseline, snapshot({ default: side({ wer: 0.1, latency_p95_ms: 700 }) }), {
    latency_p95_ratio: 1.5,
  })
  assert.equal(relaxed.find((item) => item.name === 'latency_p95_ratio')?.pass, true, 'a threshold override applies')
})

test('similarity drift is 1 − mean cosine to the same prompt of the baseline; missing audio is unmeasurable', () => {
  const baseline = snapshot({ default: side() })
  const drifted: CanarySnapshot = {
    ...baseline,
    embeddings: { embedder: BUILTIN_EMBEDDER_ID, sides: { default: { p1: vector(1), p2: vector(2.6) } } },
  }
  const similarity = judgeDrift(baseline, drifted)[0]!
  assert.equal(similarity.name, 'similarity_drift')
  const cosine = (a: number[], b: number[]): number =>
    a.reduce((sum, x, i) => sum + x * b[i]!, 0) /
    Math.sqrt(a.reduce((sum, x) => sum + x * x, 0) * b.reduce((sum, x) => sum + x * x, 0))
  const expected = 1 - (1 + Math.max(0, cosine(vector(2), vector(2.6)))) / 2
  assert.ok(Math.abs(similarity.value! - expected) < 1e-9, `${similarity.value} vs ${expected}`)
  assert.equal(similarity.pass, expected <= 0.05)
  assert.match(similarity.detail!, /over 2\/2 prompts/)

  const silent: CanarySnapshot = { ...baseline, embeddings: { embedder: BUILTIN_EMBEDDER_ID, sides: {} } }
  const unmeasured = judgeDrift(baseline, silent)[0]!
  assert.equal(unmeasured.value, null)
  assert.equal(unmeasured.pass, false, 'no audio at all is drift, not a pass')

  const otherEmbedder = snapshot({ default: side() }, {}, 'onnx:ecapa.onnx')
  const changed = judgeDrift(baseline, otherEmbedder)[0]!
  assert.equal(changed.pass, false)
  assert.match(changed.detail!, /embedder changed/)
})

test('a compare is judged side by side, each gate by its worst side, and by the drop of A–B similarity', () => {
  const baseline = snapshot({ a: side(), b: side() }, { ab_similarity: 0.95 })
  const current = snapshot(
    { a: side({ latency_p95_ms: 520 }), b: side({ latency_p95_ms: 900, error_rate: null }) },
    { ab_similarity: 0.82 },
  )
  const criteria = Object.fromEntries(judgeDrift(baseline, current).map((item) => [item.name, item]))
  assert.deepEqual(Object.keys(criteria), [
    'similarity_drift',
    'ab_similarity_drop',
    'latency_p95_ratio',
    'error_rate_delta',
    'clipping_delta',
  ])
  assert.equal(criteria.latency_p95_ratio!.value, 1.8)
  assert.match(criteria.latency_p95_ratio!.detail!, /^side b: p95 500 → 900 ms/)
  assert.equal(criteria.error_rate_delta!.value, null, "side b's error rate could not be measured")
  assert.equal(criteria.error_rate_delta!.pass, false)
  assert.ok(Math.abs(criteria.ab_similarity_drop!.value! - 0.13) < 1e-12)
  assert.equal(criteria.ab_similarity_drop!.pass, false)
})

test('--threshold overrides parse by gate name; unknown gates and non-numbers are usage errors', () => {
  assert.deepEqual(parseDriftThresholds(['latency_p95_ratio=1.5', 'similarity_drift=0.1']), {
    latency_p95_ratio: 1.5,
    similarity_drift: 0.1,
  })
  const fails = (assignment: string, message: RegExp): void => {
    assert.throws(
      () => parseDriftThresholds([assignment]),
      (error: unknown) =>
        error instanceof ChorusError && error.code === 'CHORUS_ERR_CLI_USAGE' && message.test(error.message),
    )
  }
  fails('latency_p59_ratio=2', /unknown drift gate `latency_p59_ratio`; did you mean `latency_p95_ratio`\?/)
  fails('wer_delta=lots', /expects a number ≥ 0; got "lots"/)
  fails('wer_delta=-1', /≥ 0/)
  fails('wer_delta', /gate=value/)
})

test('measuring real speech: clean flite audio does not clip, the same audio amplified ×8 does', async () => {
  const clean = await synthesize('The canary keeps an eye on the gateway.', 'kal16')
  const loud = withGain(clean, 8)
  const measured = await measureRun({
    sides: { default: { requests: 2, error_rate: 0, latency_p95_ms: 100 } },
    samples: { default: { clean, loud } },
    producesAudio: true,
  })
  const metrics = measured.metrics.sides.default!
  assert.equal(metrics.prompts_with_audio, 2)
  assert.equal(measured.embeddings.embedder, BUILTIN_EMBEDDER_ID)
  const vectors = measured.embeddings.sides.default!
  assert.deepEqual(Object.keys(vectors), ['clean', 'loud'])
  assert.equal(vectors.clean!.length, BUILTIN_EMBEDDING_LENGTH)

  const cleanOnly = await measureRun({
    sides: { default: { requests: 1, error_rate: 0 } },
    samples: { default: { clean } },
    producesAudio: true,
  })
  assert.equal(cleanOnly.metrics.sides.default!.clipping_percent, 0)
  assert.ok(metrics.clipping_percent! > 0.1, `one clip of two is clipped: ${metrics.clipping_percent}% on average`)

  const none = await measureRun({
    sides: { default: { requests: 3, error_rate: 1 } },
    samples: {},
    producesAudio: true,
  })
  assert.equal(none.metrics.sides.default!.clipping_percent, null, 'a speech run without audio is unmeasured')
  const chat = await measureRun({
    sides: { default: { requests: 3, error_rate: 0 } },
    samples: {},
    producesAudio: false,
  })
  assert.equal('clipping_percent' in chat.metrics.sides.default!, false, 'a chat run has no clipping figure')
})

test('the config hash ignores secrets and where the file is, and changes with any setting', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-canary-config-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const write = async (name: string, config: unknown): Promise<string> => {
    const file = join(dir, name)
    await writeFile(file, JSON.stringify(config))
    return file
  }
  const base = { auth: { apiKeys: ['first-secret-key'] }, limits: { maxInputChars: 3000 } }
  const first = await configHash(await write('a.json', base))
  assert.match(first, /^sha256:[0-9a-f]{64}$/)
  assert.equal(await configHash(await write('b.json', { ...base, auth: { apiKeys: ['rotated-secret-key'] } })), first)
  assert.equal(await configHash(await write('c.json', { limits: { maxInputChars: 3000 }, auth: base.auth })), first)
  assert.notEqual(await configHash(await write('d.json', { ...base, limits: { maxInputChars: 3001 } })), first)
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } }),
    '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
  )
})

test('environment changes list every leaf field that differs, including backends that appeared or went', () => {
  const before = {
    chorus_version: '0.1.0',
    config_hash: 'sha256:a',
    backends: { 'http://127.0.0.1:1': { health: 'ok', version: '1.0' }, 'backend:x': { health: 'ok', version: null } },
  }
  const after = {
    chorus_version: '0.1.0',
    config_hash: 'sha256:b',
    backends: { 'http://127.0.0.1:1': { health: 'ok', version: '1.1' }, 'backend:y': { health: 'ok', version: null } },
  }
  assert.deepEqual(environmentChanges(before, after), [
    { field: 'config_hash', baseline: 'sha256:a', current: 'sha256:b' },
    { field: 'backends.http://127.0.0.1:1.version', baseline: '1.0', current: '1.1' },
    { field: 'backends.backend:x.health', baseline: 'ok', current: null },
    { field: 'backends.backend:y.health', baseline: null, current: 'ok' },
  ])
  assert.deepEqual(environmentChanges(before, before), [])
})

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}

test('backend versions come from GET /health at the server root; plain, failing and absent servers are told apart', async (t) => {
  const answers: Record<string, [number, string]> = {
    '/health': [200, JSON.stringify({ status: 'ok', version: '2.3.1' })],
    '/plain/health': [200, 'OK'],
    '/down/health': [503, JSON.stringify({ status: 'loading', version: 7 })],
  }
  const seen: string[] = []
  const server = createServer((request, response) => {
    seen.push(request.url ?? '')
    const [status, body] = answers[request.url ?? ''] ?? [404, 'no']
    response.writeHead(status).end(body)
  })
  const url = await listen(server)
  t.after(() => server.close())

  assert.equal(serverBase(`${url}/v1/audio/speech`), url)
  assert.equal(serverBase(`${url}/plain/v1`), `${url}/plain`)
  assert.deepEqual(await probeUrl(`${url}/v1/audio/speech`), { health: 'ok', version: '2.3.1' })
  assert.deepEqual(await probeUrl(`${url}/plain/v1/audio/speech`), { health: 'ok', version: null })
  assert.deepEqual(await probeUrl(`${url}/down/v1/audio/speech`), { health: 'http 503', version: '7' })
  assert.deepEqual(seen, ['/health', '/plain/health', '/down/health'])

  const closed = createServer()
  const gone = await listen(closed)
  await new Promise((resolve) => closed.close(resolve))
  assert.deepEqual(await probeUrl(gone), { health: 'unreachable', version: null })
})

test('a baseline is named after its spec file, or its folder when the file is spec.json', () => {
  assert.equal(defaultBaselineName('smoke.json'), 'smoke')
  assert.equal(defaultBaselineName('/runs/bench-20260501T120304Z/spec.json'), 'bench-20260501T120304Z')
  assert.equal(defaultBaselineName('/tmp/my nightly check.json'), 'my-nightly-check')
})
