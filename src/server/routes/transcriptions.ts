/**
 * POST /v1/audio/transcriptions — OpenAI's transcription endpoint. Reads the multipart form (`file`, `model`,
 * `language`, `prompt`, `response_format`, `timestamp_granularities[]`), decodes the file (WAV in-process; mp3, mp4,
 * ogg, flac, webm through ffmpeg when installed), asks the ASR router, and writes the transcript as OpenAI does:
 * `json` `{text}`, `text`, `srt`, `vtt` or `verbose_json` (segments and/or words, per the granularities).
 *
 * The multipart parser is registered inside this plugin only, so every other route keeps answering non-JSON bodies
 * with a 415.
 */
import { deflateSync } from 'node:zlib'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { findExecutable } from '../../audio/encoders/find-executable.js'
import type { Transcript, TranscriptSegment } from '../../engines/asr/asr-engine.js'
import type { AsrRouter } from '../../engines/asr/asr-router.js'
import { captionCues, toSrt, toWebVtt } from '../../engines/asr/captions.js'
import { decodeAudioFile } from '../../engines/asr/decode-audio-file.js'
import { languageName } from '../../engines/asr/languages.js'
import { ChorusError, isAbortError } from '../../errors.js'
import { disconnectSignal } from '../audio-response.js'

/** OpenAI's upload limit for transcriptions (25 MB). */
export const DEFAULT_MAX_TRANSCRIPTION_FILE_BYTES = 25 * 1024 * 1024
/** OpenAI model names accepted as "route over the configured ASR engines"; an ASR engine id pins that engine. */
export const COMPATIBLE_TRANSCRIPTION_MODELS = [
  'chorus',
  'whisper-1',
  'gpt-4o-transcribe',
  'gpt-4o-mini-transcribe',
] as const
export const TRANSCRIPTION_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const
export type TranscriptionFormat = (typeof TRANSCRIPTION_FORMATS)[number]
const GRANULARITIES = ['word', 'segment'] as const
type Granularity = (typeof GRANULARITIES)[number]

/** Text fields are short (OpenAI caps `prompt` at 224 tokens); a longer one is a malformed request, not a prompt. */
const MAX_FIELD_BYTES = 64 * 1024
const MAX_FIELDS = 32

export interface TranscriptionRouteOptions {
  readonly asr: AsrRouter
  /** Largest `file` accepted, in bytes (default: OpenAI's 25 MB). */
  readonly maxFileBytes?: number
  /** Path of ffmpeg for compressed uploads; `null`: none (WAV only); absent: looked up on PATH per request. */
  readonly ffmpeg?: string | null
}

interface TranscriptionForm {
  readonly file: Buffer | undefined
  readonly fields: ReadonlyMap<string, readonly string[]>
}

interface TranscriptionBody {
  readonly file: Buffer
  readonly model: string
  readonly language?: string
  readonly prompt?: string
  readonly responseFormat: TranscriptionFormat
  readonly granularities: ReadonlySet<Granularity>
}

function multipartError(error: unknown, maxFileBytes: number): ChorusError {
  if (error instanceof ChorusError) return error
  const code = (error as { code?: unknown }).code
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new ChorusError('CHORUS_ERR_FILE_TOO_LARGE', { limit: maxFileBytes }, { cause: error })
  const reason =
    code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT'
      ? `the form has too many parts (at most ${MAX_FIELDS} fields and one file).`
      : `the multipart body cannot be read (${(error as Error).message}).`
  return new ChorusError('CHORUS_ERR_MULTIPART_INVALID', { reason }, { cause: error })
}

async function readForm(request: FastifyRequest, maxFileBytes: number): Promise<TranscriptionForm> {
  if (!request.isMultipart()) {
    throw new ChorusError('CHORUS_ERR_MULTIPART_INVALID', {
      reason: `the Content-Type is \`${request.headers['content-type'] ?? 'none'}\`.`,
    })
  }
  let file: Buffer | undefined
  const fields = new Map<string, string[]>()
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxFileBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
    })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          throw new ChorusError('CHORUS_ERR_MULTIPART_INVALID', {
            reason: `the file is in a field named \`${part.fieldname}\`; name it \`file\`.`,
          })
        }
        file = await part.toBuffer()
        continue
      }
      if (part.valueTruncated) {
        throw new ChorusError('CHORUS_ERR_MULTIPART_INVALID', {
          reason: `field \`${part.fieldname}\` is longer than ${MAX_FIELD_BYTES} bytes.`,
        })
      }
      fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), String(part.value)])
    }
  } catch (error) {
    throw multipartError(error, maxFileBytes)
  }
  return { file, fields }
}

