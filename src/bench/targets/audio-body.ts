/**
 * Reads an audio response body through the first-audio detector, recording when the first byte, the first decodable
 * sample and the first audible sample arrived, and failing the request as `bad_audio` when the body is not audio,
 * ends inside a header or sample, or holds nothing audible. {@link postForSpeech} is the whole exchange of the speech
 * targets: a JSON POST whose answer is read as audio.
 */
import type { Dispatcher } from 'undici'
import { AudioFormatError, FirstAudioDetector, type AudioContainer } from '../first-audio.js'
import { closeBody, header, post, RequestFailure, type OutcomeDraft, type RequestContext } from './measure.js'
import type { TargetRequest } from './target.js'

export interface AudioBodyOptions {
  readonly container: AudioContainer
  readonly pcmSampleRate: number
  readonly keepAudio: boolean
}

/** Content types servers use for error pages and JSON, never for audio. */
const NOT_AUDIO = /^(application\/(json|problem\+json|xml)|text\/)/i

export async function readAudioBody(
  response: Dispatcher.ResponseData,
  contentType: string | undefined,
  draft: OutcomeDraft,
  context: RequestContext,
  options: AudioBodyOptions,
): Promise<void> {
  if (contentType && NOT_AUDIO.test(contentType)) {
    closeBody(response)
    throw new RequestFailure('bad_audio', `a ${response.statusCode} answer of type ${contentType}, not audio`)
  }
  const detector = new FirstAudioDetector({
    container: options.container,
    pcmSampleRate: options.pcmSampleRate,
    keepSamples: options.keepAudio,
  })
  const record = (): void => {
    draft.bytes = detector.bytesReceived
    draft.firstByteMs = detector.firstByteMs ?? null
    draft.ttfaMs = detector.firstDecodableMs ?? null
    draft.firstAudibleMs = detector.firstAudibleMs ?? null
    draft.audioSeconds = detector.audioSeconds
  }
  try {
    for await (const chunk of response.body) detector.push(chunk as Buffer, context.elapsed())
    detector.end()
  } catch (error) {
    record()
    if (error instanceof AudioFormatError) throw new RequestFailure('bad_audio', error.message)
    throw error
  } finally {
    closeBody(response)
  }
  record()
  if (detector.samplesDecoded === 0) throw new RequestFailure('bad_audio', 'the answer holds no audio samples')
  if (detector.silent) throw new RequestFailure('bad_audio', 'the audio is silent (nothing reaches −50 dBFS)')
  if (options.keepAudio) {
    const audio = detector.audio()
    if (audio) draft.audio = audio
  }
}

/** The rate of headerless PCM when the server names none (OpenAI's and Chatterbox's default). */
const DEFAULT_PCM_SAMPLE_RATE = 24000

/**
 * POSTs `body` as JSON to the request's URL and reads the answer as audio of whatever container its first bytes show
 * (a server may answer wav for pcm, or the reverse); headerless PCM is read at the X-Sample-Rate the server names,
 * else the request's `speech.pcmSampleRate`, else 24 kHz.
 */
export async function postForSpeech(
  request: TargetRequest,
  body: Readonly<Record<string, unknown>>,
  draft: OutcomeDraft,
  context: RequestContext,
): Promise<void> {
  const response = await post(
    request.url,
    { body: JSON.stringify(body), headers: request.headers ?? {}, dispatcher: request.dispatcher },
    draft,
    context,
  )
  const rate = Number(header(response, 'x-sample-rate'))
  await readAudioBody(response, header(response, 'content-type'), draft, context, {
    container: 'auto',
    pcmSampleRate:
      Number.isInteger(rate) && rate > 0 ? rate : (request.speech?.pcmSampleRate ?? DEFAULT_PCM_SAMPLE_RATE),
    keepAudio: request.keepAudio ?? false,
  })
}
