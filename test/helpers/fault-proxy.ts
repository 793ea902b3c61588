/**
 * A real HTTP proxy on 127.0.0.1 that sits in front of an upstream speech server and can be switched, at any moment,
 * into the failures a gateway meets in production: a host that refuses or resets connections, one that is slow to
 * answer, an error status, a body cut off mid-way, a 200 that is not audio, a 200 of pure silence. It counts what it
 * saw per mode, so a test can tell "the backend was tried and failed" from "the backend was skipped".
 *
 * Modes (options in brackets):
 * - `pass` [`bytesPerSecond`]: forward the request and stream the answer back byte for byte, optionally paced like an
 *   engine that generates in real time (a fast upstream would otherwise finish before a client could react).
 * - `refuse` [`reset`]: stop listening and drop every open connection, so connects are refused; with `reset: true`
 *   keep listening but reset each new connection at once (counted as a request of this mode).
 * - `delay` [`delayMs`, `bytesPerSecond`]: wait before forwarding, so response headers come late.
 * - `status500`: answer 500 with OpenAI's error JSON without contacting the upstream.
 * - `cutBody` [`afterBytes`, `holdMs`]: forward the upstream's headers and the first `afterBytes` body bytes (default 0),
 *   wait `holdMs`, then destroy the connection.
 * - `garbage` [`bytes`]: 200 `audio/pcm` with random bytes (which decode as loud noise: a gateway cannot tell).
 * - `garbageJson` [`contentType`]: 200 with an error page instead of audio (default `text/html`).
 * - `silence` [`seconds`, `sampleRate`]: 200 `audio/pcm` holding that much 16-bit zero PCM.
 * - `gain` [`factor`]: forward, then multiply every sample of an `audio/pcm` (16-bit) or WAV (16-bit PCM or 32-bit
 *   float) answer by `factor` (default 8), clipping at full scale, as a misconfigured amplifier would; other answers
 *   pass unchanged.
 *
 * When the upstream cannot be reached in `pass`/`delay`/`cutBody`, the proxy answers 502 like a real reverse proxy;
 * when the upstream dies mid-body, the proxy cuts its client off too.
 *
 * @example
 * const proxy = await startFaultProxy(upstream.url)
 * await proxy.setMode('delay', { delayMs: 3000 })
 * … // requests now get their headers 3 s late
 * await proxy.close()
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import {
  Agent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export const FAULT_MODES = [
  'pass',
  'refuse',
  'delay',
  'status500',
  'cutBody',
  'garbage',
  'garbageJson',
  'silence',
  'gain',
] as const
export type FaultMode = (typeof FAULT_MODES)[number]

export interface FaultOptions {
  /** `pass`, `delay`: pace the body at this rate (default: as fast as the upstream sends). */
  readonly bytesPerSecond?: number
  /** `refuse`: keep listening and reset each connection instead of refusing it. */
  readonly reset?: boolean
  /** `delay`: milliseconds before the request is forwarded (default 5000). */
  readonly delayMs?: number
  /** `cutBody`: body bytes forwarded before the cut (default 0: headers, then nothing). */
  readonly afterBytes?: number
  /** `cutBody`: pause between the last forwarded byte and the cut, so the client surely has them (default 0). */
  readonly holdMs?: number
  /** `garbage`: random bytes sent (default 48000, one second of 24 kHz 16-bit PCM). */
  readonly bytes?: number
  /** `garbageJson`: the content type of the non-audio 200 (default `text/html; charset=utf-8`). */
  readonly contentType?: string
  /** `silence`: seconds of zero samples (default 1) at `sampleRate` (default 24000). */
  readonly seconds?: number
  readonly sampleRate?: number
  /** `gain`: the factor samples are multiplied by before clipping (default 8). */
  readonly factor?: number
}

/** One request the proxy received. */
export interface ProxiedRequest {
  readonly mode: FaultMode
  readonly method: string
  readonly path: string
  /** Body bytes sent back to the client. */
  bytesSent: number
  /** The response was completed normally. */
  finished: boolean
  /** The client closed the connection before the response was complete (not the proxy cutting it). */
  closedByClient: boolean
  /** When the client went away, in `performance.now()` milliseconds. */
  closedAt?: number
  /** The upstream request, if one was made, was torn down before its answer was complete. */
  upstreamCancelled: boolean
}

