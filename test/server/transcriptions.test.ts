/**
 * POST /v1/audio/transcriptions on a real Chorus server, through the official `openai` client and raw multipart
 * requests: every response format (with SubRip and WebVTT syntax checked), compressed uploads decoded by ffmpeg,
 * every error case by status and code, failover over configured ASR engines, and the API key guard. Speech comes
 * from the embedded engine; the recognizer is PocketSphinx.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import Fastify from 'fastify'
import OpenAI, { toFile } from 'openai'
import { concatSamples, durationSeconds, type PcmAudio } from '../../src/audio/pcm.js'
import { encodeWav } from '../../src/audio/wav.js'
import { loadConfig } from '../../src/config/load.js'
import type { AsrEngine } from '../../src/engines/asr/asr-engine.js'
import { AsrRouter } from '../../src/engines/asr/asr-router.js'
import { startServer, type ChorusServer } from '../../src/server/chorus-server.js'
import { installErrorHandlers } from '../../src/server/error-handler.js'
import { transcriptionRoutes } from '../../src/server/routes/transcriptions.js'
import { corpusWordErrorRate, synthesizeClips } from '../contracts/asr-engine.contract.js'
import { startTestServer } from '../helpers/server.js'

const FIRST = 'The quick brown fox jumps over the lazy dog.'
const SECOND = 'I think we should go back to the house now.'
/** Two sentences with 1.5 s of silence between them: PocketSphinx hears two utterances, so captions get two cues. */
let speech: PcmAudio
let wav: Buffer

/** `00:00:01,234` (SubRip) or `00:00:01.234` (WebVTT) → seconds. */
function seconds(timestamp: string): number {
  const [hours, minutes, rest] = timestamp.split(':') as [string, string, string]
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(rest.replace(',', '.'))
}

/** Parses caption cues, asserting the syntax of each block; returns their times and text. */
function parseCues(body: string, format: 'srt' | 'vtt'): { start: number; end: number; text: string }[] {
  const separator = format === 'srt' ? ',' : '\\.'
  const timing = new RegExp(`^(\\d{2}:\\d{2}:\\d{2}${separator}\\d{3}) --> (\\d{2}:\\d{2}:\\d{2}${separator}\\d{3})$`)
  let rest = body
  if (format === 'vtt') {
    assert.ok(body.startsWith('WEBVTT\n\n'), 'WebVTT starts with its signature line and a blank line')
    rest = body.slice('WEBVTT\n\n'.length)
  }
  assert.ok(rest.endsWith('\n\n'), 'every cue ends with a blank line')
  return rest
    .trimEnd()
    .split('\n\n')
    .map((block, index) => {
      const lines = block.split('\n')
      if (format === 'srt') assert.equal(lines.shift(), String(index + 1), 'SubRip cues are numbered from 1')
      const match = timing.exec(lines[0] ?? '')
      assert.ok(match, `timing line: ${lines[0]}`)
      const text = lines.slice(1).join(' ')
      assert.ok(text.trim().length > 0, 'each cue has text')
      return { start: seconds(match[1]!), end: seconds(match[2]!), text }
    })
}

async function post(
  url: string,
  fields: Record<string, string | string[]>,
  file?: { bytes: Uint8Array; name: string },
  headers = {},
) {
  const form = new FormData()
  if (file) form.append('file', new Blob([file.bytes]), file.name)
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item)
  const response = await fetch(`${url}/v1/audio/transcriptions`, { method: 'POST', body: form, headers })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as { error: { code: string; param: string | null; message: string } },
  }
}

before(async () => {
  const [first, second] = await synthesizeClips([
    { text: FIRST, voice: 'slt' },
    { text: SECOND, voice: 'slt' },
  ])
  speech = {
    samples: concatSamples([first!.samples, new Float32Array(first!.sampleRate * 1.5), second!.samples]),
    sampleRate: first!.sampleRate,
  }
  wav = Buffer.from(encodeWav(speech))
})

