/**
 * POST /dev/captioned_speech — Kokoro-FastAPI's captioned speech: the /v1/audio/speech body plus `return_timestamps`
 * (default true), answered with one JSON document `{ audio, audio_format, timestamps }`: the encoded file in base64,
 * its MIME type (as Kokoro-FastAPI sends it), and `{ word, start_time, end_time }` in seconds for every input word.
 * Timings come from the engine when it reports them, else from the app's speech recognizers (src/lab/word-timings.ts);
 * `X-Chorus-Timestamps` says which (`engine`, `asr:<id>` or `interpolated`).
 *
 * Kokoro-FastAPI's `stream` flag is accepted and ignored: the answer is always one document, never a chunk stream.
 * `stream_format` (a /v1/audio/speech option) is refused, so the whole-file input limit applies.
 */
import type { FastifyInstance } from 'fastify'
import { contentTypeOf, encodeAudio, outputSampleRate } from '../../audio/encoders/index.js'
import { spokenWordsOf } from '../../engines/word-timings.js'
import { ChorusError, isAbortError } from '../../errors.js'
import { timeInputWords, type WordRecognizer, type WordTimingResult } from '../../lab/word-timings.js'
import type { SpeechRouter } from '../../router/speech-router.js'
import { disconnectSignal } from '../audio-response.js'
import { assertKnownModel } from '../models.js'
import { parseSpeechBody, type InputLimits } from '../speech-request.js'

export interface CaptionedSpeechRouteOptions {
  readonly router: SpeechRouter
  /** The app's speech recognizers (the AsrRouter behind /v1/audio/transcriptions). */
  readonly asr: WordRecognizer
  readonly limits: InputLimits
}

/** Kokoro-FastAPI's `WordTimestamp`. */
interface WordTimestamp {
  readonly word: string
  readonly start_time: number
  readonly end_time: number
}

/** Millisecond precision: finer than any recognizer's frames (pocketsphinx: 10 ms), and it keeps JSON short. */
const roundSeconds = (seconds: number): number => Math.round(seconds * 1000) / 1000

function returnTimestamps(body: Record<string, unknown>): boolean {
  const value = body.return_timestamps
  if (value === undefined || value === null) return true
  if (typeof value !== 'boolean') {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'return_timestamps', reason: 'expected true or false.' })
  }
  return value
}

function sourceHeader(timing: WordTimingResult): string {
  const { source } = timing
  return source.kind === 'asr' ? `asr:${source.engineId}` : source.kind
}

export async function captionedSpeechRoutes(app: FastifyInstance, options: CaptionedSpeechRouteOptions): Promise<void> {
  const { router, asr, limits } = options
  app.post('/dev/captioned_speech', async (request, reply) => {
    // Validation first, exactly as /v1/audio/speech does it, so a bad body gets the same code from both routes.
    const body = await parseSpeechBody(request.body, limits)
    const withTimestamps = returnTimestamps(request.body as Record<string, unknown>)
    if (body.streamFormat) {
      throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
        param: 'stream_format',
        reason: 'captioned speech is answered as one JSON document; leave `stream_format` out.',
      })
    }
    assertKnownModel(body.model, router.engineIds)
    const signal = disconnectSignal(request, reply)
    const result = await router.synthesizeAll(
      {
        text: body.input,
        voice: body.voice,
        speed: body.speed,
        model: body.model,
        ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
        ...(body.normalization ? { normalization: body.normalization } : {}),
      },
      signal,
    )
    let bytes: Uint8Array
    let timing: WordTimingResult | undefined
    try {
      const engineWords = spokenWordsOf(result.audio)
      ;[bytes, timing] = await Promise.all([
        encodeAudio(body.responseFormat, result.audio),
        withTimestamps
          ? timeInputWords({
              text: body.input,
              audio: result.audio,
              recognizer: asr,
              signal,
              ...(engineWords ? { engineWords } : {}),
            })
          : undefined,
      ])
    } catch (error) {
      if (!(error instanceof ChorusError) && (signal.aborted || isAbortError(error))) {
        throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      }
      throw error
    }
    if (timing?.source.kind === 'interpolated') {
      request.log.warn(
        { reason: timing.source.reason },
        'captioned speech: word timings interpolated from length alone',
      )
    }
    void reply
      .header('X-Chorus-Backend', result.engineId)
      .header('X-Chorus-Voice', result.voice)
      .header('X-Chorus-Failovers', String(result.failovers))
      .header('X-Sample-Rate', String(outputSampleRate(body.responseFormat)))
    if (timing) {
      void reply
        .header('X-Chorus-Timestamps', sourceHeader(timing))
        .header('X-Chorus-Timestamps-Interpolated', String(timing.interpolated))
    }
    const timestamps: WordTimestamp[] | null = timing
      ? timing.words.map((word) => ({
          word: word.word,
          start_time: roundSeconds(word.start),
          end_time: roundSeconds(word.end),
        }))
      : null
    return reply.type('application/json').send({
      audio: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      audio_format: contentTypeOf(body.responseFormat),
      timestamps,
    })
  })
}
