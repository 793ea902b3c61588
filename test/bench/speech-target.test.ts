import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { after, before, test } from 'node:test'
import { runBench } from '../../src/bench/run-bench.js'
import { parseBenchSpec } from '../../src/bench/spec.js'
import { endpointUrl, kindOfUrl, requestOpenAiSpeech } from '../../src/bench/targets/index.js'
import { AUDIO_DELAY_MS, HEADER_DELAY_MS, startSlowSpeechServer, type SlowSpeechServer } from './slow-speech-server.js'

let server: SlowSpeechServer
before(async () => {
  server = await startSlowSpeechServer()
})
after(() => server.close())

const speech = (text: string, extra: { timeoutMs?: number } = {}) =>
  requestOpenAiSpeech(
    { url: `${server.url}/v1/audio/speech`, prompt: { id: text, text }, voice: 'alloy', ...extra },
    new AbortController().signal,
  )

test('TTFA is timed at the first decodable sample: headers, then a WAV header 300 ms later, then audio 300 ms after', async () => {
  const spec = parseBenchSpec({
    target: { url: `${server.url}/v1/audio/speech` },
    load: { mode: 'closed', concurrency: [1] },
    requests: 2,
    prompts: { items: [{ id: 'slow', text: 'slow' }] },
  })
  const result = await runBench(spec, { signal: new AbortController().signal })
  assert.equal(result.ok, 2, JSON.stringify(result.error_samples))
  const floor = HEADER_DELAY_MS + AUDIO_DELAY_MS
  assert.ok(result.ttfa_ms.min >= floor, `TTFA ${result.ttfa_ms.min} ms must be ≥ ${floor} ms`)
  // The first body byte (the WAV header) came ~300 ms in: well before the first sample.
  assert.ok(result.first_byte_ms.max < floor - 150, `first byte at ${result.first_byte_ms.max} ms`)
  assert.ok(result.first_byte_ms.min >= HEADER_DELAY_MS - 5)
  // 0.5 s of audio at 24 kHz was decoded from the WAV the server sent.
  assert.ok(Math.abs(result.audio_seconds - 1) < 1e-6, `${result.audio_seconds} audio seconds`)
  assert.equal(server.bodies.at(-1)!.stream_format, 'audio')
  assert.equal(server.bodies.at(-1)!.response_format, 'pcm')
})

test('a headerless PCM answer is read at its X-Sample-Rate and its decoded audio returned on request', async () => {
  const outcome = await requestOpenAiSpeech(
    { url: `${server.url}/v1/audio/speech`, prompt: { id: 'tone', text: 'tone' }, keepAudio: true },
    new AbortController().signal,
  )
  assert.equal(outcome.ok, true, outcome.error)
  assert.equal(outcome.audio!.sampleRate, 24000)
  assert.equal(outcome.audio!.samples.length, 6000)
  assert.ok(Math.abs(outcome.audioSeconds! - 0.25) < 1e-9)
  assert.ok(outcome.ttfaMs! <= outcome.latencyMs)
})

test('failures are counted by kind: http_5xx, http_4xx, bad_audio (silent, not audio, cut), timeout, connect', async () => {
  const kinds = {
    'error-500': 'http_5xx',
    'error-400': 'http_4xx',
    silent: 'bad_audio',
    json: 'bad_audio',
    cut: 'bad_audio',
  } as const
  for (const [text, kind] of Object.entries(kinds)) {
    const outcome = await speech(text)
    assert.equal(outcome.ok, false, text)
    assert.equal(outcome.errorKind, kind, `${text}: ${outcome.error}`)
  }
  assert.match((await speech('error-500')).error!, /deliberate 500/)
  const hung = await speech('hang', { timeoutMs: 200 })
  assert.equal(hung.errorKind, 'timeout')
  assert.ok(hung.latencyMs >= 195 && hung.latencyMs < 1500)

  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as { port: number }).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  const refused = await requestOpenAiSpeech(
    { url: `http://127.0.0.1:${port}/v1/audio/speech`, prompt: { id: 'x', text: 'x' } },
    new AbortController().signal,
  )
  assert.equal(refused.errorKind, 'connect', refused.error)
})

test('a run cancelled mid-request reports the request as aborted, not as a timeout', async () => {
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 100).unref()
  const outcome = await requestOpenAiSpeech(
    { url: `${server.url}/v1/audio/speech`, prompt: { id: 'hang', text: 'hang' }, timeoutMs: 5000 },
    controller.signal,
  )
  assert.equal(outcome.errorKind, 'aborted')
})

test('endpoint URLs: a base URL gets the endpoint path, an endpoint URL names its kind', () => {
  assert.equal(endpointUrl('http://127.0.0.1:8880', 'openai-speech'), 'http://127.0.0.1:8880/v1/audio/speech')
  assert.equal(endpointUrl('http://127.0.0.1:8880/v1/', 'openai-chat'), 'http://127.0.0.1:8880/v1/chat/completions')
  assert.equal(endpointUrl('http://h:1/v1/tts', 'chatterbox-tts'), 'http://h:1/v1/tts')
  assert.equal(kindOfUrl('http://h:1/v1/audio/transcriptions'), 'openai-transcriptions')
  assert.equal(kindOfUrl('http://h:1/'), undefined)
  assert.throws(() => endpointUrl('http://h:1/v1/tts', 'openai-speech'), /chatterbox-tts endpoint, not openai-speech/)
  assert.throws(
    () =>
      parseBenchSpec({
        target: { url: 'http://h:1' },
        load: { mode: 'closed', concurrency: [1] },
        prompts: { set: 'scenarios' },
      }),
    /base URL; say which endpoint/,
  )
})
