/**
 * `openai-speech`: one `POST /v1/audio/speech` (OpenAI's wire format, spoken by Chorus, Kokoro-FastAPI, Speaches,
 * LocalAI …) asking for a chunked stream (`stream_format: "audio"`) of `pcm` or `wav`, timed to the first decodable
 * sample. Headerless PCM is read at the X-Sample-Rate the server names, else OpenAI's 24 kHz.
 *
 * @example
 * const outcome = await requestOpenAiSpeech(
 *   { url: 'http://127.0.0.1:8880/v1/audio/speech', prompt: { id: 'p1', text: 'Hello.' }, voice: 'alloy' },
 *   AbortSignal.timeout(30_000),
 * )
 * outcome.ttfaMs // first decodable sample, ms after sending
 */
import { postForSpeech } from './audio-body.js'
import { measureRequest } from './measure.js'
import type { RequestOutcome, TargetRequest } from './target.js'

export const OPENAI_SPEECH_PATH = '/v1/audio/speech'
const DEFAULT_VOICE = 'alloy'
const DEFAULT_MODEL = 'tts-1'

export function requestOpenAiSpeech(request: TargetRequest, signal: AbortSignal): Promise<RequestOutcome> {
  return measureRequest('openai-speech', request, signal, async (draft, context) => {
    const format = request.speech?.responseFormat ?? 'pcm'
    const body = {
      model: request.model ?? DEFAULT_MODEL,
      input: request.prompt.text,
      voice: request.voice ?? DEFAULT_VOICE,
      response_format: format,
      ...(request.speech?.stream === false ? {} : { stream_format: 'audio' }),
    }
    await postForSpeech(request, body, draft, context)
  })
}
