/**
 * `chatterbox-tts`: one `POST /v1/tts` in the Chatterbox server's wire format (`{text, reference_audio?}` in, raw
 * 16-bit PCM out at X-Sample-Rate, 24 kHz by default), as a Chatterbox server or Chorus's own /v1/tts route answers.
 * `voice`, when given, is sent as `reference_audio` (the reference clip a Chatterbox voice is); an internal token
 * goes in `headers` as `X-Internal-Token`. The answer is a whole body, so TTFA is when its first sample arrives.
 *
 * @example
 * await requestChatterboxTts({ url: 'http://127.0.0.1:8004/v1/tts', prompt: { id: 'p1', text: 'Hi.' } }, signal)
 */
import { postForSpeech } from './audio-body.js'
import { measureRequest } from './measure.js'
import type { RequestOutcome, TargetRequest } from './target.js'

export const CHATTERBOX_TTS_PATH = '/v1/tts'

export function requestChatterboxTts(request: TargetRequest, signal: AbortSignal): Promise<RequestOutcome> {
  return measureRequest('chatterbox-tts', request, signal, async (draft, context) => {
    const body = { text: request.prompt.text, ...(request.voice ? { reference_audio: request.voice } : {}) }
    await postForSpeech(request, body, draft, context)
  })
}
