/**
 * The AsrEngine contract: the one seam every speech recognizer sits behind, a Debian CLI (pocketsphinx) or a remote
 * HTTP server speaking OpenAI's transcriptions API. It mirrors the TTS {@link Engine} contract: a few required
 * members, optional capabilities as optional members, engines that never know about HTTP routes.
 *
 * Times are in seconds from the start of the audio given to `transcribe()`, whatever sample rate it had.
 */
import type { PcmAudio } from '../../audio/pcm.js'
import type { EngineHealth, EngineKind } from '../engine.js'

export interface AsrCapabilities {
  /** Transcripts carry `words` with start and end times. */
  readonly wordTimestamps: boolean
  /**
   * ISO 639-1 codes the engine recognizes (`en`); empty means "not restricted here" (a remote Whisper server that
   * decides for itself).
   */
  readonly languages: readonly string[]
}

export interface TranscriptionOptions {
  /** ISO 639-1 code (`en`, `en-US` is read as `en`); engines whose `languages` lack it reject the call. */
  readonly language?: string
  /** Text that may guide the recognizer (Whisper's prompt); engines that cannot use it ignore it. */
  readonly prompt?: string
}

export interface TranscriptWord {
  /** The word as the recognizer spelled it, without alternate-pronunciation markers. */
  readonly word: string
  readonly start: number
  readonly end: number
  /** 0–1, when the engine gives one (pocketsphinx: the word's posterior probability). */
  readonly confidence?: number
}

/** A stretch of speech the engine decoded as one unit (a pocketsphinx utterance, a Whisper segment). */
export interface TranscriptSegment {
  readonly text: string
  readonly start: number
  readonly end: number
}

export interface Transcript {
  readonly text: string
  readonly words?: readonly TranscriptWord[]
  readonly segments?: readonly TranscriptSegment[]
  /** ISO 639-1 code of the language transcribed, when known. */
  readonly language?: string
  /** Length of the audio transcribed. */
  readonly durationSeconds: number
}

export interface AsrEngine {
  readonly id: string
  readonly kind: EngineKind
  readonly capabilities: AsrCapabilities
  /**
   * Transcribes `audio` (mono PCM at any sample rate). Throws `CHORUS_ERR_AUDIO_UNDECODABLE` for audio that is empty
   * or not audio (no samples, non-finite samples, an impossible sample rate), `CHORUS_ERR_ABORTED` as soon as
   * `signal` aborts (work under way is killed, not left running), and a 5xx-coded error when the engine fails.
   */
  transcribe(audio: PcmAudio, options: TranscriptionOptions, signal: AbortSignal): Promise<Transcript>
  /**
   * Optional: many clips in one go, cheaper than one `transcribe()` each (pocketsphinx_batch loads its models once
   * per process instead of once per clip). Results are in the order of `audios`.
   */
  transcribeBatch?(
    audios: readonly PcmAudio[],
    options: TranscriptionOptions,
    signal: AbortSignal,
  ): Promise<Transcript[]>
  health(): Promise<EngineHealth>
  close(): Promise<void>
}
