/**
 * Bench targets as data: one entry per wire protocol, keyed by kind, each with its endpoint path, what it measures
 * and the function doing ONE request (see ./target.ts for the request and the uniform outcome). `endpointUrl()`
 * turns a base URL (`http://host:8880`, `…/v1`) or a full endpoint URL into the URL to send to, and `kindOfUrl()`
 * recognises a full endpoint URL's kind from its path.
 *
 * @example
 * const target = benchTargets['openai-speech']
 * const outcome = await target.request(
 *   { url: endpointUrl('http://127.0.0.1:8880', 'openai-speech'), prompt: { id: 'p1', text: 'Hello.' } },
 *   signal,
 * )
 */
import { ChorusError } from '../../errors.js'
import { CHATTERBOX_TTS_PATH, requestChatterboxTts } from './chatterbox-tts.js'
import { OPENAI_CHAT_PATH, requestOpenAiChat } from './openai-chat.js'
import { OPENAI_SPEECH_PATH, requestOpenAiSpeech } from './openai-speech.js'
import { OPENAI_TRANSCRIPTIONS_PATH, requestOpenAiTranscription } from './openai-transcriptions.js'
import { TARGET_KINDS, type TargetFunction, type TargetKind } from './target.js'

export * from './target.js'
export { compileContract, DEFAULT_REASONING_PATTERN, reasoningPattern, type ResponseContract } from './chat-checks.js'
export { requestChatterboxTts, requestOpenAiChat, requestOpenAiSpeech, requestOpenAiTranscription }

export interface BenchTarget {
  readonly kind: TargetKind
  /** The endpoint's path on a server (appended to a base URL). */
  readonly path: string
  readonly description: string
  /** Produces audio (TTFA, RTF and audio seconds per second apply). */
  readonly producesAudio: boolean
  readonly request: TargetFunction
}

export const benchTargets = {
  'openai-speech': {
    kind: 'openai-speech',
    path: OPENAI_SPEECH_PATH,
    description: 'OpenAI POST /v1/audio/speech, streamed pcm/wav; TTFA at the first decodable sample',
    producesAudio: true,
    request: requestOpenAiSpeech,
  },
  'chatterbox-tts': {
    kind: 'chatterbox-tts',
    path: CHATTERBOX_TTS_PATH,
    description: 'Chatterbox POST /v1/tts, raw 16-bit PCM back',
    producesAudio: true,
    request: requestChatterboxTts,
  },
  'openai-transcriptions': {
    kind: 'openai-transcriptions',
    path: OPENAI_TRANSCRIPTIONS_PATH,
    description: 'OpenAI POST /v1/audio/transcriptions (multipart upload); RTF = latency / audio sent',
    producesAudio: false,
    request: requestOpenAiTranscription,
  },
  'openai-chat': {
    kind: 'openai-chat',
    path: OPENAI_CHAT_PATH,
    description:
      'OpenAI POST /v1/chat/completions, SSE; time to first token, tokens/s, contract and reasoning-leak checks',
    producesAudio: false,
    request: requestOpenAiChat,
  },
} as const satisfies Record<TargetKind, BenchTarget>

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_BENCH_SPEC_INVALID', { reason })

function parseHttpUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw usage(`\`${url}\` is not a URL; give e.g. http://127.0.0.1:8880`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usage(`\`${url}\` is not an http(s) URL`)
  return parsed
}

/** The kind whose endpoint path `url` ends with, or undefined for a base URL. */
export function kindOfUrl(url: string): TargetKind | undefined {
  const path = parseHttpUrl(url).pathname.replace(/\/+$/, '')
  return TARGET_KINDS.find((kind) => path.endsWith(benchTargets[kind].path))
}

/**
 * The URL to send `kind` requests to: a full endpoint URL is kept as it is (it must be `kind`'s endpoint); a base URL
 * gets the endpoint path, with a trailing `/v1` on the base not doubled.
 */
export function endpointUrl(url: string, kind: TargetKind): string {
  const parsed = parseHttpUrl(url)
  const detected = kindOfUrl(url)
  if (detected === kind) return parsed.toString().replace(/\/+$/, '')
  if (detected !== undefined) throw usage(`\`${url}\` is a ${detected} endpoint, not ${kind}`)
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`
  return `${base}${benchTargets[kind].path}${parsed.search}`
}
