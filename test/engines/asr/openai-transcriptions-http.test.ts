/**
 * The `openai-transcriptions-http` ASR engine. The shared contract runs against a real Chorus server whose
 * /v1/audio/transcriptions route transcribes with PocketSphinx, so the wire format is exercised end to end; the
 * other tests use small scripted servers for the answer shapes of OpenAI, Speaches and whisper.cpp, and for the
 * failure modes the shared upstream error mapping covers.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { PcmAudio } from '../../../src/audio/pcm.js'
import { decodeWav } from '../../../src/audio/wav.js'
import { parseTranscriptionResponse } from '../../../src/engines/asr/openai-transcriptions-http/response.js'
import { createAsrEngine } from '../../../src/engines/asr/registry.js'
import { ChorusError, isAbortError } from '../../../src/errors.js'
import type { ChorusServer } from '../../../src/server/chorus-server.js'
import { runAsrEngineContract, synthesizeClips } from '../../contracts/asr-engine.contract.js'
import { startTestServer } from '../../helpers/server.js'
import { childPids, waitFor } from '../process-probes.js'

const never = new AbortController().signal

let chorus: ChorusServer | undefined
after(async () => {
  await chorus?.close()
})

/** Same recognizer behind HTTP as in the pocketsphinx contract run, so the same bound and the same reasons (see there). */
runAsrEngineContract(
  'openai-transcriptions-http → Chorus → pocketsphinx',
  async () => {
    chorus = await startTestServer()
    return createAsrEngine('openai-transcriptions-http', { id: 'chorus-asr', settings: { url: `${chorus.url}/v1` } })
  },
  { maxWordErrorRate: 0.2, deterministic: true },
)

interface Received {
  readonly form: FormData
  readonly headers: IncomingMessage['headers']
}

