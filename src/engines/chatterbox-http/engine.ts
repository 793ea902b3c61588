/**
 * An engine in front of a Chatterbox TTS server, speaking its wire format: `POST {url}/v1/tts` with
 * `{text, reference_audio, exaggeration, cfg_weight, temperature}` and an `X-Internal-Token` header; the answer is
 * raw 16-bit little-endian PCM described by `X-Sample-Rate`, `X-Channels`, `X-Format` and `X-Audio-Duration`.
 *
 * PCM is yielded as it arrives. Because the server states the duration up front, a body that ends more than 10 %
 * short of it is reported as bad audio at the end of the stream: truncated audio never passes as complete.
 */
import { ChorusError } from '../../errors.js'
import type { AudioChunk, Engine, EngineCapabilities, EngineHealth, EngineVoice, SynthesisRequest } from '../engine.js'
import { AudioFormatError, PcmFrameDecoder, type ChunkDecoder } from '../http/pcm-frames.js'
import { serverRoot } from '../http/settings.js'
import { discardBody, headerValue, Upstream, type UpstreamResponse } from '../http/upstream-client.js'
import { abortedError, badAudioError } from '../http/upstream-errors.js'
import type { ChatterboxHttpSettings } from './config.js'

/** Chatterbox's native rate, assumed when a server leaves out `X-Sample-Rate`. */
const CHATTERBOX_SAMPLE_RATE = 24000
/** A body may fall short of `X-Audio-Duration` by this fraction (rounding, trimmed tails) before it counts as cut. */
const DURATION_TOLERANCE = 0.1

export class ChatterboxHttpEngine implements Engine {
  readonly kind = 'http' as const
  readonly capabilities: EngineCapabilities = {
    streaming: true,
    // Chatterbox has no rate control; the router time-stretches.
    speed: false,
    instructions: false,
    cloning: true,
    sampleRate: CHATTERBOX_SAMPLE_RATE,
    // Chatterbox samples; a seed makes a take reproducible and lets best-of-N ask for different takes.
    seed: true,
  }
  readonly #settings: ChatterboxHttpSettings
  readonly #root: string
  readonly #upstream: Upstream
  readonly #voices: readonly EngineVoice[]
  #closed = false

  constructor(
    readonly id: string,
    settings: ChatterboxHttpSettings,
  ) {
    this.#settings = settings
    this.#root = serverRoot(settings.url, { stripV1: false })
    this.#upstream = new Upstream({ engineId: id, ...settings })
    this.#voices = Object.entries(settings.voices).map(([voiceId, voice]) => ({
      id: voiceId,
      name: voice.reference_audio
        ? `${voiceId} (cloned from ${voice.reference_audio})`
        : `${voiceId} (server default voice)`,
      languages: voice.languages,
      sampleRate: CHATTERBOX_SAMPLE_RATE,
    }))
  }

  async listVoices(): Promise<readonly EngineVoice[]> {
    return this.#voices
  }

  async *synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    if (signal.aborted) throw abortedError(signal)
    const voice = Object.hasOwn(this.#settings.voices, request.voice) ? this.#settings.voices[request.voice] : undefined
    if (!voice) {
      throw new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', {
        voice: request.voice,
        valid: Object.keys(this.#settings.voices).join(', '),
      })
    }
    if (this.#closed) throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    const token = this.#settings.token
    const response = await this.#upstream.send({
      url: `${this.#root}/v1/tts`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-internal-token': token } : {}) },
      body: JSON.stringify({
        text: request.text,
        ...(voice.reference_audio !== undefined ? { reference_audio: voice.reference_audio } : {}),
        exaggeration: voice.exaggeration,
        cfg_weight: voice.cfg_weight,
        temperature: voice.temperature,
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
      }),
      signal,
      authHint: token
        ? 'The server refused the configured `token` (sent as X-Internal-Token); check it matches the server.'
        : 'No `token` is configured, and the server requires an X-Internal-Token.',
    })
    await this.#upstream.assertAudio(response)
    let decoder: ChunkDecoder
    try {
      decoder = describedPcm(response)
    } catch (error) {
      discardBody(response)
      throw error instanceof AudioFormatError
        ? badAudioError(`${error.message}.`, this.#upstream.context, error)
        : error
    }
    yield* this.#upstream.decode(response, decoder, signal)
  }

  async health(): Promise<EngineHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' }
    return this.#upstream.health(`${this.#root}${this.#settings.healthPath}`)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#upstream.close()
  }
}

function numberHeader(response: UpstreamResponse, name: string, fallback: number | undefined): number | undefined {
  const raw = headerValue(response, name)
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0)
    throw new AudioFormatError(`${name} is ${JSON.stringify(raw)}, not a number`)
  return value
}

/** A decoder for the PCM the response headers describe, checking the body against `X-Audio-Duration` at its end. */
function describedPcm(response: UpstreamResponse): ChunkDecoder {
  const format = headerValue(response, 'x-format')
  if (format !== undefined && format.trim().toLowerCase() !== 'pcm_s16le') {
    throw new AudioFormatError(`X-Format is ${JSON.stringify(format)}; only pcm_s16le is understood`)
  }
  const sampleRate = numberHeader(response, 'x-sample-rate', CHATTERBOX_SAMPLE_RATE)!
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192_000) {
    throw new AudioFormatError(`X-Sample-Rate ${sampleRate} is not a usable sample rate`)
  }
  const channels = numberHeader(response, 'x-channels', 1)!
  const duration = numberHeader(response, 'x-audio-duration', undefined)
  const frames = new PcmFrameDecoder({ encoding: 'int', bitsPerSample: 16, channels }, sampleRate)
  const expectedBytes = duration === undefined ? 0 : Math.round(duration * sampleRate) * channels * 2
  let receivedBytes = 0
  return {
    sampleRate,
    push(bytes) {
      receivedBytes += bytes.length
      return frames.push(bytes)
    },
    end() {
      frames.end()
      if (receivedBytes < expectedBytes * (1 - DURATION_TOLERANCE)) {
        throw new AudioFormatError(
          `the body has ${receivedBytes} bytes but X-Audio-Duration ${duration} s implies ${expectedBytes}: the audio is truncated`,
        )
      }
    },
  }
}
