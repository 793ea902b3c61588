/**
 * What went wrong talking to an upstream speech server, as a coded Chorus error. The split matters to the router:
 * unreachable and timed-out backends are failed over and counted by the circuit breaker, an upstream that answered
 * with an error names its own message, and audio that cannot be used is never passed on as if it were whole.
 *
 * | cause                                                    | code                              |
 * |----------------------------------------------------------|-----------------------------------|
 * | caller's AbortSignal fired                               | CHORUS_ERR_ABORTED                |
 * | refused, reset, DNS failure, socket closed before reply  | CHORUS_ERR_UPSTREAM_UNAVAILABLE   |
 * | connect, first-byte (headers) or mid-body idle timeout   | CHORUS_ERR_UPSTREAM_TIMEOUT       |
 * | HTTP status outside 2xx                                  | CHORUS_ERR_UPSTREAM_ERROR         |
 * | body cut off, not audio, or not the audio it claims      | CHORUS_ERR_UPSTREAM_BAD_AUDIO     |
 */
import { ChorusError } from '../../errors.js'

export interface UpstreamContext {
  readonly engineId: string
  readonly signal?: AbortSignal
  readonly connectTimeoutMs: number
  readonly firstByteTimeoutMs: number
  readonly idleTimeoutMs: number
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
])

/** Every error code on `error`, its `cause` chain and (for happy-eyeballs connects) its AggregateError members. */
export function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return []
  const codes: string[] = []
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') codes.push(code)
  codes.push(...errorCodes((error as { cause?: unknown }).cause, depth + 1))
  const members = (error as { errors?: unknown }).errors
  if (Array.isArray(members)) for (const member of members) codes.push(...errorCodes(member, depth + 1))
  return codes
}

function describe(error: unknown): string {
  const codes = errorCodes(error)
  const message = error instanceof Error && error.message ? error.message : String(error)
  return codes.length > 0 && !message.includes(codes[0]!) ? `${codes[0]}: ${message}` : message
}

export function abortedError(signal: AbortSignal | undefined): ChorusError {
  return new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: signal?.reason })
}

/**
 * Maps a failure of the request itself. `phase` says whether response headers had arrived: a connection that dies
 * after them has cut the audio short (bad audio), one that dies before them left the backend unreachable.
 */
export function transportError(error: unknown, context: UpstreamContext, phase: 'request' | 'body'): ChorusError {
  if (context.signal?.aborted) return abortedError(context.signal)
  if (error instanceof ChorusError) return error
  const engine = context.engineId
  const codes = errorCodes(error)
  const has = (code: string) => codes.includes(code)
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return new ChorusError(
      'CHORUS_ERR_UPSTREAM_TIMEOUT',
      { engine, reason: `no connection within connectTimeoutMs (${context.connectTimeoutMs} ms).` },
      { cause: error },
    )
  }
  if (has('UND_ERR_HEADERS_TIMEOUT')) {
    return new ChorusError(
      'CHORUS_ERR_UPSTREAM_TIMEOUT',
      { engine, reason: `no response within firstByteTimeoutMs (${context.firstByteTimeoutMs} ms).` },
      { cause: error },
    )
  }
  if (has('UND_ERR_BODY_TIMEOUT')) {
    return new ChorusError(
      'CHORUS_ERR_UPSTREAM_TIMEOUT',
      { engine, reason: `the audio stream stalled for more than idleTimeoutMs (${context.idleTimeoutMs} ms).` },
      { cause: error },
    )
  }
  if (phase === 'body') {
    return new ChorusError(
      'CHORUS_ERR_UPSTREAM_BAD_AUDIO',
      { engine, reason: `the connection broke mid-body, so the audio is truncated (${describe(error)}).` },
      { cause: error },
    )
  }
  const reason = codes.some((code) => UNREACHABLE.has(code))
    ? describe(error)
    : `unexpected failure: ${describe(error)}`
  return new ChorusError('CHORUS_ERR_UPSTREAM_UNAVAILABLE', { engine, reason }, { cause: error })
}

/**
 * The message an upstream put in its error body: OpenAI's `{error: {message}}`, FastAPI's `{detail}` (a string, a
 * list of validation errors, or Kokoro-FastAPI's `{detail: {message}}`), or the start of a plain-text body.
 */
export function upstreamMessage(body: string): string {
  const trimmed = body.trim()
  try {
    const json = JSON.parse(trimmed) as Record<string, unknown>
    const candidates = [json.error, json.detail, json.message]
    for (const candidate of candidates) {
      if (typeof candidate === 'string' && candidate) return candidate
      if (Array.isArray(candidate)) {
        const messages = candidate
          .map((item) => (item as { msg?: unknown }).msg)
          .filter((msg) => typeof msg === 'string')
        if (messages.length > 0) return messages.join('; ')
      }
      if (
        candidate &&
        typeof candidate === 'object' &&
        typeof (candidate as { message?: unknown }).message === 'string'
      ) {
        return (candidate as { message: string }).message
      }
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const text = trimmed.replace(/\s+/g, ' ')
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || '(empty body)'
}

export function statusError(status: number, body: string, context: UpstreamContext, authHint?: string): ChorusError {
  const hint = (status === 401 || status === 403) && authHint ? ` ${authHint}` : ''
  return new ChorusError('CHORUS_ERR_UPSTREAM_ERROR', {
    engine: context.engineId,
    reason: `HTTP ${status}: ${upstreamMessage(body)}${hint}`,
  })
}

export function badAudioError(reason: string, context: UpstreamContext, cause?: unknown): ChorusError {
  return new ChorusError('CHORUS_ERR_UPSTREAM_BAD_AUDIO', { engine: context.engineId, reason }, { cause })
}
