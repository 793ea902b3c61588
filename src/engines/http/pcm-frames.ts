/**
 * Incremental decoding of interleaved PCM frames that arrive in arbitrary byte slices (HTTP body chunks) into mono
 * Float32. A slice may end inside a sample or a frame; those bytes are kept and completed by the next slice, so the
 * result does not depend on where the network cut the stream. Several channels are mixed down by averaging.
 *
 * @example
 * const decoder = new PcmFrameDecoder({ encoding: 'int', bitsPerSample: 16, channels: 1 })
 * const samples = decoder.push(bodyChunk) // complete samples only; an odd trailing byte waits for the next chunk
 */

/** The bytes are not the audio they claim to be; adapters map it to `CHORUS_ERR_UPSTREAM_BAD_AUDIO`. */
export class AudioFormatError extends Error {
  override readonly name = 'AudioFormatError'
}

export interface SampleLayout {
  /** Integer PCM (8-bit unsigned, 16/24/32-bit signed little-endian) or IEEE float (32/64-bit little-endian). */
  readonly encoding: 'int' | 'float'
  readonly bitsPerSample: number
  readonly channels: number
}

/** A decoder the HTTP adapters feed body bytes into. `sampleRate` is known once a header (if any) has been read. */
export interface ChunkDecoder {
  readonly sampleRate: number | undefined
  /** Decodes what can be decoded so far; throws {@link AudioFormatError} on bytes that cannot be audio. */
  push(bytes: Uint8Array): Float32Array
  /** The body has ended; throws {@link AudioFormatError} if it ended inside a sample, frame or header. */
  end(): void
}

type SampleReader = (view: DataView, offset: number) => number

// Integer scaling divides by 2^(bits-1), as `int16BytesToFloat` in src/audio/pcm.ts, so both give identical floats.
const READERS: Readonly<Record<string, SampleReader>> = {
  'int:8': (view, offset) => (view.getUint8(offset) - 128) / 128,
  'int:16': (view, offset) => view.getInt16(offset, true) / 0x8000,
  'int:24': (view, offset) => ((view.getUint8(offset + 2) << 24) | (view.getUint16(offset, true) << 8)) / 0x80000000,
  'int:32': (view, offset) => view.getInt32(offset, true) / 0x80000000,
  'float:32': (view, offset) => view.getFloat32(offset, true),
  'float:64': (view, offset) => view.getFloat64(offset, true),
}

export class PcmFrameDecoder implements ChunkDecoder {
  readonly #read: SampleReader
  readonly #sampleBytes: number
  readonly #channels: number
  readonly #frameBytes: number
  #carry = new Uint8Array(0)

  constructor(
    layout: SampleLayout,
    readonly sampleRate: number | undefined = undefined,
  ) {
    const read = READERS[`${layout.encoding}:${layout.bitsPerSample}`]
    if (!read) throw new AudioFormatError(`unsupported sample format: ${layout.bitsPerSample}-bit ${layout.encoding}`)
    if (!Number.isInteger(layout.channels) || layout.channels < 1 || layout.channels > 8) {
      throw new AudioFormatError(`unsupported channel count ${layout.channels}`)
    }
    this.#read = read
    this.#sampleBytes = layout.bitsPerSample / 8
    this.#channels = layout.channels
    this.#frameBytes = this.#sampleBytes * layout.channels
  }

  /** Bytes of an incomplete frame waiting for the next slice. */
  get pendingBytes(): number {
    return this.#carry.length
  }

  push(bytes: Uint8Array): Float32Array {
    let data = bytes
    if (this.#carry.length > 0) {
      data = new Uint8Array(this.#carry.length + bytes.length)
      data.set(this.#carry, 0)
      data.set(bytes, this.#carry.length)
    }
    const frames = Math.floor(data.length / this.#frameBytes)
    const used = frames * this.#frameBytes
    this.#carry = data.slice(used)
    const view = new DataView(data.buffer, data.byteOffset, used)
    const out = new Float32Array(frames)
    const scale = 1 / this.#channels
    for (let frame = 0; frame < frames; frame++) {
      const offset = frame * this.#frameBytes
      if (this.#channels === 1) {
        out[frame] = this.#read(view, offset)
        continue
      }
      let sum = 0
      for (let channel = 0; channel < this.#channels; channel++)
        sum += this.#read(view, offset + channel * this.#sampleBytes)
      out[frame] = sum * scale
    }
    return out
  }

  end(): void {
    if (this.#carry.length > 0) {
      throw new AudioFormatError(
        `the body ends inside a sample: ${this.#carry.length} trailing byte(s) of a ${this.#frameBytes}-byte frame`,
      )
    }
  }
}
