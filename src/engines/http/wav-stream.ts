/**
 * A WAV (RIFF WAVE) reader for bodies that arrive in slices: it collects bytes until the `data` chunk starts, reads the
 * `fmt ` chunk on the way, then decodes samples as they come. Streaming writers cannot seek back to fill in sizes, so
 * a `data` size of 0xFFFFFFFF (ffmpeg, Kokoro-FastAPI, Chorus) or 0 means "until the end of the body"; the RIFF size is
 * not trusted at all. A real `data` size is honoured: a body that ends short of it is truncated audio.
 *
 * Chunk layout per Microsoft's "Multimedia Programming Interface and Data Specifications 1.0" and the
 * WAVE_FORMAT_EXTENSIBLE addendum (sub-format GUID whose first two bytes carry the format tag).
 */
import { AudioFormatError, PcmFrameDecoder, type ChunkDecoder } from './pcm-frames.js'

const WAVE_FORMAT_PCM = 1
const WAVE_FORMAT_IEEE_FLOAT = 3
const WAVE_FORMAT_EXTENSIBLE = 0xfffe
const UNKNOWN_SIZE = 0xffffffff
/** Anything longer before the `data` chunk is not a speech server's header. */
const MAX_HEADER_BYTES = 1 << 20

interface WavFormat {
  readonly decoder: PcmFrameDecoder
  readonly sampleRate: number
}

export class WavStreamDecoder implements ChunkDecoder {
  #header: Uint8Array | undefined = new Uint8Array(0)
  #format: WavFormat | undefined
  /** Data bytes still expected; undefined while the header is incomplete or when the size is a placeholder. */
  #remaining: number | undefined
  #declaredDataBytes: number | undefined

  get sampleRate(): number | undefined {
    return this.#format?.sampleRate
  }

  push(bytes: Uint8Array): Float32Array {
    if (this.#header === undefined) return this.#data(bytes)
    const header = new Uint8Array(this.#header.length + bytes.length)
    header.set(this.#header, 0)
    header.set(bytes, this.#header.length)
    this.#header = header
    const dataStart = this.#parseHeader(header)
    if (dataStart === undefined) return new Float32Array(0)
    this.#header = undefined
    return this.#data(header.subarray(dataStart))
  }

  end(): void {
    if (this.#header !== undefined) {
      throw new AudioFormatError(
        this.#header.length === 0
          ? 'the body is empty'
          : `the body ends inside the WAV header (${this.#header.length} bytes)`,
      )
    }
    if (this.#remaining !== undefined && this.#remaining > 0) {
      const got = this.#declaredDataBytes! - this.#remaining
      throw new AudioFormatError(`the WAV data chunk declares ${this.#declaredDataBytes} bytes but the body has ${got}`)
    }
    this.#format!.decoder.end()
  }

  #data(bytes: Uint8Array): Float32Array {
    let usable = bytes
    if (this.#remaining !== undefined) {
      // Chunks after `data` (LIST, id3 …) are metadata, not samples.
      usable = bytes.subarray(0, Math.min(bytes.length, this.#remaining))
      this.#remaining -= usable.length
    }
    return this.#format!.decoder.push(usable)
  }

  /** Offset where sample data starts, or undefined when more bytes are needed. */
  #parseHeader(header: Uint8Array): number | undefined {
    if (header.length >= 12 && (ascii(header, 0) !== 'RIFF' || ascii(header, 8) !== 'WAVE')) {
      throw new AudioFormatError('not a WAV file: the body does not start with a RIFF/WAVE header')
    }
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
    for (let offset = 12; offset + 8 <= header.length;) {
      const id = ascii(header, offset)
      const size = view.getUint32(offset + 4, true)
      if (id === 'data') {
        if (!this.#format) throw new AudioFormatError('the WAV data chunk comes before any fmt chunk')
        if (size !== 0 && size !== UNKNOWN_SIZE) {
          this.#remaining = size
          this.#declaredDataBytes = size
        }
        return offset + 8
      }
      if (size === UNKNOWN_SIZE) throw new AudioFormatError(`the WAV ${JSON.stringify(id)} chunk has no size`)
      if (offset + 8 + size > header.length) break
      if (id === 'fmt ') this.#format = readFormat(new DataView(header.buffer, header.byteOffset + offset + 8, size))
      offset += 8 + size + (size % 2) // chunks are word-aligned
    }
    if (header.length > MAX_HEADER_BYTES)
      throw new AudioFormatError(`no WAV data chunk in the first ${MAX_HEADER_BYTES} bytes`)
    return undefined
  }
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!)
}

function readFormat(fmt: DataView): WavFormat {
  if (fmt.byteLength < 16)
    throw new AudioFormatError(`the WAV fmt chunk is ${fmt.byteLength} bytes; at least 16 expected`)
  let tag = fmt.getUint16(0, true)
  const channels = fmt.getUint16(2, true)
  const sampleRate = fmt.getUint32(4, true)
  const blockAlign = fmt.getUint16(12, true)
  const bitsPerSample = fmt.getUint16(14, true)
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.byteLength < 26) throw new AudioFormatError('the WAV fmt chunk is WAVE_FORMAT_EXTENSIBLE but too short')
    tag = fmt.getUint16(24, true)
  }
  if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) {
    throw new AudioFormatError(`WAV format tag ${tag} is not PCM or IEEE float`)
  }
  if (sampleRate < 1000 || sampleRate > 384_000)
    throw new AudioFormatError(`implausible WAV sample rate ${sampleRate} Hz`)
  if (blockAlign !== (channels * bitsPerSample) / 8) {
    throw new AudioFormatError(
      `WAV block align ${blockAlign} does not match ${channels} channel(s) of ${bitsPerSample} bits`,
    )
  }
  const encoding = tag === WAVE_FORMAT_PCM ? 'int' : 'float'
  return { decoder: new PcmFrameDecoder({ encoding, bitsPerSample, channels }, sampleRate), sampleRate }
}
