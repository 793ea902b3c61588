/**
 * Every way a speech request can be wrong gets a clear OpenAI-style JSON error with a stable code and the right
 * status; none yields a 200 or crashes the server.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { spawnChorus, startTestServer } from '../helpers/server.js'

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string }
}

const good = { model: 'tts-1', input: 'Hello there.', voice: 'alloy', response_format: 'wav' }

interface Case {
  readonly name: string
  readonly body: string
  readonly contentType?: string
  readonly status: number
  readonly code: string
  readonly param?: string | null
  readonly messageIncludes?: string[]
}

const json = (value: unknown): string => JSON.stringify(value)

const cases: Case[] = [
  { name: 'empty input', body: json({ ...good, input: '' }), status: 400, code: 'CHORUS_ERR_INPUT_EMPTY', param: 'input' },
  { name: 'whitespace input', body: json({ ...good, input: ' \n\t ' }), status: 400, code: 'CHORUS_ERR_INPUT_EMPTY', param: 'input' },
  { name: 'input without letters or digits', body: json({ ...good, input: '... !!! ---' }), status: 400, code: 'CHORUS_ERR_INPUT_EMPTY' },
  { name: 'missing input', body: json({ ...good, input: undefined }), status: 400, code: 'CHORUS_ERR_MISSING_PARAM', param: 'input' },
  { name: 'non-string input', body: json({ ...good, input: 42 }), status: 400, code: 'CHORUS_ERR_INVALID_PARAM', param: 'input' },
  {
    name: 'input over the 4096-character limit',
    body: json({ ...good, input: 'a'.repeat(4097) }),
    status: 400,
    code: 'CHORUS_ERR_INPUT_TOO_LONG',
    param: 'input',
    messageIncludes: ['4097', '4096'],
  },
  {
    name: 'unknown voice (message lists the valid voices)',
    body: json({ ...good, voice: 'darth' }),
    status: 400,
    code: 'CHORUS_ERR_VOICE_NOT_FOUND',
    param: 'voice',
    messageIncludes: ['darth', 'alloy', 'cedar', 'slt', 'kal16'],
  },
  { name: 'missing voice', body: json({ ...good, voice: undefined }), status: 400, code: 'CHORUS_ERR_MISSING_PARAM', param: 'voice' },
  { name: 'voice of the wrong type', body: json({ ...good, voice: 7 }), status: 400, code: 'CHORUS_ERR_INVALID_PARAM', param: 'voice' },
  { name: 'speed below 0.25', body: json({ ...good, speed: 0.1 }), status: 400, code: 'CHORUS_ERR_SPEED_OUT_OF_RANGE', param: 'speed' },
  { name: 'speed above 4', body: json({ ...good, speed: 4.5 }), status: 400, code: 'CHORUS_ERR_SPEED_OUT_OF_RANGE', param: 'speed' },
  { name: 'speed as a string', body: json({ ...good, speed: 'fast' }), status: 400, code: 'CHORUS_ERR_SPEED_OUT_OF_RANGE' },
  {
    name: 'unknown response_format',
    body: json({ ...good, response_format: 'ogg' }),
    status: 400,
    code: 'CHORUS_ERR_FORMAT_UNSUPPORTED',
    param: 'response_format',
    messageIncludes: ['ogg', 'mp3', 'opus', 'flac', 'wav', 'pcm'],
  },
  { name: 'unknown stream_format', body: json({ ...good, stream_format: 'mp4' }), status: 400, code: 'CHORUS_ERR_STREAM_FORMAT_UNSUPPORTED' },
  { name: 'unknown model', body: json({ ...good, model: 'tts-9000' }), status: 404, code: 'CHORUS_ERR_MODEL_NOT_FOUND', param: 'model' },
  { name: 'malformed JSON', body: '{"input": "hi", ', status: 400, code: 'CHORUS_ERR_MALFORMED_JSON' },
  { name: 'empty JSON body', body: '', status: 400, code: 'CHORUS_ERR_MALFORMED_JSON' },
  { name: 'a JSON array instead of an object', body: '[1,2]', status: 400, code: 'CHORUS_ERR_INVALID_PARAM' },
  { name: 'JSON null', body: 'null', status: 400, code: 'CHORUS_ERR_INVALID_PARAM' },
  { name: 'a body of the wrong content type', body: 'hello', contentType: 'text/plain', status: 415, code: 'CHORUS_ERR_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a body over the size limit', body: json({ ...good, input: 'x'.repeat(2 * 1024 * 1024) }), status: 413, code: 'CHORUS_ERR_BODY_TOO_LARGE' },
]

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  assert.equal(response.status, status)
  assert.match(response.headers.get('content-type') ?? '', /application\/json/)
  const body = (await response.json()) as ErrorBody
  assert.equal(body.error.code, code)
  assert.equal(typeof body.error.message, 'string')
  assert.ok(body.error.message.length > 10)
  assert.equal(typeof body.error.type, 'string')
  assert.ok('param' in body.error)
  return body
}

describe('speech request errors', () => {
  let server: ChorusServer
  before(async () => {
    server = await startTestServer()
  })
  after(async () => {
    await server.close()
  })

  for (const item of cases) {
    test(`${item.name} → ${item.status} ${item.code}`, async () => {
      const response = await fetch(`${server.url}/v1/audio/speech`, {
        method: 'POST',
        headers: { 'content-type': item.contentType ?? 'application/json' },
        body: item.body,
      })
      const body = await expectError(response, item.status, item.code)
      if (item.param !== undefined) assert.equal(body.error.param, item.param)
      for (const fragment of item.messageIncludes ?? []) assert.ok(body.error.message.includes(fragment), `message mentions ${fragment}: ${body.error.message}`)
    })
  }

  test('an unknown route → 404 CHORUS_ERR_ROUTE_NOT_FOUND', async () => {
    await expectError(await fetch(`${server.url}/v1/audio/nothing-here`), 404, 'CHORUS_ERR_ROUTE_NOT_FOUND')
    await expectError(await fetch(`${server.url}/v1/audio/speech`), 404, 'CHORUS_ERR_ROUTE_NOT_FOUND')
  })

  test('an unknown model id → 404 on /v1/models/:id', async () => {
    await expectError(await fetch(`${server.url}/v1/models/nope`), 404, 'CHORUS_ERR_MODEL_NOT_FOUND')
  })

  test('the server still serves after all the bad requests', async () => {
    const response = await fetch(`${server.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json(good),
    })
    assert.equal(response.status, 200)
    assert.ok((await response.arrayBuffer()).byteLength > 10_000)
  })
})

test('aac without ffmpeg on PATH → 400 CHORUS_ERR_FORMAT_UNAVAILABLE naming the formats that work', async () => {
  const chorus = await spawnChorus([], { ...process.env, PATH: '/nonexistent' })
  try {
    const response = await fetch(`${chorus.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json({ ...good, response_format: 'aac' }),
    })
    const body = await expectError(response, 400, 'CHORUS_ERR_FORMAT_UNAVAILABLE')
    assert.equal(body.error.param, 'response_format')
    for (const format of ['mp3', 'opus', 'flac', 'wav', 'pcm']) assert.ok(body.error.message.includes(format))
    assert.ok(body.error.message.includes('ffmpeg'))
    const wav = await fetch(`${chorus.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json(good),
    })
    assert.equal(wav.status, 200, 'other formats still work')
  } finally {
    await chorus.stop()
  }
})
