/**
 * `chorus doctor --wait` in a restart script: it keeps checking what fails and exits 0 as soon as everything passes,
 * or 1 once its timeout is spent, never later than the timeout allows. The backend that comes up late is a real
 * Chorus behind the fault proxy, refusing connections until the proxy starts listening again.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { DoctorReport } from '../../src/doctor/report.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { startTestServer } from '../helpers/server.js'
import { check, closedPort, runDoctorCli, writeConfig, type ConfigFile } from './doctor-fixtures.js'

const COMES_UP_AFTER_MS = 1500

describe('chorus doctor --wait', () => {
  let upstream: ChorusServer
  let proxy: FaultProxy
  const files: ConfigFile[] = []

  before(async () => {
    upstream = await startTestServer()
    proxy = await startFaultProxy(upstream.url)
  })
  after(async () => {
    await proxy.close()
    await upstream.close()
    await Promise.all(files.map((file) => file.remove()))
  })

  test('exits 0 once a backend that was down comes up, after checking it again', async () => {
    await proxy.setMode('refuse')
    const file = await writeConfig({
      server: { port: await closedPort() },
      backends: [{ id: 'late', kind: 'openai-http', url: proxy.url }],
    })
    files.push(file)
    let upTimer: NodeJS.Timeout | undefined
    const args = ['--config', file.file, '--json', '--wait', '--interval', '250ms', '--timeout', '40s']
    const run = await runDoctorCli(args, (stderr) => {
      // The clock starts once the doctor has seen the backend down, however slowly the process started.
      if (upTimer === undefined && stderr.includes('round 1')) {
        upTimer = setTimeout(() => void proxy.setMode('pass'), COMES_UP_AFTER_MS)
      }
    })
    clearTimeout(upTimer)
    assert.equal(run.code, 0, run.stderr + run.stdout)
    const report = JSON.parse(run.stdout) as DoctorReport
    assert.equal(report.ok, true)
    // Down for 1.5 s, tried every 0.25 s: several rounds failed before the one that passed.
    assert.ok(report.rounds >= 3, `rounds ${report.rounds}`)
    assert.ok(report.elapsedMs >= COMES_UP_AFTER_MS, `elapsed ${report.elapsedMs} ms`)
    assert.equal(check(report, 'late', 'smoke').status, 'pass')
    assert.match(run.stderr, /doctor: round 1 \([\d.]+ s\): 1 failing \(late reachable\); retrying in 0\.25 s/)
    // It stops at the first round that passes: well before its 40 s timeout.
    assert.ok(report.elapsedMs < 20_000, `elapsed ${report.elapsedMs} ms`)
  })

  test('gives up with exit 1 and the last table once --timeout is spent on a backend that stays down', async () => {
    const file = await writeConfig({
      server: { port: await closedPort() },
      backends: [{ id: 'dead', kind: 'openai-http', url: `http://127.0.0.1:${await closedPort()}`, voices: ['alloy'] }],
    })
    files.push(file)
    const run = await runDoctorCli([
      '--config',
      file.file,
      '--json',
      '--wait',
      '--interval',
      '500ms',
      '--timeout',
      '2s',
    ])
    assert.equal(run.code, 1, run.stderr + run.stdout)
    const report = JSON.parse(run.stdout) as DoctorReport
    assert.equal(report.ok, false)
    assert.equal(check(report, 'dead', 'reachable').status, 'fail')
    // ⌈2 s / 0.5 s⌉ + 1 rounds at most, and no longer than the timeout plus one round's work.
    assert.ok(report.rounds >= 2 && report.rounds <= 5, `rounds ${report.rounds}`)
    assert.ok(report.elapsedMs >= 1900 && report.elapsedMs < 3500, `elapsed ${report.elapsedMs} ms`)
    assert.match(run.stderr, /doctor: still failing after 2 s/)
    // Process start and engine shutdown under a loaded machine included, still bounded.
    assert.ok(run.wallMs < 20_000, `wall ${run.wallMs} ms`)
  })

  test('Ctrl-C while waiting stops at once with exit 130', async () => {
    const file = await writeConfig({
      server: { port: await closedPort() },
      backends: [{ id: 'dead', kind: 'openai-http', url: `http://127.0.0.1:${await closedPort()}`, voices: ['alloy'] }],
    })
    files.push(file)
    let interruptedAt = 0
    const run = await runDoctorCli(
      ['--config', file.file, '--wait', '--interval', '200ms', '--timeout', '60s'],
      (stderr, child) => {
        if (interruptedAt === 0 && stderr.includes('round 1')) {
          interruptedAt = performance.now()
          child.kill('SIGINT')
        }
      },
    )
    assert.equal(run.code, 130, run.stderr + run.stdout)
    assert.match(run.stderr, /CHORUS_ERR_ABORTED: doctor interrupted/)
    assert.equal(run.stdout, '')
    assert.ok(interruptedAt > 0)
  })
})