export interface FaultProxyStats {
  /** Requests received, by the mode in force when each arrived (`refuse` counts only reset connections). */
  readonly requests: Readonly<Record<FaultMode, number>>
  readonly total: number
  /** Requests forwarded to the upstream. */
  readonly forwarded: number
  /** Forwarded requests the upstream could not be reached for (answered 502) or died during. */
  readonly upstreamFailures: number
  /** Responses the client abandoned before they were complete. */
  readonly closedByClient: number
  readonly inFlight: number
  readonly maxConcurrent: number
}

export interface FaultProxy {
  readonly url: string
  readonly upstreamUrl: string
  readonly mode: FaultMode
  setMode(mode: FaultMode, options?: FaultOptions): Promise<void>
  /** Points the proxy at another upstream (e.g. a restarted server); the proxy's own address is unchanged. */
  setUpstream(url: string): void
  readonly stats: FaultProxyStats
  /** Every request received, oldest first. */
  readonly log: readonly ProxiedRequest[]
  resetStats(): void
  close(): Promise<void>
}

const PACE_MS = 20

/** Connection-scoped headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
])

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())))
}

function openAiError(status: number, message: string): string {
  return JSON.stringify({
    error: { message, type: 'server_error', param: null, code: status === 502 ? 'bad_gateway' : 'internal_error' },
  })
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of request) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

/** Resolves when `response` can take more bytes, or is gone. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done)
      response.off('close', done)
      resolve()
    }
    response.once('drain', done)
    response.once('close', done)
  })
}

/** Aborts when `response` closes (the response finished or the client went away). */
function closeSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController()
  if (response.closed) controller.abort()
  else response.once('close', () => controller.abort())
  return controller.signal
}

/** `samples` (16-bit little-endian PCM, or 32-bit float when `float`) scaled by `factor` in place, clipped to full scale. */
function scaleSamples(samples: Buffer, factor: number, float: boolean): void {
  if (float) {
    for (let at = 0; at + 4 <= samples.length; at += 4)
      samples.writeFloatLE(Math.max(-1, Math.min(1, samples.readFloatLE(at) * factor)), at)
    return
  }
  for (let at = 0; at + 2 <= samples.length; at += 2)
    samples.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples.readInt16LE(at) * factor))), at)
}

/** Applies `factor` to a whole audio body: raw PCM, or a WAV's `data` chunk (to the end: a streamed WAV's size is a placeholder). */
function amplify(body: Buffer, contentType: string, factor: number): Buffer {
  const out = Buffer.from(body)
  if (contentType.startsWith('audio/pcm')) {
    scaleSamples(out, factor, false)
    return out
  }
  if (out.toString('latin1', 0, 4) !== 'RIFF' || out.toString('latin1', 8, 12) !== 'WAVE') return out
  let float = false
  for (let at = 12; at + 8 <= out.length;) {
    const id = out.toString('latin1', at, at + 4)
    const size = out.readUInt32LE(at + 4)
    if (id === 'fmt ') {
      const format = out.readUInt16LE(at + 8)
      float = format === 3 || (format === 0xfffe && out.readUInt16LE(at + 22) === 32)
    }
    if (id === 'data') {
      scaleSamples(out.subarray(at + 8), factor, float)
      return out
    }
    at += 8 + size + (size % 2)
  }
  return out
}

