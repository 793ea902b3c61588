/**
 * `chorus compare` as a user runs it (`bin/chorus`, spawned): usage mistakes exit 2 with a coded message and no stack
 * trace; a real run against a Chorus server on 127.0.0.1 and the embedded engine in-process writes its four files,
 * prints the verdict JSON, and exits 0 for parity and 1 for not parity.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { durationSeconds } from '../../../src/audio/pcm.js'
import { decodeWav } from '../../../src/audio/wav.js'
import type { ChorusServer } from '../../../src/server/chorus-server.js'
import { runChorus, type CliRun } from '../../helpers/cli.js'
import { startTestServer } from '../../helpers/server.js'

const compare = (args: readonly string[], cwd: string): Promise<CliRun> =>
  runChorus(['compare', ...args], { cwd, timeoutMs: 120_000 })

let server: ChorusServer
let root: string
let promptsFile: string

before(async () => {
  server = await startTestServer()
  root = await mkdtemp(join(tmpdir(), 'chorus-compare-cli-'))
  promptsFile = join(root, 'prompts.txt')
  await writeFile(
    promptsFile,
    '# three short prompts\nYour table is ready.\nThere are 12 eggs in the box.\n\nThe door is not locked.\n',
  )
})

after(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})

describe('chorus compare (CLI)', () => {
  test('usage mistakes exit 2 with a coded message, a suggestion where one helps, and no stack trace', async () => {
    // Each path a mistake can take: the side parser, the configuration lookup, the criteria table, a CLI-only rule,
    // an option parser, and commander itself. (More mistakes are covered in-process in compare-sides.test.ts.)
    const cases: { args: string[]; message: RegExp }[] = [
      {
        args: ['http://127.0.0.1:9', 'flite-wasi'],
        message: /CHORUS_ERR_COMPARE_SPEC_INVALID: .*side A .*names its voice after #/,
      },
      {
        args: ['flite-wsai:slt', 'flite-wasi:rms', '--no-asr'],
        message: /side A: no backend `flite-wsai`.*did you mean `flite-wasi`\?/,
      },
      {
        args: ['flite-wasi', 'flite-wasi', '--threshold', 'mean_similarty=0.9'],
        message: /did you mean `mean_similarity`\?/,
      },
      { args: ['flite-wasi:slt', 'flite-wasi:rms', '--model-a', 'tts-1'], message: /--model-a applies to a URL side/ },
      {
        args: ['flite-wasi', 'flite-wasi', '--rounds', '0'],
        message: /CHORUS_ERR_CLI_USAGE: --rounds expects a whole number ≥ 1/,
      },
      { args: ['flite-wasi', 'flite-wasi', '--bogus'], message: /unknown option '--bogus'/ },
    ]
    const results = await Promise.all(cases.map((each) => compare(each.args, root)))
    results.forEach((result, index) => {
      const { args, message } = cases[index]!
      assert.equal(result.code, 2, `${args.join(' ')} exits 2: ${result.stderr}`)
      assert.match(result.stderr, message, args.join(' '))
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`)
      assert.equal(result.stdout, '')
    })
  })

  test('an HTTP side against the embedded engine in-process, same voice: parity, exit 0, four files and --json', async () => {
    const out = join(root, 'same-voice')
    const result = await compare(
      // The latency criterion has its own tests; here a looser line also shows --threshold reaching the verdict.
      [
        `${server.url}#slt`,
        'flite-wasi:slt',
        '--prompts',
        promptsFile,
        '--no-asr',
        '--threshold',
        'latency_ratio_p95=3',
        '--json',
        '-o',
        out,
      ],
      root,
    )
    assert.equal(result.code, 0, result.stderr)
    const printed = JSON.parse(result.stdout) as Record<string, unknown> & {
      verdict: string
      criteria: { name: string; value: number | null; threshold: number; pass: boolean }[]
      sides: Record<'a' | 'b', { target: { mode: string }; requests: number }>
      prompts: { id: string; similarity: number }[]
    }
    assert.equal(printed.verdict, 'parity', JSON.stringify(printed.criteria))
    assert.equal(printed.criteria.find((item) => item.name === 'latency_ratio_p95')!.threshold, 3)
    for (const item of printed.criteria) {
      assert.deepEqual(Object.keys(item).slice(0, 3), ['name', 'value', 'threshold'])
      assert.equal(typeof item.pass, 'boolean')
    }
    assert.equal(printed.sides.a.target.mode, 'http')
    assert.equal(printed.sides.b.target.mode, 'in-process')
    assert.deepEqual(
      printed.prompts.map((row) => row.id),
      ['line-2', 'line-3', 'line-5'],
    )
    // The same voice through HTTP (resampled to 24 kHz PCM) and in-process (16 kHz) is still the same voice.
    for (const row of printed.prompts) assert.ok(row.similarity > 0.97, `${row.id}: ${row.similarity}`)

    const saved = JSON.parse(await readFile(join(out, 'compare.json'), 'utf8')) as {
      verdict: string
      criteria: unknown
    }
    assert.equal(saved.verdict, 'parity')
    assert.deepEqual(saved.criteria, printed.criteria)
    const spec = JSON.parse(await readFile(join(out, 'spec.json'), 'utf8')) as { a: { url: string }; asr: boolean }
    assert.equal(spec.a.url, server.url)
    assert.equal(spec.asr, false)
    assert.match(await readFile(join(out, 'SUMMARY.md'), 'utf8'), /^# chorus compare: parity/)
    const html = await readFile(join(out, 'report.html'), 'utf8')
    const clips = [...html.matchAll(/src="data:audio\/wav;base64,([^"]+)"/g)].map((match) =>
      decodeWav(Buffer.from(match[1]!, 'base64')),
    )
    assert.equal(clips.length, 6, 'a player for A and B of every prompt')
    for (const clip of clips) assert.ok(durationSeconds(clip) > 0.5, `a clip of speech, ${durationSeconds(clip)} s`)
    assert.match(result.stderr, /\[1\/3\] round 1 line-2: A \d+ ms · B \d+ ms/)
  })

  test('two voices from the CLI: not parity, exit 1, the failing criterion on stdout', async () => {
    const out = join(root, 'two-voices')
    const result = await compare(
      [`${server.url}#slt`, `${server.url}#awb`, '--prompts', promptsFile, '--no-asr', '--warmup', '0', '-o', out],
      root,
    )
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stdout, /^NOT parity: B `http:\/\/127\.0\.0\.1:\d+#awb` cannot stand in for A/)
    assert.match(result.stdout, /FAIL {2}mean_similarity 0\.\d{3} \(≥ 0\.930\)/)
    assert.match(result.stdout, /skip {2}wer_delta \(no ASR\)/)
    const saved = JSON.parse(await readFile(join(out, 'compare.json'), 'utf8')) as {
      verdict: string
      sides: { a: { warmup: { requests: number } } }
    }
    assert.equal(saved.verdict, 'not_parity')
    assert.equal(saved.sides.a.warmup.requests, 0)
  })
})
