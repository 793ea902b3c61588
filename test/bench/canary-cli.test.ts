/**
 * `chorus canary` end to end, as a user runs it (`bin/chorus`, spawned), against a real Chorus server behind the
 * fault proxy, with a real SQLite results store. The baseline and every re-run see the proxy holding each request
 * for a fixed time before forwarding it: the fixed part dominates each request's latency (three short prompts, sent
 * at once), so a clean re-run's p95 stays near the baseline's even on a busy machine, and a longer hold stands out. The tests run in order and share
 * the baseline the first one saves.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { CanaryReport } from '../../src/bench/canary/run-canary.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { openResultStore } from '../../src/store/open-result-store.js'
import { CHORUS_VERSION } from '../../src/version.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { runChorus, type CliRun } from '../helpers/cli.js'
import { startTestServer } from '../helpers/server.js'

/**
 * The proxy's hold on every request of the baseline and of the clean re-run: long enough that scheduling noise on a
 * busy two-core machine (a few hundred ms) moves the p95 ratio by well under the 1.2 threshold.
 */
const BASE_DELAY_MS = 2000
/**
 * The degraded upstream's hold: p95 goes from about 2.1 s to about 4.1 s, a ratio near 2. (It also delays the
 * canary's health check, which must still answer within its 5 s limit, so the environment stays comparable.)
 */
const SLOW_DELAY_MS = 4000

const byName = (report: CanaryReport): Record<string, CanaryReport['criteria'][number]> =>
  Object.fromEntries(report.criteria.map((item) => [item.name, item]))

