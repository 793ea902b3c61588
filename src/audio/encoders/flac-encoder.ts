/**
 * `flac`: lossless 16-bit mono FLAC from libFLAC (the reference encoder, compiled to JavaScript by `libflacjs`).
 * libFLAC writes the stream header first; a stream that cannot seek back leaves the STREAMINFO fields only known at the
 * end (MD5, frame sizes, and the sample count unless `totalSamples` was given) as zeros, which the FLAC format defines
 * as "unknown". When the caller holds the whole output, {@link FinalHeader} supplies the completed STREAMINFO.
 *
 * libflacjs's wasm build looks for its .wasm file with `fetch()` on Node 20, which fails, so the asm.js build is used:
 * the same libFLAC, a little slower, no separate binary to find.
 */
import { createRequire } from 'node:module'
import { floatToInt16Samples } from '../pcm.js'
import { concatBytes } from './bytes.js'
import type { AudioEncoder, EncoderOptions, FinalHeader } from './encoder.js'
import { EncoderState } from './encoder-state.js'

/** libFLAC's default (`flac -5`): the usual size/speed balance. */
const COMPRESSION_LEVEL = 5
const BITS_PER_SAMPLE = 16
/** Byte offset of the STREAMINFO body: after "fLaC" and its 4-byte metadata block header. */
const STREAMINFO_OFFSET = 8
const STREAMINFO_BYTES = 34

/** libFLAC's FLAC__StreamMetadata_StreamInfo as libflacjs reports it from the metadata callback. */
interface StreamInfo {
  readonly min_blocksize: number
  readonly max_blocksize: number
  readonly min_framesize: number
  readonly max_framesize: number
  readonly sampleRate: number
  readonly channels: number
  readonly bitsPerSample: number
  readonly total_samples: number
  /** 32 hex digits; all zeros when MD5 was not computed. */
  readonly md5sum: string
}

/** The slice of libflacjs's API used here (its typings describe a UMD global, not a Node import). */
interface LibFlac {
  isReady(): boolean
  on(event: 'ready', listener: () => void): void
  create_libflac_encoder(
    sampleRate: number,
    channels: number,
    bitsPerSample: number,
    compressionLevel: number,
    totalSamples: number,
    verify: boolean,
    blockSize: number,
  ): number
  init_encoder_stream(
    encoder: number,
    write: (data: Uint8Array, byteCount: number, samples: number, frame: number) => void,
    metadata: (info: StreamInfo | undefined) => void,
  ): number
  FLAC__stream_encoder_process_interleaved(encoder: number, samples: Int32Array, sampleCount: number): boolean
  FLAC__stream_encoder_finish(encoder: number): boolean
  FLAC__stream_encoder_delete(encoder: number): void
  FLAC__stream_encoder_get_state(encoder: number): number
}

let libraryPromise: Promise<LibFlac> | undefined

function loadLibFlac(): Promise<LibFlac> {
  libraryPromise ??= new Promise<LibFlac>((resolve) => {
    const flac = createRequire(import.meta.url)('libflacjs/dist/libflac.js') as LibFlac
    if (flac.isReady()) resolve(flac)
    else flac.on('ready', () => resolve(flac))
  })
  return libraryPromise
}

export async function createFlacEncoder(
  options: EncoderOptions,
  contentType: string,
): Promise<AudioEncoder & FinalHeader> {
  const flac = await loadLibFlac()
  return new FlacEncoder(flac, options, contentType)
}

class FlacEncoder implements AudioEncoder, FinalHeader {
  readonly format = 'flac'
  readonly sampleRate: number
  readonly #flac: LibFlac
  readonly #encoder: number
  readonly #state = new EncoderState('FLAC')
  #output: Uint8Array[] = []
  #streamInfo: StreamInfo | undefined

  constructor(
    flac: LibFlac,
    options: EncoderOptions,
    readonly contentType: string,
  ) {
    this.#flac = flac
    this.sampleRate = options.sampleRate
    const total = options.totalSamples ?? 0 // 0: unknown
    this.#encoder = flac.create_libflac_encoder(
      options.sampleRate,
      1,
      BITS_PER_SAMPLE,
      COMPRESSION_LEVEL,
      total,
      false,
      0,
    )
    if (this.#encoder === 0) throw new Error(`libFLAC could not create an encoder for ${options.sampleRate} Hz`)
    const status = flac.init_encoder_stream(
      this.#encoder,
      (data, byteCount) => this.#output.push(data.slice(0, byteCount)),
      (info) => (this.#streamInfo = info),
    )
    if (status !== 0) {
      flac.FLAC__stream_encoder_delete(this.#encoder)
      throw new Error(`libFLAC encoder init failed with status ${status} (${options.sampleRate} Hz)`)
    }
  }

  async write(samples: Float32Array): Promise<Uint8Array> {
    this.#state.assertOpen()
    if (samples.length > 0) {
      const pcm = Int32Array.from(floatToInt16Samples(samples))
      if (!this.#flac.FLAC__stream_encoder_process_interleaved(this.#encoder, pcm, pcm.length)) {
        const encoderState = this.#flac.FLAC__stream_encoder_get_state(this.#encoder)
        this.abort()
        throw new Error(`libFLAC failed to encode (encoder state ${encoderState})`)
      }
    }
    return this.#take()
  }

  async end(): Promise<Uint8Array> {
    this.#state.end()
    const ok = this.#flac.FLAC__stream_encoder_finish(this.#encoder)
    const encoderState = this.#flac.FLAC__stream_encoder_get_state(this.#encoder)
    this.#flac.FLAC__stream_encoder_delete(this.#encoder)
    if (!ok) throw new Error(`libFLAC failed to finish the stream (encoder state ${encoderState})`)
    return this.#take()
  }

  abort(): void {
    if (!this.#state.abort()) return
    this.#flac.FLAC__stream_encoder_delete(this.#encoder)
    this.#output = []
  }

  /** STREAMINFO with the values only known at the end; available after `end()`. */
  finalHeader(): { offset: number; bytes: Uint8Array } | undefined {
    return this.#streamInfo && { offset: STREAMINFO_OFFSET, bytes: streamInfoBody(this.#streamInfo) }
  }

  #take(): Uint8Array {
    const bytes = concatBytes(this.#output)
    this.#output = []
    return bytes
  }
}

/** The 34-byte STREAMINFO block body, laid out as in the FLAC format specification (RFC 9639, section 8.2). */
function streamInfoBody(info: StreamInfo): Uint8Array {
  const body = new Uint8Array(STREAMINFO_BYTES)
  const view = new DataView(body.buffer)
  view.setUint16(0, info.min_blocksize)
  view.setUint16(2, info.max_blocksize)
  setUint24(view, 4, info.min_framesize)
  setUint24(view, 7, info.max_framesize)
  // 20 bits sample rate | 3 bits channels-1 | 5 bits bits-per-sample-1 | 36 bits total samples, big-endian
  const packed =
    (BigInt(info.sampleRate) << 44n) |
    (BigInt(info.channels - 1) << 41n) |
    (BigInt(info.bitsPerSample - 1) << 36n) |
    BigInt(info.total_samples)
  view.setBigUint64(10, packed)
  for (let i = 0; i < 16; i++) body[18 + i] = Number.parseInt(info.md5sum.slice(i * 2, i * 2 + 2), 16) || 0
  return body
}

function setUint24(view: DataView, offset: number, value: number): void {
  view.setUint8(offset, (value >>> 16) & 0xff)
  view.setUint16(offset + 1, value & 0xffff)
}