/** A scripted upstream on 127.0.0.1 that records each request's form and answers with `respond`. */
async function scriptedUpstream(respond: (received: Received, response: ServerResponse) => void | Promise<void>) {
  const received: Received[] = []
  const server: Server = createServer(async (request, response) => {
    const parts: Buffer[] = []
    for await (const part of request) parts.push(part as Buffer)
    const form = await new Response(Buffer.concat(parts), {
      headers: { 'content-type': request.headers['content-type'] ?? '' },
    })
      .formData()
      .catch(() => new FormData())
    const entry = { form, headers: request.headers }
    received.push(entry)
    await respond(entry, response)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

const isCode = (code: string) => (error: unknown) => error instanceof ChorusError && error.code === code

describe('openai-transcriptions-http', () => {
  let clip: PcmAudio
  before(async () => {
    clip = (await synthesizeClips([{ text: 'Hello there.', voice: 'slt', sampleRate: 24_000 }]))[0]!
  })

  test('sends a 16 kHz WAV with model, language, prompt, verbose_json and word granularity, and the API key', async () => {
    const upstream = await scriptedUpstream((_received, response) => json(response, 200, { text: 'Hello there.' }))
    const engine = await createAsrEngine('openai-transcriptions-http', {
      settings: { url: upstream.url, apiKey: 'sk-test-123', model: 'Systran/faster-whisper-small' },
    })
    try {
      const transcript = await engine.transcribe(clip!, { language: 'en-GB', prompt: 'A greeting.' }, never)
      assert.equal(transcript.text, 'Hello there.')
      assert.equal(transcript.language, 'en')
      const [{ form, headers }] = upstream.received as [Received]
      assert.equal(headers.authorization, 'Bearer sk-test-123')
      assert.equal(form.get('model'), 'Systran/faster-whisper-small')
      assert.equal(form.get('language'), 'en')
      assert.equal(form.get('prompt'), 'A greeting.')
      assert.equal(form.get('response_format'), 'verbose_json')
      assert.deepEqual(form.getAll('timestamp_granularities[]'), ['word', 'segment'])
      const file = form.get('file') as File
      assert.equal(file.name, 'audio.wav')
      const wav = decodeWav(new Uint8Array(await file.arrayBuffer()))
      assert.equal(wav.sampleRate, 16_000)
      assert.ok(Math.abs(wav.samples.length / 16_000 - clip!.samples.length / 24_000) < 0.01)
    } finally {
      await engine.close()
      await upstream.close()
    }
  })

  test('a 5xx answer is CHORUS_ERR_UPSTREAM_ERROR quoting the upstream message; 401 names the apiKey setting', async () => {
    const upstream = await scriptedUpstream((received, response) => {
      if (received.headers.authorization) json(response, 500, { error: { message: 'CUDA out of memory' } })
      else json(response, 401, { error: { message: 'Incorrect API key provided' } })
    })
    const withKey = await createAsrEngine('openai-transcriptions-http', {
      settings: { url: upstream.url, apiKey: 'sk-x' },
    })
    const withoutKey = await createAsrEngine('openai-transcriptions-http', { settings: { url: upstream.url } })
    try {
      await assert.rejects(withKey.transcribe(clip!, {}, never), (error: unknown) => {
        assert.ok(isCode('CHORUS_ERR_UPSTREAM_ERROR')(error))
        assert.match((error as Error).message, /HTTP 500: CUDA out of memory/)
        return true
      })
      await assert.rejects(withoutKey.transcribe(clip!, {}, never), (error: unknown) => {
        assert.ok(isCode('CHORUS_ERR_UPSTREAM_ERROR')(error))
        assert.match((error as Error).message, /HTTP 401: Incorrect API key provided.*apiKey/)
        return true
      })
    } finally {
      await withKey.close()
      await withoutKey.close()
      await upstream.close()
    }
  })

  test('a refused connection is CHORUS_ERR_UPSTREAM_UNAVAILABLE; a silent upstream is CHORUS_ERR_UPSTREAM_TIMEOUT', async () => {
    const gone = await scriptedUpstream(() => {})
    const goneUrl = gone.url
    await gone.close()
    const refused = await createAsrEngine('openai-transcriptions-http', { settings: { url: goneUrl } })
    const silent = await scriptedUpstream(async () => {
      await sleep(5000)
    })
    const slow = await createAsrEngine('openai-transcriptions-http', {
      settings: { url: silent.url, firstByteTimeoutMs: 200 },
    })
    try {
      await assert.rejects(refused.transcribe(clip!, {}, never), isCode('CHORUS_ERR_UPSTREAM_UNAVAILABLE'))
      await assert.rejects(slow.transcribe(clip!, {}, never), (error: unknown) => {
        assert.ok(isCode('CHORUS_ERR_UPSTREAM_TIMEOUT')(error))
        assert.match((error as Error).message, /firstByteTimeoutMs \(200 ms\)/)
        return true
      })
      assert.equal((await refused.health()).ok, false)
    } finally {
      await refused.close()
      await slow.close()
      await silent.close()
    }
  })

  test('an answer that is not a transcript is CHORUS_ERR_ASR_FAILED', async () => {
    const upstream = await scriptedUpstream((_received, response) => json(response, 200, { result: 'no text field' }))
    const engine = await createAsrEngine('openai-transcriptions-http', { settings: { url: upstream.url } })
    try {
      await assert.rejects(engine.transcribe(clip!, {}, never), (error: unknown) => {
        assert.ok(isCode('CHORUS_ERR_ASR_FAILED')(error))
        assert.match((error as Error).message, /no `text`/)
        return true
      })
    } finally {
      await engine.close()
      await upstream.close()
    }
  })

  test('aborting cancels the upstream request, and Chorus upstream kills its recognizer', async () => {
    chorus ??= await startTestServer()
    const engine = await createAsrEngine('openai-transcriptions-http', { settings: { url: chorus.url } })
    try {
      const [long] = await synthesizeClips([
        {
          text: Array.from({ length: 12 }, () => 'This sentence keeps the recognizer busy for a while.').join(' '),
          voice: 'kal16',
        },
      ])
      const controller = new AbortController()
      const pending = engine.transcribe(long!, {}, controller.signal)
      // The Chorus server runs in this process, so its recognizer is our child.
      await waitFor(async () => ((await childPids('pocketsphinx_co')).length > 0 ? true : undefined))
      controller.abort()
      await assert.rejects(pending, isAbortError)
      await waitFor(async () => ((await childPids('pocketsphinx_co')).length === 0 ? true : undefined), 5000)
    } finally {
      await engine.close()
    }
  })
})

describe('parseTranscriptionResponse', () => {
  test('OpenAI verbose_json: words at the top level, language by name', () => {
    const transcript = parseTranscriptionResponse(
      JSON.stringify({
        task: 'transcribe',
        language: 'english',
        duration: 2.5,
        text: ' Hello there.',
        words: [
          { word: 'Hello', start: 0.1, end: 0.5 },
          { word: 'there', start: 0.6, end: 1.0 },
        ],
        segments: [{ id: 0, seek: 0, start: 0, end: 1.2, text: ' Hello there.', tokens: [1], temperature: 0 }],
      }),
      'application/json',
      9,
    )
    assert.deepEqual(transcript, {
      text: 'Hello there.',
      words: [
        { word: 'Hello', start: 0.1, end: 0.5 },
        { word: 'there', start: 0.6, end: 1.0 },
      ],
      segments: [{ text: 'Hello there.', start: 0, end: 1.2 }],
      language: 'en',
      durationSeconds: 2.5,
    })
  })

  test('whisper.cpp server: words nested in segments, with probability', () => {
    const transcript = parseTranscriptionResponse(
      JSON.stringify({
        task: 'transcribe',
        language: 'english',
        duration: 3,
        text: 'Hi all',
        segments: [
          {
            id: 0,
            text: ' Hi all',
            start: 0,
            end: 1,
            words: [
              { word: ' Hi', start: 0, end: 0.4, probability: 0.91 },
              { word: ' all', start: 0.4, end: 0.9, probability: 0.6 },
            ],
          },
        ],
      }),
      'application/json; charset=utf-8',
      3,
    )
    assert.deepEqual(transcript.words, [
      { word: 'Hi', start: 0, end: 0.4, confidence: 0.91 },
      { word: 'all', start: 0.4, end: 0.9, confidence: 0.6 },
    ])
  })

  test('plain json and text/plain give text only, with the audio duration', () => {
    assert.deepEqual(parseTranscriptionResponse('{"text":"Hello"}', 'application/json', 1.5), {
      text: 'Hello',
      durationSeconds: 1.5,
    })
    assert.deepEqual(parseTranscriptionResponse('Hello world\n', 'text/plain', 2), {
      text: 'Hello world',
      durationSeconds: 2,
    })
  })

  test('JSON without text, or broken JSON, is refused', () => {
    assert.throws(() => parseTranscriptionResponse('{"words":[]}', 'application/json', 1), /no `text`/)
    assert.throws(() => parseTranscriptionResponse('{"text": ', 'application/json', 1), /not valid JSON/)
  })
})
