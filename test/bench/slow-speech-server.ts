/**
 * A small server on 127.0.0.1 speaking OpenAI's POST /v1/audio/speech wire format with behaviour chosen by the
 * `input` text, for bench tests:
 *
 * - `slow`: response headers at once, the WAV header 300 ms later, the samples 300 ms after that (so the first byte
 *   and the first decodable sample are far apart);
 * - `silent`: a WAV of digital silence; `json`: a 200 answer that is JSON, not audio; `cut`: half a WAV header;
 * - `error-500` / `error-400`: an OpenAI-style error JSON with that status; `hang`: headers, then nothing;
 * - anything else: a short tone as raw 16-bit PCM at 24 kHz with X-Sample-Rate.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { floatToInt16Bytes } from '../../src/audio/pcm.js'
import { wavHeader } from '../../src/audio/wav.js'
import { listenOnLoopback, readJsonBody } from './loopback-server.js'

export const HEADER_DELAY_MS = 300
export const AUDIO_DELAY_MS = 300

export function tone(seconds: number, amplitude = 0.4, sampleRate = 24000): Uint8Array {
  const samples = new Float32Array(Math.round(seconds * sampleRate))
  for (let index = 0; index < samples.length; index++)
    samples[index] = amplitude * Math.sin((2 * Math.PI * 440 * index) / sampleRate)
  return floatToInt16Bytes(samples)
}

function error(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify({ error: { message: `deliberate ${status}`, type: 'server_error', code: null } }))
}

export interface SlowSpeechServer {
  readonly url: string
  /** Request bodies received, in order. */
  readonly bodies: Record<string, unknown>[]
  close(): Promise<void>
}

export async function startSlowSpeechServer(): Promise<SlowSpeechServer> {
  const bodies: Record<string, unknown>[] = []
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/audio/speech') return error(response, 404)
      const body = await readJsonBody(request)
      bodies.push(body)
      const input = String(body.input)
      if (input === 'error-500') return error(response, 500)
      if (input === 'error-400') return error(response, 400)
      if (input === 'json') {
        response.writeHead(200, { 'content-type': 'application/json' })
        return response.end('{"ok":true}')
      }
      if (input === 'slow' || input === 'hang') {
        response.writeHead(200, { 'content-type': 'audio/wav' })
        response.flushHeaders()
        if (input === 'hang') return
        await sleep(HEADER_DELAY_MS)
        response.write(wavHeader(24000, undefined))
        await sleep(AUDIO_DELAY_MS)
        return response.end(tone(0.5))
      }
      if (input === 'silent') {
        response.writeHead(200, { 'content-type': 'audio/wav' })
        return response.end(Buffer.concat([wavHeader(24000, 48000), new Uint8Array(48000)]))
      }
      if (input === 'cut') {
        response.writeHead(200, { 'content-type': 'audio/wav' })
        return response.end(wavHeader(24000, undefined).subarray(0, 20))
      }
      response.writeHead(200, { 'content-type': 'audio/pcm', 'x-sample-rate': '24000' })
      response.end(tone(0.25))
    })().catch(() => response.destroy())
  })
  const listening = await listenOnLoopback(server)
  return { url: listening.url, bodies, close: () => listening.close() }
}
