/**
 * An engine in front of any server speaking OpenAI's `POST /v1/audio/speech`. It asks for headerless PCM (or WAV)
 * with `stream_format: "audio"`, decodes the body as it arrives and yields it chunk by chunk, so a streaming upstream
 * streams through Chorus too. Speed and instructions are passed on; encoding to the client's format happens in Chorus.
 */
import { ChorusError } from '../../errors.js'
import type { AudioChunk, Engine, EngineCapabilities, EngineHealth, EngineVoice, SynthesisRequest } from '../engine.js'
import { AudioFormatError } from '../http/pcm-frames.js'
import { serverRoot } from '../http/settings.js'
import { discardBody, headerValue, Upstream } from '../http/upstream-client.js'
import { abortedError, badAudioError, transportError } from '../http/upstream-errors.js'
import type { OpenAiHttpSettings } from './config.js'
import { upstreamAudioDecoder } from './response-audio.js'
import { assertVoice, parseVoiceList, voiceFromId } from './voices.js'

export class OpenAiHttpEngine implements Engine {
  readonly kind = 'http' as const
  readonly capabilities: EngineCapabilities
  readonly #settings: OpenAiHttpSettings
  readonly #root: string
  readonly #upstream: Upstream
  #voices: Promise<readonly EngineVoice[]> | undefined
  #closed = false

  constructor(
    readonly id: string,
    settings: OpenAiHttpSettings,
  ) {
    this.#settings = settings
    this.#root = serverRoot(settings.url, { stripV1: true })
    this.#upstream = new Upstream({ engineId: id, ...settings })
    this.capabilities = {
      streaming: settings.stream,
      speed: true,
      instructions: true,
      cloning: false,
      sampleRate: settings.sampleRate,
    }
    if (settings.voices) this.#voices = Promise.resolve(settings.voices.map(voiceFromId))
  }

  /** Configured voices, or the upstream's list fetched once (a failed fetch is retried on the next call). */
  listVoices(): Promise<readonly EngineVoice[]> {
    this.#voices ??= this.#fetchVoices().catch((error: unknown) => {
      this.#voices = undefined
      throw error
    })
    return this.#voices
  }

  /**
   * True for a listed voice and for a Kokoro-style mix of listed voices (`af_bella(2)+af_sky`). Not part of the
   * Engine contract yet: a router that resolves voices by exact listed id needs this to route mixes here.
   */
  async acceptsVoice(voice: string): Promise<boolean> {
    try {
      assertVoice(voice, await this.listVoices())
      return true
    } catch {
      return false
    }
  }

  async *synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    if (signal.aborted) throw abortedError(signal)
    assertVoice(request.voice, await this.listVoices())
    if (this.#closed) throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    const response = await this.#upstream.send({
      url: `${this.#root}/v1/audio/speech`,
      method: 'POST',
      headers: this.#headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(this.#requestBody(request)),
      signal,
      authHint: this.#settings.apiKey
        ? 'The upstream refused `apiKey`.'
        : 'No `apiKey` is configured for this backend.',
    })
    await this.#upstream.assertAudio(response)
    let decoder
    try {
      decoder = upstreamAudioDecoder(headerValue(response, 'content-type'), this.#settings)
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

  #requestBody(request: SynthesisRequest): Record<string, unknown> {
    return {
      model: this.#settings.model,
      input: request.text,
      voice: request.voice,
      response_format: this.#settings.format,
      ...(request.speed !== undefined ? { speed: request.speed } : {}),
      ...(request.instructions !== undefined ? { instructions: request.instructions } : {}),
      ...(this.#settings.stream ? { stream_format: 'audio' } : {}),
    }
  }

  #headers(extra: Record<string, string>): Record<string, string> {
    return {
      accept: '*/*',
      ...extra,
      ...(this.#settings.apiKey ? { authorization: `Bearer ${this.#settings.apiKey}` } : {}),
    }
  }

  async #fetchVoices(): Promise<readonly EngineVoice[]> {
    const url = `${this.#root}/v1/audio/voices`
    const response = await this.#upstream.send({
      url,
      method: 'GET',
      headers: this.#headers({ accept: 'application/json' }),
    })
    let body: unknown
    try {
      body = await response.body.json()
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw transportError(error, this.#upstream.context, 'request')
      throw new ChorusError(
        'CHORUS_ERR_UPSTREAM_ERROR',
        { engine: this.id, reason: `GET ${url} did not return JSON; set \`voices\` in the backend's settings.` },
        { cause: error },
      )
    }
    const voices = parseVoiceList(body)
    if (voices.length === 0) {
      throw new ChorusError('CHORUS_ERR_UPSTREAM_ERROR', {
        engine: this.id,
        reason: `GET ${url} listed no voices; set \`voices\` in the backend's settings.`,
      })
    }
    return voices
  }
}