describe('POST /v1/audio/transcriptions', () => {
  let server: ChorusServer
  let client: OpenAI
  before(async () => {
    server = await startTestServer()
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed', maxRetries: 0 })
  })
  after(async () => {
    await server.close()
  })

  test('verbose_json with word timestamps through the openai client: text, words, segments, duration, language', async () => {
    const result = await client.audio.transcriptions.create({
      file: await toFile(wav, 'a.wav'),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word'],
    })
    const wer = corpusWordErrorRate([{ reference: `${FIRST} ${SECOND}`, hypothesis: result.text }])
    assert.ok(wer <= 0.2, `WER ${(wer * 100).toFixed(1)}%: ${result.text}`)
    assert.equal(result.language, 'english')
    assert.ok(Math.abs(result.duration - durationSeconds(speech)) < 0.01)
    const words = result.words!
    assert.ok(words.length >= 15)
    let previousEnd = 0
    for (const word of words) {
      assert.ok(
        word.start >= previousEnd - 0.011 && word.end >= word.start && word.end <= result.duration,
        `${word.word} ${word.start}–${word.end}`,
      )
      previousEnd = word.end
    }
    // The second sentence starts after the 1.5 s of silence.
    const pause = words.findIndex((word, index) => index > 0 && word.start - words[index - 1]!.end > 1)
    assert.ok(pause > 0, 'the pause shows in the word timings')
    assert.equal(result.segments!.length, 2)
    for (const segment of result.segments!) {
      assert.equal(typeof segment.avg_logprob, 'number')
      assert.ok(segment.end > segment.start && segment.text.length > 0)
    }
  })

  test('json (the default) answers { text } and names the engine that served', async () => {
    const response = await client.audio.transcriptions
      .create({ file: await toFile(wav, 'a.wav'), model: 'whisper-1' })
      .withResponse()
    assert.deepEqual(Object.keys(response.data), ['text'])
    assert.ok(response.data.text.startsWith('the quick brown fox'))
    assert.equal(response.response.headers.get('x-chorus-backend'), 'pocketsphinx')
    assert.equal(response.response.headers.get('x-chorus-failovers'), '0')
  })

  test('text answers the plain transcript', async () => {
    const text = await client.audio.transcriptions.create({
      file: await toFile(wav, 'a.wav'),
      model: 'whisper-1',
      response_format: 'text',
    })
    assert.equal(typeof text, 'string')
    assert.match(text, /^the quick brown fox .*house now\n$/)
  })

  for (const format of ['srt', 'vtt'] as const) {
    test(`${format} answers valid ${format === 'srt' ? 'SubRip' : 'WebVTT'}: one cue per utterance, times in order`, async () => {
      const body = await client.audio.transcriptions.create({
        file: await toFile(wav, 'a.wav'),
        model: 'whisper-1',
        response_format: format,
      })
      const cues = parseCues(body, format)
      assert.equal(cues.length, 2)
      assert.match(cues[0]!.text, /quick brown fox/)
      assert.match(cues[1]!.text, /house now/)
      assert.ok(
        cues[0]!.start < cues[0]!.end && cues[0]!.end + 1 < cues[1]!.start && cues[1]!.end <= durationSeconds(speech),
      )
    })
  }

  test('verbose_json without granularities has segments and no words; model may name the ASR engine', async () => {
    const response = await post(
      server.url,
      { model: 'pocketsphinx', response_format: 'verbose_json', language: 'en' },
      { bytes: wav, name: 'a.wav' },
    )
    assert.equal(response.status, 200)
    const body = JSON.parse(response.text) as Record<string, unknown>
    assert.deepEqual(Object.keys(body).sort(), ['duration', 'language', 'segments', 'task', 'text'])
  })

  test('mp3, flac and ogg from Chorus’s own speech endpoint, and webm, are decoded with ffmpeg', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'chorus-transcriptions-'))
    try {
      const uploads: [string, Buffer][] = []
      for (const [format, name] of [
        ['mp3', 'a.mp3'],
        ['flac', 'a.flac'],
        ['opus', 'a.ogg'],
      ] as const) {
        const audio = await client.audio.speech.create({
          model: 'tts-1',
          voice: 'alloy',
          input: FIRST,
          response_format: format,
        })
        uploads.push([name, Buffer.from(await audio.arrayBuffer())])
      }
      await writeFile(join(scratch, 'in.wav'), wav)
      const encoded = spawnSync('ffmpeg', [
        '-nostdin',
        '-loglevel',
        'error',
        '-i',
        join(scratch, 'in.wav'),
        '-c:a',
        'libopus',
        join(scratch, 'a.webm'),
      ])
      assert.equal(encoded.status, 0, String(encoded.stderr))
      uploads.push(['a.webm', await readFile(join(scratch, 'a.webm'))])
      for (const [name, bytes] of uploads) {
        const text = await client.audio.transcriptions.create({
          file: await toFile(bytes, name),
          model: 'whisper-1',
          response_format: 'text',
        })
        assert.match(text, /quick brown fox/, `${name}: ${text}`)
      }
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  })

  describe('errors, by status and code', () => {
    const cases: {
      name: string
      fields: Record<string, string | string[]>
      file?: () => { bytes: Uint8Array; name: string }
      status: number
      code: string
      param?: string | null
    }[] = [
      { name: 'no file', fields: { model: 'whisper-1' }, status: 400, code: 'CHORUS_ERR_MISSING_PARAM', param: 'file' },
      {
        name: 'no model',
        fields: {},
        file: () => ({ bytes: wav, name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_MISSING_PARAM',
        param: 'model',
      },
      {
        name: 'an unknown model',
        fields: { model: 'tts-1' },
        file: () => ({ bytes: wav, name: 'a.wav' }),
        status: 404,
        code: 'CHORUS_ERR_MODEL_NOT_FOUND',
        param: 'model',
      },
      {
        name: 'an empty file',
        fields: { model: 'whisper-1' },
        file: () => ({ bytes: new Uint8Array(0), name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_AUDIO_UNDECODABLE',
        param: 'file',
      },
      {
        name: 'a file that is not audio',
        fields: { model: 'whisper-1' },
        file: () => ({
          bytes: new TextEncoder().encode('these are not the bytes of any audio format at all'),
          name: 'a.mp3',
        }),
        status: 400,
        code: 'CHORUS_ERR_AUDIO_UNDECODABLE',
        param: 'file',
      },
      {
        name: 'a WAV header with no samples',
        fields: { model: 'whisper-1' },
        file: () => ({ bytes: wav.subarray(0, 44), name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_AUDIO_UNDECODABLE',
      },
      {
        name: 'an unsupported response_format',
        fields: { model: 'whisper-1', response_format: 'xml' },
        file: () => ({ bytes: wav, name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_FORMAT_UNSUPPORTED',
        param: 'response_format',
      },
      {
        name: 'an unknown timestamp granularity',
        fields: {
          model: 'whisper-1',
          response_format: 'verbose_json',
          'timestamp_granularities[]': ['word', 'phoneme'],
        },
        file: () => ({ bytes: wav, name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_INVALID_PARAM',
        param: 'timestamp_granularities',
      },
      {
        name: 'a language no ASR engine knows',
        fields: { model: 'whisper-1', language: 'de' },
        file: () => ({ bytes: wav, name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_INVALID_PARAM',
        param: 'language',
      },
      {
        name: 'a malformed language',
        fields: { model: 'whisper-1', language: 'english please' },
        file: () => ({ bytes: wav, name: 'a.wav' }),
        status: 400,
        code: 'CHORUS_ERR_INVALID_PARAM',
        param: 'language',
      },
    ]
    for (const { name, fields, file, status, code, param } of cases) {
      test(`${name} → ${status} ${code}`, async () => {
        const response = await post(server.url, fields, file?.())
        assert.equal(response.status, status, response.text)
        const { error } = response.json()
        assert.equal(error.code, code)
        if (param !== undefined) assert.equal(error.param, param)
        assert.ok(error.message.length > 10)
      })
    }

    test('a file over 25 MiB → 413 CHORUS_ERR_FILE_TOO_LARGE', async () => {
      const response = await post(
        server.url,
        { model: 'whisper-1' },
        { bytes: new Uint8Array(25 * 1024 * 1024 + 1), name: 'a.wav' },
      )
      assert.equal(response.status, 413)
      assert.equal(response.json().error.code, 'CHORUS_ERR_FILE_TOO_LARGE')
    })

    test('a JSON body → 400 CHORUS_ERR_MULTIPART_INVALID', async () => {
      const response = await fetch(`${server.url}/v1/audio/transcriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'whisper-1', file: 'a.wav' }),
      })
      assert.equal(response.status, 400)
      const { error } = (await response.json()) as { error: { code: string; message: string } }
      assert.equal(error.code, 'CHORUS_ERR_MULTIPART_INVALID')
      assert.match(error.message, /application\/json/)
    })

    test('the openai client sees the same errors as APIError with status and code', async () => {
      await assert.rejects(
        client.audio.transcriptions.create({ file: await toFile(Buffer.from('nope'), 'a.wav'), model: 'whisper-1' }),
        (error: unknown) =>
          error instanceof OpenAI.APIError && error.status === 400 && error.code === 'CHORUS_ERR_AUDIO_UNDECODABLE',
      )
    })
  })
})

describe('transcriptions with a configuration', () => {
  let scratch: string
  let server: ChorusServer
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'chorus-transcriptions-config-'))
    const file = join(scratch, 'chorus.config.json')
    await writeFile(
      file,
      JSON.stringify({
        server: { port: 0, logLevel: 'silent' },
        auth: { apiKeys: ['test-key-123456'] },
        asr: [
          // Nothing listens on port 9 of 127.0.0.1: the first engine is down, so the second serves.
          { id: 'whisper-down', kind: 'openai-transcriptions-http', url: 'http://127.0.0.1:9', connectTimeoutMs: 500 },
          { id: 'sphinx', kind: 'pocketsphinx', processes: 1 },
        ],
      }),
    )
    server = await startServer(await loadConfig({ file, env: {} }))
  })
  after(async () => {
    await server.close()
    await rm(scratch, { recursive: true, force: true })
  })

  test('routes over the configured ASR engines in order, failing over from one that is down', async () => {
    const response = await post(
      server.url,
      { model: 'whisper-1', response_format: 'text' },
      { bytes: wav, name: 'a.wav' },
      { authorization: 'Bearer test-key-123456' },
    )
    assert.equal(response.status, 200, response.text)
    assert.equal(response.headers.get('x-chorus-backend'), 'sphinx')
    assert.equal(response.headers.get('x-chorus-failovers'), '1')
    assert.match(response.text, /quick brown fox/)
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer test-key-123456' } })
    ).text()
    assert.match(metrics, /chorus_failovers_total\{from="whisper-down",reason="CHORUS_ERR_UPSTREAM_UNAVAILABLE"\} 1/)
  })

  test('model pinned to the engine that is down → its error, 503 CHORUS_ERR_UPSTREAM_UNAVAILABLE', async () => {
    const response = await post(
      server.url,
      { model: 'whisper-down' },
      { bytes: wav, name: 'a.wav' },
      { authorization: 'Bearer test-key-123456' },
    )
    assert.equal(response.status, 503)
    assert.equal(response.json().error.code, 'CHORUS_ERR_UPSTREAM_UNAVAILABLE')
  })

  test('the API key guard covers the route: no key → 401 CHORUS_ERR_UNAUTHORIZED', async () => {
    const response = await post(server.url, { model: 'whisper-1' }, { bytes: wav, name: 'a.wav' })
    assert.equal(response.status, 401)
    assert.equal(response.json().error.code, 'CHORUS_ERR_UNAUTHORIZED')
  })
})

describe('transcriptions without ffmpeg', () => {
  let url: string
  let close: () => Promise<void>
  before(async () => {
    // A recognizer stand-in: these tests are about decoding uploads, not recognition.
    const echo: AsrEngine = {
      id: 'echo',
      kind: 'embedded',
      capabilities: { wordTimestamps: false, languages: [] },
      transcribe: async (audio) => ({
        text: `heard ${durationSeconds(audio).toFixed(1)} seconds`,
        durationSeconds: durationSeconds(audio),
      }),
      health: async () => ({ ok: true }),
      close: async () => {},
    }
    const app = Fastify()
    installErrorHandlers(app, 1 << 20)
    await app.register(transcriptionRoutes, { asr: new AsrRouter([echo]), ffmpeg: null })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    close = () => app.close()
  })
  after(async () => {
    await close()
  })

  test('WAV still works', async () => {
    const response = await post(url, { model: 'whisper-1', response_format: 'text' }, { bytes: wav, name: 'a.wav' })
    assert.equal(response.status, 200)
    assert.equal(response.text, `heard ${durationSeconds(speech).toFixed(1)} seconds\n`)
  })

  test('an mp3 upload → 400 CHORUS_ERR_AUDIO_UNDECODABLE that says to install ffmpeg or send WAV', async () => {
    const mp3 = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64])
    const response = await post(url, { model: 'whisper-1' }, { bytes: mp3, name: 'a.mp3' })
    assert.equal(response.status, 400)
    const { error } = response.json()
    assert.equal(error.code, 'CHORUS_ERR_AUDIO_UNDECODABLE')
    assert.match(error.message, /mp3 file.*needs ffmpeg.*apt-get install ffmpeg.*Send WAV/)
  })

  test('srt and vtt of a transcript without timings are one cue spanning the audio', async () => {
    const srt = await post(url, { model: 'whisper-1', response_format: 'srt' }, { bytes: wav, name: 'a.wav' })
    const cues = parseCues(srt.text, 'srt')
    assert.equal(cues.length, 1)
    assert.equal(cues[0]!.start, 0)
    assert.ok(Math.abs(cues[0]!.end - durationSeconds(speech)) < 0.002)
    assert.equal(
      parseCues(
        (await post(url, { model: 'whisper-1', response_format: 'vtt' }, { bytes: wav, name: 'a.wav' })).text,
        'vtt',
      ).length,
      1,
    )
  })
})
