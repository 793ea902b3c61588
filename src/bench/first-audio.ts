/**
 * Times the first *decodable* audio sample of a response body while its bytes are still arriving — the moment a
 * player could start playing — rather than the first byte or the first event: response headers, a WAV header and
 * an odd half-sample are not audio. "Decodable" = the first complete sample after any container header: for WAV
 * (RIFF) the first whole frame after the `data` chunk starts; for headerless PCM (16-bit LE mono, OpenAI's `pcm`)
 * the first whole two bytes. The first *audible* sample (|x| above 0.01 of full scale, −40 dBFS, as
 * {@link AUDIBLE_FRACTION_OF_FULL_SCALE} in first-audible.ts) is timed too, since leading silence is common.
 *
 * WAV headers are parsed by the same streaming reader the HTTP engines use (src/engines/http/wav-stream.ts), so any
 * chunk layout they accept is understood here, split at any byte boundary.
 *
 * @example
 * const detector = new FirstAudioDetector({ container: 'auto', pcmSampleRate: 24000 })
 * for await (const bytes of body) detector.push(bytes, performance.now() - sentAt)
 * detector.end()
 * detector.firstDecodableMs // when the first whole sample arrived
 */
import { AudioFormatError, PcmFrameDecoder, type ChunkDecoder } from '../engines/http/pcm-frames.js'
import { WavStreamDecoder } from '../engines/http/wav-stream.js'
import { concatSamples, SILENCE_PEAK_DBFS, type PcmAudio } from '../audio/pcm.js'
import { AUDIBLE_FRACTION_OF_FULL_SCALE } from './first-audible.js'

export { AudioFormatError }

/**
 * `auto`: WAV when the body starts with `RIFF`, headerless 16-bit PCM otherwise (decided as soon as the first bytes
 * stop spelling `RIFF`, so PCM is never held back more than the bytes that look like it).
 */
export type AudioContainer = 'wav' | 'pcm' | 'auto'

export interface FirstAudioOptions {
  readonly container?: AudioContainer
  /** Sample rate of headerless PCM (OpenAI's and Chatterbox's: 24000). WAV says its own. */
  readonly pcmSampleRate?: number
  /** Keep the decoded samples so {@link FirstAudioDetector.audio} can return them. */
  readonly keepSamples?: boolean
  /** Fraction of full scale a sample must exceed to count as audible. */
  readonly audibleFraction?: number
}

const RIFF = [0x52, 0x49, 0x46, 0x46]
const SILENT_PEAK = 10 ** (SILENCE_PEAK_DBFS / 20)

export class FirstAudioDetector {
  readonly #options: FirstAudioOptions
  readonly #audible: number
  #decoder: ChunkDecoder | undefined
  /** Bytes held while `auto` cannot yet tell WAV from PCM. */
  #sniffed = new Uint8Array(0)
  #parts: Float32Array[] = []
  #samples = 0
  #peak = 0
  #bytes = 0
  #firstByteMs: number | undefined
  #firstDecodableMs: number | undefined
  #firstAudibleMs: number | undefined
  #firstAudibleSample: number | undefined
  #container: 'wav' | 'pcm' | undefined

  constructor(options: FirstAudioOptions = {}) {
    this.#options = options
    this.#audible = options.audibleFraction ?? AUDIBLE_FRACTION_OF_FULL_SCALE
    const container = options.container ?? 'auto'
    if (container !== 'auto') this.#start(container)
  }

  /** Milliseconds (as given to push) when the first body byte arrived. */
  get firstByteMs(): number | undefined {
    return this.#firstByteMs
  }

  /** When the first complete sample after any header arrived. */
  get firstDecodableMs(): number | undefined {
    return this.#firstDecodableMs
  }

  /** When the first sample above the audible threshold arrived. */
  get firstAudibleMs(): number | undefined {
    return this.#firstAudibleMs
  }

  /** Index (0-based) of the first audible sample. */
  get firstAudibleSample(): number | undefined {
    return this.#firstAudibleSample
  }

  get samplesDecoded(): number {
    return this.#samples
  }

  get bytesReceived(): number {
    return this.#bytes
  }

  /** The container the body turned out to be (undefined while `auto` has seen fewer than 4 bytes). */
  get container(): 'wav' | 'pcm' | undefined {
    return this.#container
  }

  get sampleRate(): number | undefined {
    return this.#decoder?.sampleRate
  }

  /** Seconds of audio decoded so far (0 until the sample rate is known). */
  get audioSeconds(): number {
    const rate = this.sampleRate
    return rate ? this.#samples / rate : 0
  }

  /** Largest absolute sample value so far. */
  get peak(): number {
    return this.#peak
  }

  /** True when nothing reached −50 dBFS (or nothing was decoded). */
  get silent(): boolean {
    return this.#peak < SILENT_PEAK
  }

  /** Feeds the next body bytes, received `atMs` milliseconds after the request was sent. Throws AudioFormatError. */
  push(bytes: Uint8Array, atMs: number): void {
    if (bytes.length === 0) return
    this.#bytes += bytes.length
    this.#firstByteMs ??= atMs
    if (!this.#decoder) {
      const held = new Uint8Array(this.#sniffed.length + bytes.length)
      held.set(this.#sniffed, 0)
      held.set(bytes, this.#sniffed.length)
      // Undecided only while the bytes so far could still be the start of `RIFF`.
      const riffSoFar = RIFF.slice(0, held.length).every((byte, index) => held[index] === byte)
      if (held.length < RIFF.length && riffSoFar) {
        this.#sniffed = held
        return
      }
      this.#sniffed = new Uint8Array(0)
      this.#start(riffSoFar ? 'wav' : 'pcm')
      this.#take(this.#decoder!.push(held), atMs)
      return
    }
    this.#take(this.#decoder.push(bytes), atMs)
  }

  /** The body has ended; throws AudioFormatError when it ended inside a header or a sample. */
  end(): void {
    if (!this.#decoder) {
      if (this.#sniffed.length === 0) throw new AudioFormatError('the body is empty')
      this.#start('pcm')
      this.#take(this.#decoder!.push(this.#sniffed), this.#firstByteMs ?? 0)
    }
    this.#decoder!.end()
  }

  /** The decoded audio (only with `keepSamples`). */
  audio(): PcmAudio | undefined {
    const sampleRate = this.sampleRate
    if (!this.#options.keepSamples || !sampleRate) return undefined
    const samples = concatSamples(this.#parts)
    this.#parts = [samples]
    return { samples, sampleRate }
  }

  #start(container: 'wav' | 'pcm'): void {
    this.#container = container
    this.#decoder =
      container === 'wav'
        ? new WavStreamDecoder()
        : new PcmFrameDecoder({ encoding: 'int', bitsPerSample: 16, channels: 1 }, this.#options.pcmSampleRate ?? 24000)
  }

  #take(samples: Float32Array, atMs: number): void {
    if (samples.length === 0) return
    this.#firstDecodableMs ??= atMs
    for (let index = 0; index < samples.length; index++) {
      const magnitude = Math.abs(samples[index]!)
      if (magnitude > this.#peak) this.#peak = magnitude
      if (this.#firstAudibleSample === undefined && magnitude > this.#audible) {
        this.#firstAudibleSample = this.#samples + index
        this.#firstAudibleMs = atMs
      }
    }
    this.#samples += samples.length
    if (this.#options.keepSamples) this.#parts.push(samples)
  }
}
