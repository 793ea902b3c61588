/**
 * The official `openai` client against a real Chorus server: every response_format, chunked streaming and SSE,
 * with every answer decoded and checked as speech.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import OpenAI from 'openai'
import { RESPONSE_FORMATS } from '../../src/audio/encoders/index.js'
import { durationSeconds } from '../../src/audio/pcm.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { startTestServer } from '../helpers/server.js'

const SENTENCE = 'Chorus turns text into speech for every format a client asks for.'

describe('OpenAI SDK against Chorus', () => {
  let server: ChorusServer
  let client: OpenAI
  before(async () => {
    server = await startTestServer()
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 })
  })
  after(async () => {
    await server.close()
  })

  for (const format of RESPONSE_FORMATS) {
    test(`audio.speech.create returns decodable ${format} speech at 24 kHz`, async () => {
      const response = await client.audio.speech.create({
        model: 'tts-1',
        voice: 'alloy',
        input: SENTENCE,
        response_format: format,
      })
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('x-chorus-backend'), 'flite-wasi')
      const bytes = new Uint8Array(await response.arrayBuffer())
      const audio = await decodeAudio(format, bytes)
      // Opus always decodes at 48 kHz (RFC 7845); every other format carries Chorus's 24 kHz output rate.
      assert.equal(audio.sampleRate, format === 'opus' ? 48000 : 24000)
      assertSpeechLike(audio, { minSeconds: 2, maxSeconds: 9 })
    })
  }

  test('the default response_format is mp3', async () => {
    const response = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'onyx',
      input: 'Default format.',
    })
    assert.equal(response.headers.get('content-type'), 'audio/mpeg')
    assertSpeechLike(await decodeAudio('mp3', new Uint8Array(await response.arrayBuffer())), {
      minSeconds: 0.5,
      maxSeconds: 5,
    })
  })

  test('every OpenAI voice name works out of the box', async () => {
    for (const voice of [
      'alloy',
      'ash',
      'ballad',
      'coral',
      'echo',
      'fable',
      'onyx',
      'nova',
      'sage',
      'shimmer',
      'verse',
      'marin',
      'cedar',
    ]) {
      const response = await client.audio.speech.create({ model: 'tts-1', voice, input: 'Hi.', response_format: 'wav' })
      assertSpeechLike(await decodeAudio('wav', new Uint8Array(await response.arrayBuffer())), {
        minSeconds: 0.2,
        maxSeconds: 4,
      })
    }
  })

  test('engine voices are accepted by their own id, and instructions are accepted', async () => {
    const response = await client.audio.speech.create({
      model: 'tts-1',
      voice: 'kal16',
      input: 'Engine voice by id.',
      instructions: 'Speak cheerfully.',
      response_format: 'flac',
    })
    assert.equal(response.headers.get('x-chorus-voice'), 'kal16')
    assertSpeechLike(await decodeAudio('flac', new Uint8Array(await response.arrayBuffer())), {
      minSeconds: 0.5,
      maxSeconds: 5,
    })
  })

  test('speed changes the duration', async () => {
    const lengthAt = async (speed: number) => {
      const response = await client.audio.speech.create({
        model: 'tts-1',
        voice: 'alloy',
        input: SENTENCE,
        response_format: 'wav',
        speed,
      })
      return durationSeconds(await decodeAudio('wav', new Uint8Array(await response.arrayBuffer())))
    }
    const normal = await lengthAt(1)
    const slow = await lengthAt(0.5)
    const fast = await lengthAt(2)
    assert.ok(slow > normal * 1.6, `slow ${slow} vs ${normal}`)
    assert.ok(fast < normal * 0.65, `fast ${fast} vs ${normal}`)
  })

  for (const format of ['pcm', 'mp3', 'opus', 'wav'] as const) {
    test(`stream_format=audio streams ${format} in several chunks that decode as one stream`, async () => {
      const text = 'This is the first sentence. Here comes a second sentence. And finally a third one to finish.'
      const response = await client.audio.speech.create({
        model: 'tts-1',
        voice: 'nova',
        input: text,
        response_format: format,
        stream_format: 'audio',
      })
      assert.equal(response.headers.get('transfer-encoding'), 'chunked')
      const chunks: Uint8Array[] = []
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk)
      assert.ok(chunks.length >= 2, `several chunks arrived (${chunks.length})`)
      const audio = await decodeAudio(format, new Uint8Array(Buffer.concat(chunks)))
      assertSpeechLike(audio, { minSeconds: 3, maxSeconds: 12 })
    })
  }

  test('stream_format=sse sends speech.audio.delta events and a final speech.audio.done', async () => {
    const response = await client.audio.speech.create({
      model: 'tts-1',
      voice: 'sage',
      input: 'Server sent events carry the audio. One delta at a time.',
      response_format: 'pcm',
      stream_format: 'sse',
    })
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/)
    const text = await response.text()
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('data: '))
      .map((block) => JSON.parse(block.slice(6)) as { type: string; audio?: string })
    const deltas = events.filter((event) => event.type === 'speech.audio.delta')
    assert.ok(deltas.length >= 2, 'several deltas')
    assert.equal(events.at(-1)!.type, 'speech.audio.done')
    const pcm = Buffer.concat(deltas.map((event) => Buffer.from(event.audio!, 'base64')))
    assertSpeechLike(await decodeAudio('pcm', new Uint8Array(pcm)), { minSeconds: 2, maxSeconds: 10 })
  })

  test('models and voices are listed', async () => {
    const models = await client.models.list()
    const ids = models.data.map((model) => model.id)
    for (const id of ['chorus', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'flite-wasi']) assert.ok(ids.includes(id), id)
    for (const id of ['whisper-1', 'gpt-4o-transcribe', 'pocketsphinx'])
      assert.ok(ids.includes(id), `transcription model ${id}`)
    assert.equal((await client.models.retrieve('whisper-1')).id, 'whisper-1')
    const voices = (await (await fetch(`${server.url}/v1/audio/voices`)).json()) as { voices: string[] }
    for (const id of ['alloy', 'cedar', 'slt', 'kal16', 'rms', 'awb']) assert.ok(voices.voices.includes(id), id)
  })

  test('/health and /ready answer', async () => {
    const health = await fetch(`${server.url}/health`)
    assert.equal(health.status, 200)
    assert.equal(((await health.json()) as { status: string }).status, 'ok')
    const ready = await fetch(`${server.url}/ready`)
    assert.equal(ready.status, 200)
    assert.equal(((await ready.json()) as { status: string }).status, 'ready')
  })
})
