/**
 * Per-backend pools against a real Chatterbox-wire-format server that counts how many requests it works on at once:
 * `concurrency` is a hard ceiling on upstream load (engine servers such as Chatterbox take one request at a time), and
 * a full `queue` answers at once with 503 CHORUS_ERR_QUEUE_FULL and a Retry-After, instead of piling up.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startChatterboxServer, type ChatterboxServer } from '../helpers/chatterbox-server.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { metricValue, postSpeech, startGateway, waitFor, type Gateway, type SpeechAnswer } from '../helpers/gateway.js'

const VOICES = { narrator: { reference_audio: 'voices/rms.wav' } }
const SLOW_MS = 1000

async function assertSpeech(answer: SpeechAnswer): Promise<void> {
  assert.equal(answer.status, 200, `${answer.status} ${answer.error?.code ?? ''}`)
  assertSpeechLike(await decodeAudio('wav', answer.bytes), { minSeconds: 0.5, maxSeconds: 10 })
}

describe('backend pools in front of a one-at-a-time engine server', () => {
  let tightServer: ChatterboxServer
  let patientServer: ChatterboxServer
  let gateway: Gateway

  before(async () => {
    tightServer = await startChatterboxServer()
    patientServer = await startChatterboxServer()
    const chatterbox = (id: string, url: string, queue: number) => ({
      id,
      kind: 'chatterbox-http',
      url,
      voices: VOICES,
      concurrency: 1,
      queue,
      timeouts: { connectMs: 1000, firstByteMs: 15_000, totalMs: 60_000 },
      health: { intervalMs: 0 },
    })
    gateway = await startGateway({
      backends: [chatterbox('tight', tightServer.url, 2), chatterbox('patient', patientServer.url, 32)],
      // No fallback: what the pool decides is what the client sees.
      voices: { tight: 'tight:narrator', patient: 'patient:narrator' },
    })
  })
  after(async () => {
    await gateway?.close()
    await tightServer?.close()
    await patientServer?.close()
  })

  test('with concurrency 1 and queue 2, 8 simultaneous requests: 3 are served, 5 get 503 QUEUE_FULL with Retry-After', async () => {
    await tightServer.setFault({ delayMs: SLOW_MS })
    const texts = Array.from({ length: 8 }, (_, i) => `Caller ${i + 1} would like to be heard.`)
    const answers = Promise.all(
      texts.map((input) => postSpeech(gateway.url, { voice: 'tight', input }, AbortSignal.timeout(30_000))),
    )

    // While the first request is slow, the scrape shows one in flight and a full queue of two.
    const sawFullQueue = await waitFor(
      async () => {
        const samples = await gateway.metrics()
        return (
          metricValue(samples, 'chorus_backend_queue_depth', { backend: 'tight' }) === 2 &&
          metricValue(samples, 'chorus_backend_in_flight', { backend: 'tight' }) === 1
        )
      },
      { timeoutMs: 2 * SLOW_MS, intervalMs: 20 },
    )
    const results = await answers

    const served = results.filter((answer) => answer.status === 200)
    const refused = results.filter((answer) => answer.status !== 200)
    assert.equal(served.length, 3, 'one in the slot plus two in the queue')
    assert.equal(refused.length, 5)
    for (const answer of served) await assertSpeech(answer)
    for (const answer of refused) {
      assert.equal(answer.status, 503)
      assert.equal(answer.error?.code, 'CHORUS_ERR_QUEUE_FULL')
      const retryAfter = answer.headers.get('retry-after')
      assert.match(retryAfter ?? '', /^\d+$/, `Retry-After is a whole number of seconds (got ${retryAfter})`)
      assert.ok(Number(retryAfter) >= 1)
    }
    // Refused at once, not after waiting for a slot: every refusal came back before the first request was served.
    const firstServedMs = Math.min(...served.map((answer) => answer.elapsedMs))
    const slowestRefusalMs = Math.max(...refused.map((answer) => answer.elapsedMs))
    assert.ok(
      slowestRefusalMs < firstServedMs,
      `refusals took up to ${slowestRefusalMs.toFixed(0)} ms, the first served ${firstServedMs.toFixed(0)} ms`,
    )
    assert.equal(tightServer.maxConcurrent, 1, 'the engine server never had two requests at once')
    assert.equal(tightServer.requests.length, 3, 'refused requests never reached the engine server')
    assert.ok(
      sawFullQueue,
      'GET /metrics showed chorus_backend_queue_depth 2 and chorus_backend_in_flight 1 while the queue was full',
    )
    const afterwards = await gateway.metrics()
    assert.equal(metricValue(afterwards, 'chorus_backend_queue_depth', { backend: 'tight' }), 0)
    assert.equal(metricValue(afterwards, 'chorus_backend_in_flight', { backend: 'tight' }), 0)
    assert.equal(metricValue(afterwards, 'chorus_requests_total', { route: '/v1/audio/speech', status: '503' }), 5)
    // A full queue is back-pressure, not a sick backend: the circuit stays closed.
    assert.equal(metricValue(afterwards, 'chorus_backend_circuit_state', { backend: 'tight' }), 0)
    await tightServer.setFault('none')
  })

  test('a queued request whose client gives up leaves the queue and never reaches the engine server', async () => {
    await tightServer.setFault({ delayMs: SLOW_MS })
    const receivedBefore = tightServer.requests.length
    try {
      const first = postSpeech(
        gateway.url,
        { voice: 'tight', input: 'I hold the only slot.' },
        AbortSignal.timeout(30_000),
      )
      assert.ok(
        await waitFor(() => tightServer.inFlight === 1, { timeoutMs: SLOW_MS }),
        'the first request holds the slot',
      )
      // Two callers queue behind it, then hang up.
      const quitters = [1, 2].map((i) =>
        postSpeech(gateway.url, { voice: 'tight', input: `Quitter ${i}.` }, AbortSignal.timeout(150)),
      )
      for (const quitter of quitters) await assert.rejects(quitter)
      // Their places are free again: two new callers are queued, not refused.
      const patient = [1, 2].map((i) =>
        postSpeech(gateway.url, { voice: 'tight', input: `Latecomer ${i} waits.` }, AbortSignal.timeout(30_000)),
      )
      const answers = await Promise.all([first, ...patient])
      for (const answer of answers) await assertSpeech(answer)
      assert.equal(tightServer.requests.length - receivedBefore, 3, 'the two who hung up were never sent upstream')
      assert.ok(!tightServer.requests.some((record) => String(record.body.text).startsWith('Quitter')))
      assert.equal(tightServer.maxConcurrent, 1)
    } finally {
      await tightServer.setFault('none')
    }
  })

  test('with concurrency 1 and a generous queue, 20 simultaneous requests all succeed and never overlap upstream', async () => {
    await patientServer.setFault({ delayMs: 30 })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postSpeech(
          gateway.url,
          { voice: 'patient', input: `Patient caller number ${i + 1}.` },
          AbortSignal.timeout(60_000),
        ),
      ),
    )
    for (const answer of results) await assertSpeech(answer)
    assert.ok(results.every((answer) => answer.headers.get('x-chorus-backend') === 'patient'))
    assert.equal(patientServer.requests.length, 20)
    assert.equal(patientServer.maxConcurrent, 1, 'the engine server never had two requests at once')
    assert.ok(
      patientServer.requests.every((record) => !record.closedEarly),
      'every upstream answer was read to the end',
    )
  })
})
