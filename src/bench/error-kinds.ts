/**
 * The fixed vocabulary a benchmark counts failed requests by. Each failed request gets exactly one kind, so the counts
 * add up to the failures; reports list every kind (zeros included) so two results always have the same shape.
 *
 * | kind             | meaning                                                                                 |
 * |------------------|-----------------------------------------------------------------------------------------|
 * | `connect`        | no connection: refused, reset before any answer, DNS failure                            |
 * | `timeout`        | the per-request timeout passed (connect, headers or body)                               |
 * | `http_4xx`       | the server answered 4xx (the request was refused; 429 included)                         |
 * | `http_5xx`       | the server answered 5xx, or told of an error inside a stream it had started             |
 * | `bad_audio`      | audio that is not decodable, empty, cut off or silent; a transcription with no text      |
 * | `contract`       | a chat reply that breaks the response contract (regex or JSON schema)                   |
 * | `reasoning_leak` | a chat reply whose content carries the model's reasoning (`<think>` …)                  |
 * | `aborted`        | the whole run was cancelled while the request was in flight                             |
 * | `other`          | anything else (an unexpected exception, a body that is not the wire format)             |
 */
import { errorCodes } from '../engines/http/upstream-errors.js'

export const ERROR_KINDS = {
  connect: 'no connection: refused, reset before any answer, DNS failure',
  timeout: 'the per-request timeout passed (connect, headers or body)',
  http_4xx: 'the server answered 4xx',
  http_5xx: 'the server answered 5xx, or reported an error inside a started stream',
  bad_audio: 'audio not decodable, empty, cut off or silent (or a transcription with no text)',
  contract: 'a chat reply that breaks the response contract (regex or JSON schema)',
  reasoning_leak: 'a chat reply whose content carries reasoning (e.g. <think>)',
  aborted: 'the run was cancelled while the request was in flight',
  other: 'anything else',
} as const satisfies Record<string, string>

export type ErrorKind = keyof typeof ERROR_KINDS

export const ERROR_KIND_NAMES = Object.keys(ERROR_KINDS) as ErrorKind[]

export type ErrorCounts = Record<ErrorKind, number>

/** Every kind at zero. */
export function emptyErrorCounts(): ErrorCounts {
  return Object.fromEntries(ERROR_KIND_NAMES.map((kind) => [kind, 0])) as ErrorCounts
}

/** The kind of an HTTP status outside 2xx. */
export function errorKindOfStatus(status: number): ErrorKind {
  if (status >= 400 && status < 500) return 'http_4xx'
  if (status >= 500 && status < 600) return 'http_5xx'
  return 'other'
}

/** Socket-level codes (Node and undici) that mean the server could not be reached or dropped the connection. */
const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
])

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

/**
 * The kind of an exception thrown while a request was in flight. `runSignal` is the whole run's signal (aborted →
 * `aborted`); `timeoutSignal` the request's own timeout (aborted → `timeout`).
 */
export function classifyException(
  error: unknown,
  signals: { readonly runSignal?: AbortSignal; readonly timeoutSignal?: AbortSignal },
): ErrorKind {
  if (signals.runSignal?.aborted) return 'aborted'
  if (signals.timeoutSignal?.aborted) return 'timeout'
  const name = (error as { name?: unknown } | null)?.name
  if (name === 'TimeoutError') return 'timeout'
  const codes = errorCodes(error)
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return 'timeout'
  if (codes.some((code) => CONNECT_CODES.has(code))) return 'connect'
  if (name === 'AbortError') return 'aborted'
  return 'other'
}