function zeroCounts(): Record<FaultMode, number> {
  return Object.fromEntries(FAULT_MODES.map((mode) => [mode, 0])) as Record<FaultMode, number>
}

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  let upstream = new URL(upstreamUrl)
  let mode: FaultMode = 'pass'
  let options: FaultOptions = {}
  let counts = zeroCounts()
  let log: ProxiedRequest[] = []
  let forwarded = 0
  let upstreamFailures = 0
  let inFlight = 0
  let maxConcurrent = 0
  const sockets = new Set<Socket>()
  let agent = new Agent({ keepAlive: true })
  /** Aborted by close(), so no pending delay or hold keeps the process alive. */
  const closing = new AbortController()

  /** Forwards `request` upstream; resolves with the upstream's answer, or undefined after answering 502 itself. */
  async function forward(
    request: IncomingMessage,
    response: ServerResponse,
    record: ProxiedRequest,
  ): Promise<{ upstreamResponse: IncomingMessage; upstreamRequest: ClientRequest } | undefined> {
    const body = await readBody(request)
    if (response.destroyed) return undefined
    forwarded++
    const target = new URL(request.url ?? '/', upstream)
    const upstreamRequest = httpRequest(target, {
      method: request.method,
      headers: { ...endToEnd(request.headers), host: target.host, 'content-length': String(body.length) },
      agent,
    })
    // The client gave up: so does the proxy, which the upstream sees as its client disconnecting.
    response.once('close', () => {
      if (!record.finished && !upstreamRequest.destroyed) {
        record.upstreamCancelled = true
        upstreamRequest.destroy()
      }
    })
    try {
      upstreamRequest.end(body)
      const [upstreamResponse] = (await once(upstreamRequest, 'response')) as [IncomingMessage]
      return { upstreamResponse, upstreamRequest }
    } catch (error) {
      if (record.upstreamCancelled) return undefined
      upstreamFailures++
      if (!response.destroyed && !response.headersSent) {
        response
          .writeHead(502, { 'content-type': 'application/json' })
          .end(openAiError(502, `fault proxy: upstream unreachable (${(error as Error).message})`))
      }
      return undefined
    }
  }

  /** Streams the upstream's answer back (paced if asked); an upstream dying mid-body cuts the client off too. */
  async function relay(
    upstreamResponse: IncomingMessage,
    response: ServerResponse,
    record: ProxiedRequest,
    bytesPerSecond?: number,
  ): Promise<void> {
    response.writeHead(upstreamResponse.statusCode ?? 502, endToEnd(upstreamResponse.headers))
    response.flushHeaders()
    // Pacing writes a slice every PACE_MS.
    const slice = bytesPerSecond ? Math.max(2, Math.round((bytesPerSecond * PACE_MS) / 1000)) : Number.POSITIVE_INFINITY
    try {
      for await (const chunk of upstreamResponse as AsyncIterable<Buffer>) {
        for (let offset = 0; offset < chunk.length; offset += slice) {
          if (response.destroyed) return
          const part = chunk.subarray(offset, offset + slice)
          record.bytesSent += part.length
          if (!response.write(part)) await drained(response)
          if (bytesPerSecond) await sleep(PACE_MS)
        }
      }
      response.end()
    } catch {
      if (!record.upstreamCancelled) upstreamFailures++
      response.destroy()
    }
  }

  /** Forwards the headers and the first `afterBytes` bytes, then destroys the connection. */
  function relayThenCut(
    upstreamResponse: IncomingMessage,
    upstreamRequest: ClientRequest,
    response: ServerResponse,
    record: ProxiedRequest,
    cutOptions: FaultOptions,
    onCut: () => void,
  ): void {
    const limit = cutOptions.afterBytes ?? 0
    response.writeHead(upstreamResponse.statusCode ?? 502, endToEnd(upstreamResponse.headers))
    response.flushHeaders()
    // Destroying the upstream request makes its response emit 'error'; the client is cut off (again) either way.
    upstreamResponse.on('error', () => response.destroy())
    let cut = false
    const cutNow = () => {
      if (cut) return
      cut = true
      upstreamResponse.pause()
      // The hold ends early when the client leaves or the proxy closes: there is nothing left to cut.
      const hold = AbortSignal.any([closing.signal, closeSignal(response)])
      void sleep(cutOptions.holdMs ?? 0, undefined, { signal: hold })
        .catch(() => {})
        .then(() => {
          if (!response.closed) onCut()
          response.destroy()
          upstreamRequest.destroy()
        })
    }
    if (limit === 0) return cutNow()
    upstreamResponse.on('data', (chunk: Buffer) => {
      if (cut) return
      const room = limit - record.bytesSent
      const part = chunk.subarray(0, room)
      record.bytesSent += part.length
      response.write(part)
      if (record.bytesSent >= limit) cutNow()
    })
    // A body shorter than the limit is still cut: the fault is "the connection dies", never a clean end.
    upstreamResponse.once('end', cutNow)
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const current = mode
    const currentOptions = options
    const record: ProxiedRequest = {
      mode: current,
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      bytesSent: 0,
      finished: false,
      closedByClient: false,
      upstreamCancelled: false,
    }
    log.push(record)
    counts[current]++
    inFlight++
    maxConcurrent = Math.max(maxConcurrent, inFlight)
    let cutByProxy = false
    response.once('finish', () => (record.finished = true))
    response.once('close', () => {
      inFlight--
      if (!record.finished && !cutByProxy) {
        record.closedByClient = true
        record.closedAt = performance.now()
      }
    })
    switch (current) {
      case 'status500': {
        await readBody(request)
        response
          .writeHead(500, { 'content-type': 'application/json' })
          .end(openAiError(500, 'fault proxy: injected internal error'))
        return
      }
      case 'garbageJson': {
        await readBody(request)
        const type = currentOptions.contentType ?? 'text/html; charset=utf-8'
        const page = type.includes('json')
          ? JSON.stringify({ detail: 'fault proxy: model is still loading' })
          : '<html><head><title>Loading</title></head><body><h1>Model is still loading</h1></body></html>'
        response.writeHead(200, { 'content-type': type }).end(page)
        return
      }
      case 'garbage': {
        await readBody(request)
        const bytes = randomBytes(currentOptions.bytes ?? 48_000)
        record.bytesSent = bytes.length
        response.writeHead(200, { 'content-type': 'audio/pcm' }).end(bytes)
        return
      }
      case 'silence': {
        await readBody(request)
        const samples = Math.round((currentOptions.seconds ?? 1) * (currentOptions.sampleRate ?? 24_000))
        const zeros = Buffer.alloc(samples * 2)
        record.bytesSent = zeros.length
        response.writeHead(200, { 'content-type': 'audio/pcm' }).end(zeros)
        return
      }
      case 'delay': {
        const gone = AbortSignal.any([closing.signal, closeSignal(response)])
        await sleep(currentOptions.delayMs ?? 5000, undefined, { signal: gone }).catch(() => {})
        if (response.destroyed) return
        const answer = await forward(request, response, record)
        if (answer) await relay(answer.upstreamResponse, response, record, currentOptions.bytesPerSecond)
        return
      }
      case 'gain': {
        const answer = await forward(request, response, record)
        if (!answer) return
        const { upstreamResponse } = answer
        const body = await readBody(upstreamResponse).catch(() => undefined)
        if (!body) {
          upstreamFailures++
          response.destroy()
          return
        }
        const type = String(upstreamResponse.headers['content-type'] ?? '')
        const ok = upstreamResponse.statusCode === 200
        const sent = ok ? amplify(body, type, currentOptions.factor ?? 8) : body
        const headers = { ...endToEnd(upstreamResponse.headers), 'content-length': String(sent.length) }
        record.bytesSent = sent.length
        response.writeHead(upstreamResponse.statusCode ?? 502, headers).end(sent)
        return
      }
      case 'cutBody': {
        const answer = await forward(request, response, record)
        if (!answer) return
        relayThenCut(answer.upstreamResponse, answer.upstreamRequest, response, record, currentOptions, () => {
          cutByProxy = true
        })
        return
      }
      case 'pass':
      case 'refuse': {
        // `refuse` without `reset` never gets here (nothing listens); a request racing the switch is passed.
        const answer = await forward(request, response, record)
        if (answer) await relay(answer.upstreamResponse, response, record, currentOptions.bytesPerSecond)
        return
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy())
  })
  server.on('connection', (socket: Socket) => {
    if (mode === 'refuse' && options.reset) {
      counts.refuse++
      socket.resetAndDestroy()
      return
    }
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  async function stopListening(): Promise<void> {
    if (!server.listening) return
    const closed = once(server, 'close')
    server.close()
    for (const socket of sockets) socket.destroy()
    await closed
  }

  async function startListening(): Promise<void> {
    if (server.listening) return
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
  }

  return {
    url: `http://127.0.0.1:${port}`,
    get upstreamUrl() {
      return upstream.href
    },
    get mode() {
      return mode
    },
    async setMode(next, nextOptions = {}) {
      mode = next
      options = nextOptions
      if (next === 'refuse') {
        if (nextOptions.reset) {
          await startListening()
          for (const socket of sockets) socket.resetAndDestroy()
        } else {
          await stopListening()
        }
      } else {
        await startListening()
      }
    },
    setUpstream(url) {
      upstream = new URL(url)
      // Kept-alive connections lead to the old upstream.
      agent.destroy()
      agent = new Agent({ keepAlive: true })
    },
    get stats() {
      return {
        requests: { ...counts },
        total: Object.values(counts).reduce((sum, count) => sum + count, 0),
        forwarded,
        upstreamFailures,
        closedByClient: log.filter((entry) => entry.closedByClient).length,
        inFlight,
        maxConcurrent,
      }
    },
    get log() {
      return log
    },
    resetStats() {
      counts = zeroCounts()
      log = []
      forwarded = 0
      upstreamFailures = 0
      maxConcurrent = inFlight
    },
    async close() {
      closing.abort()
      await stopListening()
      agent.destroy()
    },
  }
}
