/**
 * The Engine contract: the one seam every speech synthesizer sits behind, embedded WASM, Debian CLI or remote HTTP.
 * `synthesize()` yields PCM chunks as they are produced so streaming and cancellation are natural; engines never know
 * about HTTP routes, and routes never know which engine serves them.
 */
import type { PcmAudio } from '../audio/pcm.js'

export type EngineKind = 'embedded' | 'cli' | 'http' | 'model'

export interface EngineVoice {
  /** The id a request names the voice by (unique within its engine). */
  readonly id: string
  readonly name: string
  readonly languages: readonly string[]
  readonly gender?: 'female' | 'male' | 'neutral'
  readonly sampleRate?: number
}

export interface EngineCapabilities {
  /** Audio arrives in several chunks before the whole text is done. */
  readonly streaming: boolean
  /** The engine changes speaking rate itself; otherwise the pipeline time-stretches. */
  readonly speed: boolean
  /** The engine uses free-form style `instructions`. */
  readonly instructions: boolean
  /** Zero-shot cloning from a reference clip. */
  readonly cloning: boolean
  /** Native output sample rate in Hz (chunks may still carry their own). */
  readonly sampleRate: number
  /** The engine samples (temperature > 0) and takes a random `seed`, so one text can come out in several takes. */
  readonly seed?: boolean
}

export interface SynthesisRequest {
  readonly text: string
  /** An engine voice id, as listed by `listVoices()`. */
  readonly voice: string
  /** Speaking-rate factor, 0.25–4.0; only passed when `capabilities.speed` is true. */
  readonly speed?: number
  readonly instructions?: string
  /** Random seed for sampling engines; only passed when `capabilities.seed` is true. */
  readonly seed?: number
}

/** A chunk of synthesized audio: mono Float32 PCM at its own sample rate. */
export type AudioChunk = PcmAudio

export interface EngineHealth {
  readonly ok: boolean
  readonly detail?: string
}

export interface Engine {
  readonly id: string
  readonly kind: EngineKind
  readonly capabilities: EngineCapabilities
  listVoices(): Promise<readonly EngineVoice[]>
  /**
   * Optional: true for voice names the engine accepts beyond its listed ids (e.g. Kokoro-FastAPI mixes such as
   * `af_bella(2)+af_sky`). Engines without it accept exactly their listed voices.
   */
  acceptsVoice?(voice: string): Promise<boolean>
  /**
   * Yields audio for `request.text`. Throws `CHORUS_ERR_VOICE_NOT_FOUND` for a voice it does not have, and stops with
   * an abort error as soon as `signal` aborts (work under way is cancelled, not left running).
   */
  synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk>
  health(): Promise<EngineHealth>
  close(): Promise<void>
}
