/**
 * eSpeak NG compiled to WASM (`@echogarden/espeak-ng-emscripten`, GPL-3.0): 100+ languages in-process, no system
 * package. Each worker thread (piscina) holds one eSpeak NG instance; text is split into sentences and synthesized
 * with one sentence of look-ahead, so audio streams and an abort stops the thread mid-sentence.
 *
 * Voice ids and the speed mapping are the ones the `cli` engine's espeak-ng program uses, so `de` or `en-us` mean the
 * same voice in both. This build has no sonic speed-up: rates past 450 wpm (about 2.6×) are reached by time-stretching.
 */
import { Piscina } from 'piscina'
import type { PcmAudio } from '../../audio/pcm.js'
import { timeStretch } from '../../audio/time-stretch.js'
import { ChorusError, isAbortError, toChorusError } from '../../errors.js'
import { hasSpeakableContent, splitSentences } from '../../text/sentences.js'
import { inOrderWithLookAhead } from '../shared/look-ahead.js'
import { espeakRate, espeakVoiceIds, type EspeakRateLimits } from '../cli/programs/espeak-common.js'
import type { AudioChunk, Engine, EngineCapabilities, EngineHealth, EngineVoice, SynthesisRequest } from '../engine.js'
import type { EspeakWasmSettings } from './config.js'
import type { EspeakResult, EspeakTask, EspeakVoiceEntry } from './worker.js'

/** Measured on this build: below 80 wpm it clamps (espeakRATE_MINIMUM); above about 450 it gets no faster. */
const RATE_LIMITS: EspeakRateLimits = { minWordsPerMinute: 80, maxWordsPerMinute: 450 }

interface WasmVoice {
  readonly voice: EngineVoice
  readonly identifier: string
}

/** This build always reads its input as SSML, so markup characters in plain text are escaped. */
export function escapeForSsml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

export class EspeakWasmEngine implements Engine {
  readonly kind = 'embedded' as const
  readonly capabilities: EngineCapabilities = {
    streaming: true,
    speed: true,
    instructions: false,
    cloning: false,
    sampleRate: 22050,
  }
  readonly #pool: Piscina<EspeakTask | undefined, EspeakResult | EspeakVoiceEntry[]>
  readonly #settings: EspeakWasmSettings
  #voices: Promise<ReadonlyMap<string, WasmVoice>> | undefined
  #closed = false

  constructor(
    readonly id: string,
    settings: EspeakWasmSettings,
  ) {
    this.#settings = settings
    this.#pool = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: 1,
      maxThreads: settings.threads,
      idleTimeout: 60_000,
    })
  }

  async listVoices(): Promise<readonly EngineVoice[]> {
    return [...(await this.#voiceMap()).values()].map(({ voice }) => voice)
  }

  async *synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const voices = await this.#voiceMap()
    const entry = voices.get(request.voice)
    if (!entry) {
      throw new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', {
        voice: request.voice,
        valid: [...voices.keys()].join(', '),
      })
    }
    if (this.#closed) throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    if (signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: signal.reason })
    const rate = espeakRate(request.speed ?? 1, RATE_LIMITS)
    const sentences = splitSentences(request.text, { maxChars: this.#settings.maxChunkChars }).filter(
      hasSpeakableContent,
    )
    const speak = async (text: string, jobSignal: AbortSignal): Promise<PcmAudio> => {
      const task: EspeakTask = {
        ssml: escapeForSsml(text),
        voiceIdentifier: entry.identifier,
        wordsPerMinute: rate.wordsPerMinute,
      }
      const audio = (await this.#pool.run(task, { signal: jobSignal })) as EspeakResult
      return rate.residualSpeed === 1 ? audio : timeStretch(audio, rate.residualSpeed)
    }
    try {
      yield* inOrderWithLookAhead(sentences, speak, signal)
    } catch (error) {
      if (error instanceof ChorusError) throw error
      if (signal.aborted || isAbortError(error)) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      if (this.#closed) {
        throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' }, { cause: error })
      }
      throw toChorusError(error, { engine: this.id })
    }
  }

  async health(): Promise<EngineHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' }
    try {
      const voices = await this.#voiceMap()
      return {
        ok: voices.size > 0,
        detail: `${voices.size} voice(s), ${this.#pool.threads.length} worker thread(s), queue ${this.#pool.queueSize}`,
      }
    } catch (error) {
      return { ok: false, detail: toChorusError(error).message }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.destroy()
  }

  #voiceMap(): Promise<ReadonlyMap<string, WasmVoice>> {
    if (!this.#voices) {
      const loading = this.#loadVoices()
      this.#voices = loading
      loading.catch(() => {
        if (this.#voices === loading) this.#voices = undefined
      })
    }
    return this.#voices
  }

  async #loadVoices(): Promise<ReadonlyMap<string, WasmVoice>> {
    let entries: EspeakVoiceEntry[]
    try {
      entries = (await this.#pool.run(undefined, { name: 'listVoices' })) as EspeakVoiceEntry[]
    } catch (error) {
      throw new ChorusError(
        'CHORUS_ERR_ENGINE_UNAVAILABLE',
        { engine: this.id, reason: `eSpeak NG did not load: ${(error as Error).message}` },
        { cause: error },
      )
    }
    const ids = espeakVoiceIds(
      entries.map((entry) => ({ language: entry.languages[0]?.name ?? entry.identifier, file: entry.identifier })),
    )
    const voices = entries.map((entry, index): WasmVoice => {
      // The voice's own language first, as espeak-ng lists it; then the others it will serve.
      const languages = [...new Set(entry.languages.map((language) => language.name))]
      return {
        voice: { id: ids[index]!, name: entry.name, languages, sampleRate: 22050 },
        identifier: entry.identifier,
      }
    })
    const allowed = this.#settings.voices
    const offered = allowed ? voices.filter(({ voice }) => allowed.includes(voice.id)) : voices
    return new Map(offered.map((entry) => [entry.voice.id, entry]))
  }
}
