/**
 * An ASR engine in front of any server speaking OpenAI's `POST /v1/audio/transcriptions`. The audio goes up as a
 * 16 kHz 16-bit WAV (what Whisper-family servers resample to anyway) in a multipart form with `model`, `language`,
 * `prompt`, `response_format=verbose_json` and `timestamp_granularities[]=word`; the answer is read whichever of the
 * OpenAI, Speaches or whisper.cpp shapes it has.
 *
 * Failures use the shared upstream error mapping (`src/engines/http/upstream-errors.ts`), so the ASR router and the
 * TTS router see the same UPSTREAM_* codes: unreachable, timed out, or an error status with the upstream's message.
 */
import { Agent, FormData, request } from 'undici'
import { durationSeconds, type PcmAudio } from '../../../audio/pcm.js'
import { encodeWav } from '../../../audio/wav.js'
import { ChorusError } from '../../../errors.js'
import type { EngineHealth } from '../../engine.js'
import { readBoundedText } from '../../http/read-body.js'
import { serverRoot } from '../../http/settings.js'
import {
  abortedError,
  statusError,
  transportError,
  upstreamMessage,
  type UpstreamContext,
} from '../../http/upstream-errors.js'
import type { AsrCapabilities, AsrEngine, Transcript, TranscriptionOptions } from '../asr-engine.js'
import { assertLanguage, assertTranscribable, primaryLanguage, toRecognizerInput } from '../recognizer-input.js'
import type { OpenAiTranscriptionsHttpSettings } from './config.js'
import { parseTranscriptionResponse } from './response.js'

/** Rate of the WAV sent upstream: Whisper's own input rate. */
const UPLOAD_SAMPLE_RATE = 16_000
/** A transcript (even verbose_json of an hour) is far smaller; anything bigger is not one. */
const RESPONSE_LIMIT_BYTES = 16 * 1024 * 1024
/** Error and health bodies are read for their message only. */
const MESSAGE_LIMIT_BYTES = 64 * 1024

export class OpenAiTranscriptionsHttpEngine implements AsrEngine {
  readonly kind = 'http' as const
  readonly capabilities: AsrCapabilities
  readonly #settings: OpenAiTranscriptionsHttpSettings
  readonly #root: string
  readonly #agent: Agent
  readonly #context: UpstreamContext
  #closed = false

  constructor(
    readonly id: string,
    settings: OpenAiTranscriptionsHttpSettings,
  ) {
    this.#settings = settings
    this.#root = serverRoot(settings.url, { stripV1: true })
    this.#context = { engineId: id, ...settings }
    // The same timeouts the shared TTS upstream client sets: connect, headers (here: the whole transcription), idle body.
    this.#agent = new Agent({
      connect: { timeout: settings.connectTimeoutMs },
      headersTimeout: settings.firstByteTimeoutMs,
      bodyTimeout: settings.idleTimeoutMs,
    })
    this.capabilities = { wordTimestamps: settings.wordTimestamps, languages: settings.languages }
  }

  async transcribe(audio: PcmAudio, options: TranscriptionOptions, signal: AbortSignal): Promise<Transcript> {
    assertTranscribable(audio)
    assertLanguage(this.id, this.capabilities.languages, options.language)
    if (this.#closed) throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    const context = { ...this.#context, signal }
    if (signal.aborted) throw abortedError(signal)
    const wav = encodeWav(await toRecognizerInput(audio, { sampleRate: UPLOAD_SAMPLE_RATE }))
    const form = new FormData()
    form.append('file', new Blob([wav], { type: 'audio/wav' }), 'audio.wav')
    form.append('model', this.#settings.model)
    form.append('response_format', 'verbose_json')
    if (this.#settings.wordTimestamps) {
      form.append('timestamp_granularities[]', 'word')
      form.append('timestamp_granularities[]', 'segment')
    }
    if (options.language !== undefined) form.append('language', primaryLanguage(options.language))
    if (options.prompt !== undefined) form.append('prompt', options.prompt)

    let response: Awaited<ReturnType<typeof request>>
    try {
      response = await request(`${this.#root}/v1/audio/transcriptions`, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: this.#settings.apiKey ? { authorization: `Bearer ${this.#settings.apiKey}` } : {},
        body: form,
        signal,
      })
    } catch (error) {
      throw this.#closed ? this.#closedError(error) : transportError(error, context, 'request')
    }
    const contentType = String(response.headers['content-type'] ?? '')
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await readBoundedText(response.body, MESSAGE_LIMIT_BYTES).catch(() => '')
      if (signal.aborted) throw abortedError(signal)
      throw statusError(response.statusCode, text, context, "Check `apiKey` in this ASR engine's settings.")
    }
    let body: string
    try {
      body = await readBoundedText(response.body, RESPONSE_LIMIT_BYTES)
    } catch (error) {
      if (this.#closed) throw this.#closedError(error)
      const mapped = transportError(error, context, 'body')
      // The shared mapping speaks of audio for a broken body; here what was cut short is a transcript.
      if (mapped.code !== 'CHORUS_ERR_UPSTREAM_BAD_AUDIO') throw mapped
      throw new ChorusError(
        'CHORUS_ERR_ASR_FAILED',
        { engine: this.id, reason: `the answer could not be read: ${(error as Error).message}` },
        { cause: error },
      )
    }
    try {
      const transcript = parseTranscriptionResponse(body, contentType, durationSeconds(audio))
      const language =
        transcript.language ?? (options.language !== undefined ? primaryLanguage(options.language) : undefined)
      return { ...transcript, ...(language ? { language } : {}) }
    } catch (error) {
      throw new ChorusError(
        'CHORUS_ERR_ASR_FAILED',
        { engine: this.id, reason: `${(error as Error).message}: ${upstreamMessage(body)}` },
        { cause: error },
      )
    }
  }

  /** GET `healthPath`: healthy on 2xx. */
  async health(): Promise<EngineHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' }
    const url = `${this.#root}${this.#settings.healthPath}`
    try {
      const response = await request(url, {
        dispatcher: this.#agent,
        method: 'GET',
        signal: AbortSignal.timeout(this.#settings.connectTimeoutMs + 5000),
      })
      const text = await readBoundedText(response.body, MESSAGE_LIMIT_BYTES).catch(() => '')
      const ok = response.statusCode >= 200 && response.statusCode < 300
      return { ok, detail: `GET ${url} → HTTP ${response.statusCode}${ok ? '' : `: ${upstreamMessage(text)}`}` }
    } catch (error) {
      return { ok: false, detail: transportError(error, this.#context, 'request').message }
    }
  }

  /** Cuts off requests in flight (they fail with CHORUS_ERR_ENGINE_UNAVAILABLE) and closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#agent.destroy()
  }

  #closedError(cause: unknown): ChorusError {
    return new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' }, { cause })
  }
}