function parseBody(form: TranscriptionForm, models: readonly string[]): TranscriptionBody {
  const single = (name: string): string | undefined => {
    const values = form.fields.get(name)
    if (values && values.length > 1)
      throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: name, reason: 'it is given more than once.' })
    return values?.[0]
  }
  if (!form.file) throw new ChorusError('CHORUS_ERR_MISSING_PARAM', { param: 'file' })
  const model = single('model')?.trim()
  if (!model) throw new ChorusError('CHORUS_ERR_MISSING_PARAM', { param: 'model' })
  if (!models.includes(model)) throw new ChorusError('CHORUS_ERR_MODEL_NOT_FOUND', { model, valid: models.join(', ') })

  const responseFormat = single('response_format')?.trim() || 'json'
  if (!(TRANSCRIPTION_FORMATS as readonly string[]).includes(responseFormat)) {
    throw new ChorusError('CHORUS_ERR_FORMAT_UNSUPPORTED', {
      format: responseFormat,
      valid: TRANSCRIPTION_FORMATS.join(', '),
    })
  }
  const granularities = new Set<Granularity>()
  for (const value of [
    ...(form.fields.get('timestamp_granularities[]') ?? []),
    ...(form.fields.get('timestamp_granularities') ?? []),
  ]) {
    for (const item of value
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean)) {
      if (!(GRANULARITIES as readonly string[]).includes(item)) {
        throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
          param: 'timestamp_granularities',
          reason: `\`${item}\` is not one of word, segment.`,
        })
      }
      granularities.add(item as Granularity)
    }
  }
  const language = single('language')?.trim() || undefined
  if (language !== undefined && !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(language)) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
      param: 'language',
      reason: `\`${language}\` is not an ISO 639-1 code such as \`en\`.`,
    })
  }
  const temperature = single('temperature')
  if (temperature !== undefined && !(Number(temperature) >= 0 && Number(temperature) <= 1)) {
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
      param: 'temperature',
      reason: `expected a number from 0 to 1; got \`${temperature}\`.`,
    })
  }
  const prompt = single('prompt')
  return {
    file: form.file,
    model,
    responseFormat: responseFormat as TranscriptionFormat,
    granularities,
    ...(language !== undefined ? { language } : {}),
    ...(prompt ? { prompt } : {}),
  }
}

/** zlib compression ratio of the text, as Whisper reports it (its hallucination check). */
function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8')
  return bytes.length === 0 ? 0 : bytes.length / deflateSync(bytes).length
}

/**
 * OpenAI's `verbose_json`: Whisper-style segments always (clients read them whatever the granularities), words when
 * `timestamp_granularities` includes `word`.
 */
function verboseJson(
  transcript: Transcript,
  granularities: ReadonlySet<Granularity>,
  requestedLanguage: string | undefined,
) {
  const segments: readonly TranscriptSegment[] =
    transcript.segments && transcript.segments.length > 0 ? transcript.segments : captionCues(transcript)
  const words = transcript.words ?? []
  const language = transcript.language ?? requestedLanguage
  return {
    task: 'transcribe',
    language: language ? languageName(language) : 'unknown',
    duration: transcript.durationSeconds,
    text: transcript.text,
    segments: segments.map((segment, id) => {
      const inside = words.filter(
        (word) => word.start >= segment.start && word.end <= segment.end && word.confidence !== undefined,
      )
      const avgLogprob =
        inside.length > 0
          ? inside.reduce((sum, word) => sum + Math.log(Math.max(word.confidence!, 1e-6)), 0) / inside.length
          : 0
      return {
        id,
        seek: Math.round(segment.start * 100),
        start: segment.start,
        end: segment.end,
        text: segment.text,
        tokens: [],
        temperature: 0,
        avg_logprob: avgLogprob,
        compression_ratio: compressionRatio(segment.text),
        no_speech_prob: 0,
      }
    }),
    ...(granularities.has('word')
      ? {
          words: words.map((word) => ({
            word: word.word,
            start: word.start,
            end: word.end,
            ...(word.confidence !== undefined ? { probability: word.confidence } : {}),
          })),
        }
      : {}),
  }
}

export async function transcriptionRoutes(app: FastifyInstance, options: TranscriptionRouteOptions): Promise<void> {
  const { asr } = options
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_TRANSCRIPTION_FILE_BYTES
  // Only multipart here: JSON or anything else reaches the handler unparsed and gets a clear 400.
  app.removeAllContentTypeParsers()
  await app.register(multipart, { limits: { fileSize: maxFileBytes } })
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))

  app.post('/v1/audio/transcriptions', async (request, reply) => {
    const form = await readForm(request, maxFileBytes)
    const models = [...COMPATIBLE_TRANSCRIPTION_MODELS, ...asr.engineIds]
    const body = parseBody(form, models)
    const signal = disconnectSignal(request, reply)
    const ffmpeg = options.ffmpeg === null ? undefined : (options.ffmpeg ?? (await findExecutable('ffmpeg')))
    let result
    try {
      const audio = await decodeAudioFile(body.file, { ffmpeg, signal })
      result = await asr.transcribe(
        audio,
        {
          ...(asr.engineIds.includes(body.model) ? { engineId: body.model } : {}),
          ...(body.language !== undefined ? { language: body.language } : {}),
          ...(body.prompt !== undefined ? { prompt: body.prompt } : {}),
        },
        signal,
      )
    } catch (error) {
      if (!(error instanceof ChorusError) && (signal.aborted || isAbortError(error))) {
        throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      }
      throw error
    }
    const { transcript } = result
    void reply.header('X-Chorus-Backend', result.engineId).header('X-Chorus-Failovers', String(result.failovers))
    switch (body.responseFormat) {
      case 'json':
        return reply.type('application/json').send({ text: transcript.text })
      case 'verbose_json':
        return reply.type('application/json').send(verboseJson(transcript, body.granularities, body.language))
      case 'text':
        return reply.type('text/plain; charset=utf-8').send(`${transcript.text}\n`)
      case 'srt':
        return reply.type('text/plain; charset=utf-8').send(toSrt(captionCues(transcript)))
      case 'vtt':
        return reply.type('text/vtt; charset=utf-8').send(toWebVtt(captionCues(transcript)))
    }
  })
}
