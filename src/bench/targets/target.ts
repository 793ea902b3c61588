/**
 * The contract every bench target keeps: one function doing ONE request against an endpoint with an AbortSignal,
 * answering a uniform {@link RequestOutcome} — never throwing for a failed request, which is an outcome with an
 * {@link ErrorKind}. Load loops, `chorus compare`, `chorus canary` and voice-turn timing all call these functions.
 *
 * Timing is measured from just before the request is sent: `latencyMs` to the end of the body, `ttfaMs` to the first
 * decodable audio sample (speech kinds) or the first content token (chat), `firstByteMs` to the first body byte.
 */
import type { Dispatcher } from 'undici'
import type { PcmAudio } from '../../audio/pcm.js'
import type { ErrorKind } from '../error-kinds.js'
import type { ContractCheck } from './chat-checks.js'

/** The wire protocols a bench can speak, one module each under src/bench/targets/. */
export const TARGET_KINDS = ['openai-speech', 'chatterbox-tts', 'openai-transcriptions', 'openai-chat'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

export function isTargetKind(value: string): value is TargetKind {
  return (TARGET_KINDS as readonly string[]).includes(value)
}

/** One prompt of a bench: an id (an eval-set item id, or `line-3`) and the text to send. */
export interface Prompt {
  readonly id: string
  readonly text: string
}

export interface SpeechRequestOptions {
  /** What to ask for: `pcm` (16-bit LE mono, OpenAI's 24 kHz unless X-Sample-Rate says otherwise) or `wav`. */
  readonly responseFormat?: 'pcm' | 'wav'
  /** Ask for a chunked stream (`stream_format: "audio"`); default true. */
  readonly stream?: boolean
  /** Sample rate of headerless PCM when the server sends no X-Sample-Rate header; default 24000. */
  readonly pcmSampleRate?: number
}

export interface TranscriptionRequestOptions {
  /** The audio file to upload (WAV bytes). */
  readonly audio: Uint8Array
  /** Its duration, for the real-time factor. */
  readonly audioSeconds: number
  readonly fileName?: string
  readonly language?: string
}

export interface ChatRequestOptions {
  /** Checked against the final content; a failure makes the outcome `contract`. */
  readonly contract?: ContractCheck
  /** Reasoning in the content (default `<think>`/`</think>`); a match makes the outcome `reasoning_leak`. */
  readonly reasoningPattern?: RegExp
  readonly maxTokens?: number
  readonly system?: string
  readonly temperature?: number
  /**
   * Called with each content piece as it arrives, `atMs` after the request was sent — what a voice agent needs to
   * start speaking at the first complete sentence while the reply still streams.
   */
  readonly onContent?: (piece: string, atMs: number) => void
}

export interface TargetRequest {
  /** The full endpoint URL (`http://127.0.0.1:8880/v1/audio/speech`); see endpointUrl() in ./index.ts. */
  readonly url: string
  readonly prompt: Prompt
  readonly voice?: string
  readonly model?: string
  /** Extra headers (Authorization, X-Internal-Token …). */
  readonly headers?: Readonly<Record<string, string>>
  /** Per-request timeout in milliseconds (connect, headers and body together); default 60 000. */
  readonly timeoutMs?: number
  /** Return the decoded audio in `outcome.audio` (speech kinds). */
  readonly keepAudio?: boolean
  /** An undici dispatcher (connection pool) to send through; default the global one. */
  readonly dispatcher?: Dispatcher
  readonly speech?: SpeechRequestOptions
  readonly transcription?: TranscriptionRequestOptions
  readonly chat?: ChatRequestOptions
}

export interface RequestOutcome {
  readonly kind: TargetKind
  readonly promptId: string
  readonly ok: boolean
  /** From sending the request to the end of the body (or to the failure). */
  readonly latencyMs: number
  /** Speech: first decodable audio sample. Chat: first content token. Transcriptions: null. */
  readonly ttfaMs: number | null
  /** Speech: first sample above −40 dBFS. */
  readonly firstAudibleMs: number | null
  readonly firstByteMs: number | null
  /** Speech: audio received. Transcriptions: audio sent. Chat: null. */
  readonly audioSeconds: number | null
  /** Body bytes received. */
  readonly bytes: number
  readonly status: number | null
  readonly errorKind?: ErrorKind
  /** What went wrong, for people (first line of an error body, the decoder's complaint …). */
  readonly error?: string
  /** Chat: completion tokens (from `usage` when sent, else content deltas counted). */
  readonly tokens?: number
  readonly tokensFrom?: 'usage' | 'deltas'
  /** Chat: the final content. */
  readonly content?: string
  readonly reasoningLeak?: boolean
  /** Chat with a contract: whether the content kept it. */
  readonly contractPass?: boolean
  /** Transcriptions: the text returned. */
  readonly transcript?: string
  /** Speech with keepAudio: the decoded audio. */
  readonly audio?: PcmAudio
}

/** One request against one endpoint; never rejects (failures are outcomes). */
export type TargetFunction = (request: TargetRequest, signal: AbortSignal) => Promise<RequestOutcome>

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000