describe('chorus canary against a Chorus server behind a fault proxy', () => {
  let server: ChorusServer
  let proxy: FaultProxy
  let dir: string
  let store: string
  let specFile: string

  const canary = (args: readonly string[]): Promise<CliRun> =>
    runChorus(['canary', ...args, '--store', store], { cwd: dir })
  /** `baseline` and `run` hash this configuration into the environment. */
  const config = (): string[] => ['--config', join(dir, 'chorus.config.json')]

  before(async () => {
    server = await startTestServer()
    // The first synthesis loads the engine; keep that out of the baseline's latency.
    const warm = await fetch(`${server.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'Warm up.', voice: 'alloy', response_format: 'pcm' }),
    })
    await warm.arrayBuffer()
    proxy = await startFaultProxy(server.url)
    await proxy.setMode('delay', { delayMs: BASE_DELAY_MS })
    dir = await mkdtemp(join(tmpdir(), 'chorus-canary-test-'))
    store = `sqlite:${join(dir, 'results.db')}`
    await writeFile(join(dir, 'chorus.config.json'), JSON.stringify({ limits: { maxInputChars: 4096 } }))
    // Saved the way `chorus bench` saves it, in a run folder: the baseline is named after the folder.
    await mkdir(join(dir, 'nightly'))
    specFile = join(dir, 'nightly', 'spec.json')
    await writeFile(
      specFile,
      JSON.stringify({
        target: { url: `${proxy.url}/v1/audio/speech` },
        voice: 'alloy',
        load: { mode: 'closed', concurrency: [3] },
        requests: 3,
        durationSeconds: 30,
        timeoutMs: 20_000,
        prompts: {
          items: [
            { id: 'yes', text: 'Yes.' },
            { id: 'hello', text: 'Hello there.' },
            { id: 'ready', text: 'Ready now.' },
          ],
        },
      }),
    )
  })

  after(async () => {
    await proxy?.close()
    await server?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('baseline runs the spec and stores metrics, per-prompt embeddings and the environment', async () => {
    const run = await canary(['baseline', specFile, '--json', ...config()])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout) as { name: string; kind: string; prompts: Record<string, number> }
    assert.equal(report.name, 'nightly', 'named after the folder of spec.json')
    assert.equal(report.kind, 'bench')

    const results = await openResultStore(store)
    try {
      const baseline = await results.getBaseline('nightly')
      assert.ok(baseline)
      const metrics = baseline.metrics as { sides: { default: Record<string, number> } }
      assert.equal(metrics.sides.default.requests, 3)
      assert.equal(metrics.sides.default.error_rate, 0)
      assert.ok(metrics.sides.default.latency_p95_ms! >= BASE_DELAY_MS, 'the proxy hold is in the latency')
      assert.equal(metrics.sides.default.clipping_percent, 0, 'clean flite speech does not clip')
      const embeddings = baseline.embeddings as { embedder: string; sides: { default: Record<string, number[]> } }
      assert.equal(embeddings.embedder, 'builtin-mfcc-v1')
      assert.deepEqual(Object.keys(embeddings.sides.default).sort(), ['hello', 'ready', 'yes'])
      assert.ok(
        embeddings.sides.default.hello!.some((value) => value !== 0),
        'a real embedding, not zeros',
      )
      const environment = baseline.environment as { config_hash: string; backends: Record<string, { version: string }> }
      assert.match(environment.config_hash, /^sha256:[0-9a-f]{64}$/)
      assert.equal(environment.backends[proxy.url]?.version, CHORUS_VERSION, 'the version /health reports')
      assert.equal((await results.getRun(baseline.run_id))?.status, 'passed')
    } finally {
      await results.close()
    }
  })

  test('an undegraded re-run is ok and exits 0', async () => {
    const run = await canary(['run', 'nightly', '--json', ...config()])
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`)
    const report = JSON.parse(run.stdout) as CanaryReport
    assert.equal(report.verdict, 'ok')
    assert.deepEqual(
      report.criteria.map((item) => item.name),
      ['similarity_drift', 'latency_p95_ratio', 'error_rate_delta', 'clipping_delta'],
      'a bench spec has no WER and no A–B similarity: those gates are left out',
    )
    assert.ok(report.criteria.every((item) => item.pass))
    assert.ok(byName(report).similarity_drift!.value! < 0.001, 'the same engine says the same thing the same way')
    assert.deepEqual(report.changes, [], 'nothing changed since the baseline')
  })

  test('an upstream that answers late trips latency_p95_ratio alone, exits 1, and a changed config is reported', async () => {
    await proxy.setMode('delay', { delayMs: SLOW_DELAY_MS })
    await writeFile(join(dir, 'chorus.config.json'), JSON.stringify({ limits: { maxInputChars: 2048 } }))
    const out = join(dir, 'slow-report')
    const run = await canary(['run', 'nightly', '--out', out, ...config()])
    await proxy.setMode('delay', { delayMs: BASE_DELAY_MS })
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`)
    assert.match(run.stdout, /DRIFT/, run.stderr)
    assert.match(run.stdout, /FAIL {2}latency_p95_ratio/)
    assert.match(run.stdout, /what may explain drift \(changed since the baseline\):\n {2}config_hash: sha256:/)

    const report = JSON.parse(await readFile(join(out, 'canary.json'), 'utf8')) as CanaryReport
    assert.equal(report.verdict, 'drift')
    const criteria = byName(report)
    assert.equal(criteria.latency_p95_ratio!.pass, false)
    assert.ok(criteria.latency_p95_ratio!.value! > 1.2)
    for (const name of ['similarity_drift', 'error_rate_delta', 'clipping_delta'])
      assert.equal(criteria[name]!.pass, true, `${name} still passes`)
    assert.deepEqual(
      report.changes.map((change) => change.field),
      ['config_hash'],
    )
    assert.match(
      await readFile(join(out, 'SUMMARY.md'), 'utf8'),
      /\| latency_p95_ratio \| [\d.]+ \| ≤ 1\.2 \| \*\*FAIL\*\*/,
    )
  })

  test('an upstream whose audio is amplified ×8 and clipped trips the clipping gate', async () => {
    await writeFile(join(dir, 'chorus.config.json'), JSON.stringify({ limits: { maxInputChars: 4096 } }))
    // The gain fault forwards at once; the fixed hold is kept off so latency only gets better.
    await proxy.setMode('gain', { factor: 8 })
    const run = await canary(['run', specFile, '--json', ...config()])
    await proxy.setMode('delay', { delayMs: BASE_DELAY_MS })
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`)
    const report = JSON.parse(run.stdout) as CanaryReport
    assert.equal(report.name, 'nightly', 'a spec file is held to the baseline of its name')
    assert.equal(report.verdict, 'drift')
    const criteria = byName(report)
    assert.equal(criteria.clipping_delta!.pass, false)
    assert.ok(criteria.clipping_delta!.value! > 1, `clipping rose by ${criteria.clipping_delta!.value} points`)
    assert.equal(criteria.latency_p95_ratio!.pass, true)
    assert.equal(criteria.error_rate_delta!.pass, true)
    assert.deepEqual(report.changes, [], 'the same config and spec as the baseline')
  })

  test('list shows the drift over time, newest first, with each gate value', async () => {
    const run = await canary(['list'])
    assert.equal(run.code, 0, run.stderr)
    const lines = run.stdout.trim().split('\n')
    assert.equal(lines.length, 4, `a header and three results:\n${run.stdout}`)
    assert.match(lines[1]!, /nightly\s+drift\s+similarity_drift=[\d.]+ .*clipping_delta=[\d.]+ \(FAIL, > 0\.1\)/)
    assert.match(lines[2]!, /nightly\s+drift\s+.*latency_p95_ratio=[\d.]+ \(FAIL, > 1\.2\).*changed: config_hash$/)
    assert.match(lines[3]!, /nightly\s+ok\s+similarity_drift=/)
    assert.ok(!lines[3]!.includes('FAIL'))

    const results = await openResultStore(store)
    try {
      const history = await results.listCanaryResults({ baseline_name: 'nightly' })
      const failing = history.map((result) =>
        (result.criteria as { name: string; pass: boolean }[]).filter((item) => !item.pass).map((item) => item.name),
      )
      assert.ok(failing[0]!.includes('clipping_delta'), 'the gain fault tripped the clipping gate')
      assert.deepEqual(
        failing[0]!.filter((name) => name !== 'clipping_delta' && name !== 'similarity_drift'),
        [],
        'and no gate that clipping cannot explain',
      )
      assert.deepEqual(failing.slice(1), [['latency_p95_ratio'], []])
      const runs = await results.listRuns({ kind: 'canary' })
      assert.deepEqual(
        runs.map((run) => run.status),
        ['failed', 'failed', 'passed', 'passed'],
        'drifted runs are recorded as failed; the baseline and the ok run as passed',
      )
    } finally {
      await results.close()
    }
  })

  test('an unknown baseline name exits 2 and lists the baselines there are', async () => {
    const run = await canary(['run', 'nightlly'])
    assert.equal(run.code, 2)
    assert.match(
      run.stderr,
      /CHORUS_ERR_BASELINE_NOT_FOUND: No canary baseline named `nightlly` .*Baselines: nightly\./,
    )
  })
})
