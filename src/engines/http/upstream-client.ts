/**
 * The HTTP plumbing the remote-engine adapters share, on undici: one keep-alive Agent per engine with connect,
 * first-byte and idle timeouts; a request call that turns every failure into a coded error; and a body reader that
 * decodes audio as bytes arrive and closes the upstream request as soon as the caller stops listening.
 *
 * @example
 * const upstream = new Upstream({ engineId: 'kokoro', connectTimeoutMs: 2000, firstByteTimeoutMs: 15000, idleTimeoutMs: 30000 })
 * const response = await upstream.send({ url, method: 'POST', headers, body, signal })
 * yield* upstream.decode(response, new PcmFrameDecoder(layout, 24000), signal)
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request, type Dispatcher } from 'undici'
import type { AudioChunk, EngineHealth } from '../engine.js'
import { AudioFormatError, type ChunkDecoder } from './pcm-frames.js'
import { readTruncatedText } from './read-body.js'
import {
  abortedError,
  badAudioError,
  statusError,
  transportError,
  upstreamMessage,
  type UpstreamContext,
} from './upstream-errors.js'

export interface UpstreamRequest {
  readonly url: string
  readonly method: 'GET' | 'POST'
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  readonly signal?: AbortSignal
  /** Added to the message of a 401/403 answer, naming the credential setting to check. */
  readonly authHint?: string
}

export type UpstreamResponse = Dispatcher.ResponseData

/** Error bodies are read for their message only; a runaway one is cut here. */
const ERROR_BODY_LIMIT = 64 * 1024
/** How long `close()` lets requests in flight finish before cutting them off. */
const CLOSE_GRACE_MS = 2000

export function headerValue(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Closes a body that will not be read. undici reports a body destroyed before its end as an 'error' event; with no
 * listener that would crash the process, so one is attached first.
 */
export function discardBody(response: UpstreamResponse): void {
  if (response.body.destroyed) return
  response.body.on('error', () => {})
  response.body.destroy()
}

/** Content types a speech server uses for error pages and JSON, never for audio. */
const NOT_AUDIO = /^(application\/(json|problem\+json|xml|xhtml\+xml)|text\/)/i

/** Runs one decoder step, turning "these bytes are not audio" into the coded error. */
function decodeStep<T>(step: () => T, context: UpstreamContext): T {
  try {
    return step()
  } catch (error) {
    if (error instanceof AudioFormatError) throw badAudioError(`${error.message}.`, context, error)
    throw error
  }
}

export class Upstream {
  readonly #agent: Agent
  /** Responses whose bodies are still open, so `close()` can cut off streams their callers abandoned. */
  readonly #open = new Set<UpstreamResponse>()

  constructor(readonly context: UpstreamContext) {
    this.#agent = new Agent({
      connect: { timeout: context.connectTimeoutMs },
      headersTimeout: context.firstByteTimeoutMs,
      bodyTimeout: context.idleTimeoutMs,
    })
  }

  /** Sends a request; resolves with a 2xx response whose body is still unread, or throws a coded error. */
  async send(call: UpstreamRequest): Promise<UpstreamResponse> {
    const context = { ...this.context, signal: call.signal }
    if (call.signal?.aborted) throw abortedError(call.signal)
    let response: UpstreamResponse
    try {
      response = await request(call.url, {
        dispatcher: this.#agent,
        method: call.method,
        headers: { ...call.headers },
        body: call.body ?? null,
        signal: call.signal ?? null,
      })
    } catch (error) {
      throw transportError(error, context, 'request')
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await readTruncatedText(response.body, ERROR_BODY_LIMIT)
      if (call.signal?.aborted) throw abortedError(call.signal)
      throw statusError(response.statusCode, text, context, call.authHint)
    }
    this.#open.add(response)
    response.body.once('close', () => this.#open.delete(response))
    return response
  }

  /**
   * Rejects a 2xx answer whose content type says it is not audio (a JSON or HTML error page sent with 200), quoting
   * what it said.
   */
  async assertAudio(response: UpstreamResponse): Promise<void> {
    const type = headerValue(response, 'content-type') ?? ''
    if (!NOT_AUDIO.test(type)) return
    const text = await readTruncatedText(response.body, 4096)
    throw badAudioError(`expected audio but got ${type.split(';')[0]}: ${upstreamMessage(text)}`, this.context)
  }

  /**
   * Decodes the response body as it arrives and yields mono chunks. The upstream request is destroyed when the caller
   * stops iterating or `signal` aborts; no chunk is yielded after an abort.
   */
  async *decode(response: UpstreamResponse, decoder: ChunkDecoder, signal: AbortSignal): AsyncGenerator<AudioChunk> {
    const context = { ...this.context, signal }
    const body = response.body
    const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    let samplesOut = 0
    try {
      for (;;) {
        let next: IteratorResult<Buffer>
        try {
          next = await iterator.next()
        } catch (error) {
          throw transportError(error, context, 'body')
        }
        if (signal.aborted) throw abortedError(signal)
        if (next.done) break
        const samples = decodeStep(() => decoder.push(next.value), context)
        if (samples.length === 0) continue
        samplesOut += samples.length
        yield { samples, sampleRate: decoder.sampleRate! }
        if (signal.aborted) throw abortedError(signal)
      }
      decodeStep(() => decoder.end(), context)
      if (samplesOut === 0) throw badAudioError('the body holds no audio samples.', context)
    } finally {
      // Stopping early (abort, error, or the caller's `return()`) must close the upstream request, not drain it.
      discardBody(response)
    }
  }

  /** GET `url`: healthy on 2xx; the detail carries the upstream's `version` when its JSON body has one. */
  async health(url: string): Promise<EngineHealth> {
    try {
      const response = await request(url, { dispatcher: this.#agent, method: 'GET' })
      const text = await readTruncatedText(response.body, 16 * 1024)
      if (response.statusCode < 200 || response.statusCode >= 300) {
        return { ok: false, detail: `GET ${url} → HTTP ${response.statusCode}: ${upstreamMessage(text)}` }
      }
      let version: unknown
      try {
        version = (JSON.parse(text) as { version?: unknown }).version
      } catch {
        version = undefined
      }
      const suffix = typeof version === 'string' || typeof version === 'number' ? `, version ${version}` : ''
      return { ok: true, detail: `GET ${url} → HTTP ${response.statusCode}${suffix}` }
    } catch (error) {
      return { ok: false, detail: transportError(error, this.context, 'request').message }
    }
  }

  /** Closes idle connections; requests still in flight get a short grace period, then are cut off. */
  async close(): Promise<void> {
    const closed = this.#agent.close()
    const outcome = await Promise.race([closed, sleep(CLOSE_GRACE_MS, 'timeout' as const, { ref: false })])
    // undici's Agent forgets its connections once close() is called, so destroy() could not reach them; destroying
    // the open bodies aborts their requests, which lets close() finish.
    if (outcome === 'timeout') for (const response of this.#open) discardBody(response)
    await closed
  }
}
