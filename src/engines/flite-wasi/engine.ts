/**
 * Flite (CMU) compiled to WASI, the embedded default engine: no system packages, no model download. Text is split
 * into sentences; each is synthesized on a worker thread (piscina pool) with one sentence of look-ahead, so the first
 * audio arrives after the first sentence and a long text never stalls the event loop.
 */
import { Piscina } from 'piscina'
import { ChorusError, isAbortError } from '../../errors.js'
import { splitSentences } from '../../text/sentences.js'
import { inOrderWithLookAhead } from '../shared/look-ahead.js'
import { untilAborted } from '../shared/until-aborted.js'
import type { AudioChunk, Engine, EngineCapabilities, EngineHealth, EngineVoice, SynthesisRequest } from '../engine.js'
import type { FliteWasiSettings } from './config.js'
import { FLITE_NATIVE_DURATION_STRETCH, FLITE_VOICES } from './voices.js'
import type { FliteResult, FliteTask } from './worker.js'

export class FliteWasiEngine implements Engine {
  readonly kind = 'embedded' as const
  readonly capabilities: EngineCapabilities = {
    streaming: true,
    speed: true,
    instructions: false,
    cloning: false,
    sampleRate: 16000,
  }
  readonly #pool: Piscina<FliteTask, FliteResult>
  readonly #settings: FliteWasiSettings
  readonly #voiceIds = new Set(FLITE_VOICES.map((voice) => voice.id))
  #closed = false

  constructor(
    readonly id: string,
    settings: FliteWasiSettings,
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
    return FLITE_VOICES
  }

  async *synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    if (!this.#voiceIds.has(request.voice)) {
      throw new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', { voice: request.voice, valid: [...this.#voiceIds].join(', ') })
    }
    if (this.#closed) throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    const durationStretch = (FLITE_NATIVE_DURATION_STRETCH[request.voice] ?? 1) / (request.speed ?? 1)
    const sentences = splitSentences(request.text, { maxChars: this.#settings.maxChunkChars })
    // The signal is not handed to piscina: terminating a worker in the middle of a WASI call crashes the process
    // (SIGSEGV in node:wasi). A sentence is short, so work under way finishes in the background and is discarded;
    // nothing new is started once the signal fires, and the caller is released at once.
    const speak = (text: string, jobSignal: AbortSignal): Promise<FliteResult> =>
      untilAborted(this.#pool.run({ text, voice: request.voice, durationStretch }), jobSignal)
    try {
      yield* inOrderWithLookAhead(sentences, speak, signal)
    } catch (error) {
      if (isAbortError(error) || signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      throw error instanceof ChorusError
        ? error
        : new ChorusError('CHORUS_ERR_SYNTHESIS_FAILED', { engine: this.id, reason: (error as Error).message }, { cause: error })
    }
  }

  async health(): Promise<EngineHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' }
    return { ok: true, detail: `${this.#pool.threads.length} worker thread(s), queue ${this.#pool.queueSize}` }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // close(), not destroy(): terminating a worker inside a WASI call crashes the process.
    await this.#pool.close()
  }
}
