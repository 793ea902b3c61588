/**
 * POST /v1/tts — the Chatterbox server's wire format, routed through the same router as the OpenAI routes, so a
 * Chatterbox client switches to Chorus by changing one URL. Answers raw int16 little-endian PCM, 24 kHz mono, with
 * X-Audio-Duration / X-Sample-Rate / X-Channels / X-Format headers.
 */
import type { FastifyInstance } from 'fastify'
import { floatToInt16Bytes } from '../../audio/pcm.js'
import { resample } from '../../audio/resample.js'
import { ChorusError } from '../../errors.js'
import type { SpeechRouter } from '../../router/speech-router.js'
import { hasSpeakableContent } from '../../text/sentences.js'
import { assertAuthorized, type CredentialCheck } from '../auth.js'
import { disconnectSignal } from '../audio-response.js'
import type { VoiceReferences } from '../voice-references.js'

const SAMPLE_RATE = 24000

export interface ChatterboxRouteOptions {
  readonly router: SpeechRouter
  readonly references: VoiceReferences
  readonly defaultVoice: string
  readonly token: CredentialCheck
  readonly maxInputChars: number
}

function optionalNumber(body: Record<string, unknown>, key: string, min: number, max: number): void {
  const value = body[key]
  if (value === undefined || value === null) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: key, reason: `expected a number from ${min} to ${max}.` })
  }
}

export async function chatterboxRoutes(app: FastifyInstance, options: ChatterboxRouteOptions): Promise<void> {
  app.post('/v1/tts', async (request, reply) => {
    const header = request.headers['x-internal-token']
    assertAuthorized(options.token, typeof header === 'string' ? header : undefined, 'X-Internal-Token')
    const body = request.body
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'body', reason: 'the request body must be a JSON object.' })
    }
    const fields = body as Record<string, unknown>
    if (fields.text === undefined || fields.text === null) throw new ChorusError('CHORUS_ERR_MISSING_PARAM', { param: 'text' })
    if (typeof fields.text !== 'string') throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'text', reason: 'expected a string.' })
    const text = fields.text
    if (!hasSpeakableContent(text)) throw new ChorusError('CHORUS_ERR_INPUT_EMPTY', { reason: 'it contains no letters or digits.' }, { param: 'text' })
    const length = [...text].length
    if (length > options.maxInputChars) throw new ChorusError('CHORUS_ERR_INPUT_TOO_LONG', { length, limit: options.maxInputChars }, { param: 'text' })
    optionalNumber(fields, 'exaggeration', 0, 4)
    optionalNumber(fields, 'cfg_weight', 0, 4)
    optionalNumber(fields, 'temperature', 0, 5)
    const seed = fields.seed
    if (seed !== undefined && seed !== null && !(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)) {
      throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'seed', reason: 'expected a whole number ≥ 0.' })
    }

    let voice = options.defaultVoice
    const reference = fields.reference_audio
    if (reference !== undefined && reference !== null && reference !== '') {
      if (typeof reference !== 'string') {
        throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'reference_audio', reason: 'expected a file name.' })
      }
      try {
        voice = (await options.references.resolve(reference)).voice ?? options.defaultVoice
      } catch (error) {
        request.log.warn({ reference_audio: reference, ip: request.ip }, 'rejected reference_audio')
        throw error
      }
    }

    const signal = disconnectSignal(request, reply)
    const result = await options.router.synthesizeAll({ text, voice, ...(typeof seed === 'number' ? { seed } : {}) }, signal)
    const audio = await resample(result.audio, SAMPLE_RATE)
    const pcm = floatToInt16Bytes(audio.samples)
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('X-Audio-Duration', (audio.samples.length / SAMPLE_RATE).toFixed(3))
      .header('X-Sample-Rate', String(SAMPLE_RATE))
      .header('X-Channels', '1')
      .header('X-Format', 'pcm_s16le')
      .header('X-Chorus-Backend', result.engineId)
      .header('X-Chorus-Failovers', String(result.failovers))
      .send(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength))
  })
}
