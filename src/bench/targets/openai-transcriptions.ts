/**
 * `openai-transcriptions`: one `POST /v1/audio/transcriptions` (OpenAI's multipart wire format, spoken by Chorus,
 * Speaches, faster-whisper servers …) uploading `transcription.audio` and reading `{text}` back. There is no audio
 * to time here: `ttfaMs` is null, `audioSeconds` is the duration sent (so RTF = latency / audio), and an empty
 * transcript counts as `bad_audio` — the server heard nothing in speech it was given.
 *
 * @example
 * await requestOpenAiTranscription(
 *   { url, prompt: { id: 'p1', text: 'Hello.' }, transcription: { audio: wavBytes, audioSeconds: 1.2 } },
 *   signal,
 * )
 */
import { FormData } from 'undici'
import { readTruncatedText } from '../../engines/http/read-body.js'
import { header, measureRequest, post, RequestFailure } from './measure.js'
import type { RequestOutcome, TargetRequest } from './target.js'

export const OPENAI_TRANSCRIPTIONS_PATH = '/v1/audio/transcriptions'
const DEFAULT_MODEL = 'whisper-1'
const RESPONSE_LIMIT = 4 * 1024 * 1024

export function requestOpenAiTranscription(request: TargetRequest, signal: AbortSignal): Promise<RequestOutcome> {
  return measureRequest('openai-transcriptions', request, signal, async (draft, context) => {
    const upload = request.transcription
    if (!upload) throw new RequestFailure('other', 'no audio to transcribe (transcription.audio is missing)')
    draft.audioSeconds = upload.audioSeconds
    const form = new FormData()
    form.append('file', new Blob([upload.audio], { type: 'audio/wav' }), upload.fileName ?? `${request.prompt.id}.wav`)
    form.append('model', request.model ?? DEFAULT_MODEL)
    form.append('response_format', 'json')
    if (upload.language) form.append('language', upload.language)
    const response = await post(
      request.url,
      { body: form, headers: request.headers ?? {}, dispatcher: request.dispatcher },
      draft,
      context,
    )
    const contentType = header(response, 'content-type') ?? ''
    let first = true
    const parts: Buffer[] = []
    let length = 0
    for await (const chunk of response.body) {
      if (first) draft.firstByteMs = context.elapsed()
      first = false
      parts.push(chunk as Buffer)
      length += (chunk as Buffer).length
      if (length > RESPONSE_LIMIT) {
        await readTruncatedText(response.body, 0)
        throw new RequestFailure('other', `the transcription answer is over ${RESPONSE_LIMIT} bytes`)
      }
    }
    draft.bytes = length
    const text = Buffer.concat(parts).toString('utf8')
    let transcript: string
    if (/json/i.test(contentType) || text.trimStart().startsWith('{')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (error) {
        throw new RequestFailure('other', `the answer is not JSON: ${(error as Error).message}`)
      }
      const value = (parsed as { text?: unknown } | null)?.text
      if (typeof value !== 'string') throw new RequestFailure('other', 'the answer has no `text` string')
      transcript = value
    } else transcript = text
    draft.transcript = transcript
    if (transcript.trim() === '') throw new RequestFailure('bad_audio', 'the transcript is empty')
  })
}
