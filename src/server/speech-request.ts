/**
 * Validates a `POST /v1/audio/speech` body against OpenAI's contract and turns it into a typed request, throwing a
 * coded error naming the offending parameter. Fields other servers add (Kokoro-FastAPI's `lang_code`,
 * `normalization_options`, …) are accepted and ignored here.
 */
import { formatAvailability, isResponseFormat, RESPONSE_FORMATS, type ResponseFormat } from '../audio/encoders/index.js'
import { ChorusError } from '../errors.js'
import type { NormalizationOptions } from '../text/normalize/index.js'
import { hasSpeakableContent } from '../text/sentences.js'

export const STREAM_FORMATS = ['audio', 'sse'] as const
export type StreamFormat = (typeof STREAM_FORMATS)[number]

export interface SpeechBody {
  readonly model: string
  readonly input: string
  readonly voice: string
  readonly instructions?: string
  readonly responseFormat: ResponseFormat
  readonly speed: number
  /** Absent: the whole file is sent at once with exact headers and Content-Length. */
  readonly streamFormat?: StreamFormat
  /** Kokoro-FastAPI's `normalization_options` (boolean switches), when sent. */
  readonly normalization?: NormalizationOptions
}

export const DEFAULT_MODEL = 'chorus'
const MAX_INSTRUCTIONS_CHARS = 4096

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: key, reason: 'expected a string.' })
  return value
}

/** OpenAI accepts `voice` as a name or as `{ id }` for custom voices. */
function voiceName(body: Record<string, unknown>): string {
  const value = body.voice
  if (value === undefined || value === null || value === '') throw new ChorusError('CHORUS_ERR_MISSING_PARAM', { param: 'voice' })
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id.trim()
  throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'voice', reason: 'expected a voice name or an object with an `id`.' })
}

export interface InputLimits {
  /** Whole-file responses. */
  readonly maxInputChars: number
  /** Streamed responses (`stream_format` audio or sse): the long-text path. */
  readonly maxStreamingInputChars?: number
}

function normalizationOptions(body: Record<string, unknown>): NormalizationOptions | undefined {
  const value = body.normalization_options
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'normalization_options', reason: 'expected an object of boolean switches.' })
  }
  const switches: Record<string, boolean> = {}
  for (const [key, flag] of Object.entries(value)) {
    // Kokoro-FastAPI also has non-boolean options (e.g. a pluralization style); only the switches apply here.
    if (typeof flag === 'boolean') switches[key] = flag
  }
  return switches as NormalizationOptions
}

export async function parseSpeechBody(raw: unknown, limits: InputLimits): Promise<SpeechBody> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'body', reason: 'the request body must be a JSON object.' })
  }
  const body = raw as Record<string, unknown>

  if (body.input === undefined || body.input === null) throw new ChorusError('CHORUS_ERR_MISSING_PARAM', { param: 'input' })
  if (typeof body.input !== 'string') throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'input', reason: 'expected a string.' })
  const input = body.input
  if (input.trim() === '') throw new ChorusError('CHORUS_ERR_INPUT_EMPTY', { reason: 'it is empty.' })
  const streamValue = body.stream_format
  if (streamValue !== undefined && streamValue !== null && !STREAM_FORMATS.includes(streamValue as StreamFormat)) {
    throw new ChorusError('CHORUS_ERR_STREAM_FORMAT_UNSUPPORTED', { format: String(streamValue) })
  }
  const streaming = streamValue === 'audio' || streamValue === 'sse'
  const limit = streaming ? Math.max(limits.maxStreamingInputChars ?? limits.maxInputChars, limits.maxInputChars) : limits.maxInputChars
  const length = [...input].length
  if (length > limit) {
    throw new ChorusError('CHORUS_ERR_INPUT_TOO_LONG', { length, limit })
  }
  if (!hasSpeakableContent(input)) throw new ChorusError('CHORUS_ERR_INPUT_EMPTY', { reason: 'it contains no letters or digits.' })

  const voice = voiceName(body)
  const model = optionalString(body, 'model')?.trim() || DEFAULT_MODEL
  const instructions = optionalString(body, 'instructions')
  if (instructions !== undefined && instructions.length > MAX_INSTRUCTIONS_CHARS) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: 'instructions', reason: `longer than ${MAX_INSTRUCTIONS_CHARS} characters.` })
  }

  const speedValue = body.speed ?? 1
  if (typeof speedValue !== 'number' || !Number.isFinite(speedValue) || speedValue < 0.25 || speedValue > 4) {
    throw new ChorusError('CHORUS_ERR_SPEED_OUT_OF_RANGE', { speed: JSON.stringify(speedValue) })
  }

  const formatValue = body.response_format ?? 'mp3'
  if (typeof formatValue !== 'string' || !isResponseFormat(formatValue)) {
    throw new ChorusError('CHORUS_ERR_FORMAT_UNSUPPORTED', { format: String(formatValue), valid: RESPONSE_FORMATS.join(', ') })
  }
  const availability = await formatAvailability()
  const missing = availability.unavailable.find((entry) => entry.format === formatValue)
  if (missing) {
    throw new ChorusError('CHORUS_ERR_FORMAT_UNAVAILABLE', {
      format: formatValue,
      needs: missing.needs,
      valid: availability.available.join(', '),
    })
  }

  const normalization = normalizationOptions(body)

  return {
    model,
    input,
    voice,
    ...(instructions !== undefined ? { instructions } : {}),
    responseFormat: formatValue,
    speed: speedValue,
    ...(streaming ? { streamFormat: streamValue } : {}),
    ...(normalization ? { normalization } : {}),
  }
}
