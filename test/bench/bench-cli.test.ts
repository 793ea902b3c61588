import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { CHORUS_BIN, startTestServer } from '../helpers/server.js'

let server: ChorusServer
let folder: string
before(async () => {
  server = await startTestServer()
  folder = await mkdtemp(join(tmpdir(), 'chorus-bench-cli-'))
  await writeFile(join(folder, 'prompts.txt'), '# two short prompts\nYour table is ready.\n\nThank you for waiting.\n')
})
after(async () => {
  await server.close()
  await rm(folder, { recursive: true, force: true })
})

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs bin/chorus asynchronously, so the in-process server keeps answering. */
function chorus(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CHORUS_BIN, ...args],
      { timeout: 60_000, env: { ...process.env, CHORUS_CONFIG: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

test('chorus bench --json prints the result shape, writes its reports, and a stored spec with a failed SLO exits 1', async () => {
  const out = join(folder, 'run')
  const run = await chorus([
    'bench',
    '--url',
    `${server.url}/v1/audio/speech`,
    '--prompts',
    join(folder, 'prompts.txt'),
    '--concurrency',
    '1,2',
    '--requests',
    '2',
    '--warmup',
    '0',
    '--timeout',
    '20s',
    '--slo',
    'ttfa=20s',
    '--slo',
    'p95=30s',
    '--out',
    out,
    '--json',
  ])
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout) as Record<string, unknown>
  for (const key of ['p50', 'p90', 'p95', 'p99'])
    assert.equal(typeof (result.latency_ms as Record<string, unknown>)[key], 'number', key)
  for (const key of ['p50', 'p95', 'p99'])
    assert.equal(typeof (result.ttfa_ms as Record<string, unknown>)[key], 'number', key)
  assert.equal(typeof result.rtf, 'number')
  assert.equal(typeof result.throughput_rps, 'number')
  assert.deepEqual(Object.keys(result.errors as object).sort(), [
    'aborted',
    'bad_audio',
    'connect',
    'contract',
    'http_4xx',
    'http_5xx',
    'other',
    'reasoning_leak',
    'timeout',
  ])
  assert.equal(result.error_rate, 0)
  assert.equal(result.requests, 4)
  const verdict = result.verdict as {
    verdict: string
    criteria: { name: string; value: number; threshold: number; pass: boolean }[]
  }
  assert.equal(verdict.verdict, 'pass')
  assert.deepEqual(
    Object.keys(verdict.criteria[0]!)
      .filter((key) => ['name', 'value', 'threshold', 'pass'].includes(key))
      .sort(),
    ['name', 'pass', 'threshold', 'value'],
  )
  assert.deepEqual((result.goodput as { slos: string[] }).slos, ['ttfa=20s'])
  assert.match(run.stderr, /\[2\/2\] c=2: 2\/2 ok/)
  // The reports are there, and the HTML carries its plots inline.
  const html = await readFile(join(out, 'report.html'), 'utf8')
  assert.match(html, /Latency CDF/)
  assert.match(html, /Throughput vs concurrency/)
  assert.ok((html.match(/<svg/g) ?? []).length >= 4)
  assert.match(await readFile(join(out, 'SUMMARY.md'), 'utf8'), /\| c=2 \| 2 \| 2 \|/)
  assert.deepEqual(JSON.parse(await readFile(join(out, 'bench.json'), 'utf8')).latency_ms, result.latency_ms)

  // spec.json runs again as it is; with an unmeetable p95 the verdict fails and the exit code is 1.
  const stored = JSON.parse(await readFile(join(out, 'spec.json'), 'utf8')) as {
    slos: string[]
    load: unknown
    requests: number
  }
  stored.slos = ['p95=1ms']
  stored.load = { mode: 'closed', concurrency: [1] }
  stored.requests = 1
  await writeFile(join(folder, 'strict.json'), JSON.stringify(stored))
  const strict = await chorus(['bench', '--spec', join(folder, 'strict.json'), '--out', join(folder, 'strict')])
  assert.equal(strict.code, 1, strict.stderr)
  assert.match(strict.stdout, /SLO verdict: fail/)
  assert.match(strict.stdout, /FAIL p95/)
})

test('chorus bench usage errors exit 2 with a coded message and no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['bench', '--url', `${server.url}/v1/audio/speech`, '--slo', 'p95=2'],
      /CHORUS_ERR_CLI_USAGE: .*give a unit: ms or s/,
    ],
    [['bench', '--url', server.url], /CHORUS_ERR_BENCH_SPEC_INVALID: .*base URL; say which endpoint/],
  ]
  for (const [args, message] of cases) {
    const run = await chorus(args)
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`)
    assert.match(run.stderr, message)
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace')
  }
})
