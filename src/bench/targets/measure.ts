/**
 * The plumbing every target shares: a clock started just before the request is sent, the request's own timeout
 * joined to the run's AbortSignal (one controller per request, released when it ends), an undici POST that turns a
 * non-2xx answer into a failure of kind `http_4xx` / `http_5xx` carrying the server's message, and the conversion of
 * whatever went wrong into one {@link ErrorKind} — so a target function never rejects.
 */
import { performance } from 'node:perf_hooks'
import { request as undiciRequest, type Dispatcher, type FormData } from 'undici'
import { readTruncatedText } from '../../engines/http/read-body.js'
import { upstreamMessage } from '../../engines/http/upstream-errors.js'
import { classifyException, errorKindOfStatus, type ErrorKind } from '../error-kinds.js'
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOutcome, type TargetKind, type TargetRequest } from './target.js'

/** A failure the target has already classified. */
export class RequestFailure extends Error {
  override readonly name = 'RequestFailure'
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message)
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** What a target fills in while it works; measureRequest() completes it. */
export type OutcomeDraft = Mutable<Omit<RequestOutcome, 'kind' | 'promptId' | 'ok' | 'latencyMs'>>

export interface RequestContext {
  /** The run's signal joined with this request's timeout. */
  readonly signal: AbortSignal
  /** Milliseconds since the request was sent. */
  elapsed(): number
}

const ERROR_BODY_LIMIT = 16 * 1024

/** Runs `work` timed; every exception becomes an outcome with an error kind. */
export async function measureRequest(
  kind: TargetKind,
  request: TargetRequest,
  runSignal: AbortSignal,
  work: (draft: OutcomeDraft, context: RequestContext) => Promise<void>,
): Promise<RequestOutcome> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const { signal, timedOut, release } = requestSignal(runSignal, timeoutMs)
  const draft: OutcomeDraft = {
    ttfaMs: null,
    firstAudibleMs: null,
    firstByteMs: null,
    audioSeconds: null,
    bytes: 0,
    status: null,
  }
  const started = performance.now()
  const elapsed = (): number => performance.now() - started
  try {
    await work(draft, { signal, elapsed })
  } catch (error) {
    const timeoutSignal = timedOut() ? signal : undefined
    draft.errorKind =
      error instanceof RequestFailure && !runSignal.aborted && !timedOut()
        ? error.kind
        : classifyException(error, { runSignal, timeoutSignal })
    draft.error =
      draft.errorKind === 'timeout' && timedOut() ? `no complete answer within ${timeoutMs} ms` : describe(error)
  } finally {
    release()
  }
  const latencyMs = elapsed()
  return { kind, promptId: request.prompt.id, ok: draft.errorKind === undefined, latencyMs, ...draft }
}

/**
 * The run's signal joined with a per-request timeout. One controller, a timer cleared when the request ends and a
 * listener removed then: a load generator makes thousands of these a second, and `AbortSignal.any` over
 * `AbortSignal.timeout` costs several times the CPU and leaves a pending timer per request behind.
 */
function requestSignal(
  runSignal: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; timedOut: () => boolean; release: () => void } {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, 'TimeoutError'))
  }, timeoutMs)
  const onRunAbort = (): void => controller.abort(runSignal.reason)
  if (runSignal.aborted) onRunAbort()
  else runSignal.addEventListener('abort', onRunAbort, { once: true })
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release: () => {
      clearTimeout(timer)
      runSignal.removeEventListener('abort', onRunAbort)
    },
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message
}

export interface PostOptions {
  readonly headers?: Readonly<Record<string, string>>
  readonly body: string | FormData
  readonly dispatcher?: Dispatcher
}

/**
 * POSTs and resolves with the response once its headers are in; a status outside 2xx is read for its message and
 * thrown as a RequestFailure.
 */
export async function post(
  url: string,
  options: PostOptions,
  draft: OutcomeDraft,
  context: RequestContext,
): Promise<Dispatcher.ResponseData> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (typeof options.body === 'string') headers['content-type'] ??= 'application/json'
  const response = await undiciRequest(url, {
    method: 'POST',
    headers,
    body: options.body,
    signal: context.signal,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  })
  draft.status = response.statusCode
  if (response.statusCode >= 200 && response.statusCode < 300) return response
  const text = await readTruncatedText(response.body, ERROR_BODY_LIMIT)
  throw new RequestFailure(
    errorKindOfStatus(response.statusCode),
    `HTTP ${response.statusCode}: ${upstreamMessage(text)}`,
  )
}

/** A response header's first value. */
export function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Closes a body on the way out of a failed read (undici reports a destroyed body as an error event). */
export function closeBody(response: Dispatcher.ResponseData): void {
  if (response.body.destroyed) return
  response.body.on('error', () => {})
  response.body.destroy()
}
