/**
 * `opus`: Ogg Opus as RFC 7845 ("Ogg Encapsulation for the Opus Audio Codec") lays it out: an OpusHead page (BOS), an
 * OpusTags page, then audio pages of 20 ms packets whose granule positions count 48 kHz samples, the last page flagged
 * EOS. The pre-skip is the encoder's lookahead, and the final granule position trims the zero padding that completes the
 * last frame (RFC 7845 sections 4.2 and 4.4), so decoders return exactly the samples written.
 */
import { randomBytes } from 'node:crypto'
import { floatToInt16Samples } from '../pcm.js'
import { concatBytes } from './bytes.js'
import type { AudioEncoder, EncoderOptions } from './encoder.js'
import { EncoderState } from './encoder-state.js'
import { FrameChunker } from './frame-chunker.js'
import { OGG_BEGINNING_OF_STREAM, OGG_END_OF_STREAM, OggPageWriter, fitsOnePage } from './ogg-page-writer.js'
import { createOpusFrameEncoder, type OpusFrameEncoder } from './opus-native.js'

const FRAME_MS = 20
/** Opus granule positions and pre-skip always count samples at 48 kHz, whatever the input rate. */
const GRANULE_RATE = 48000
/** 48 kbit/s mono: transparent for synthetic speech at 24 kHz, with room for expressive voices. */
const BITRATE = 48000
/** Pages close at least every second (50 packets), so a long write still streams in page-sized pieces. */
const MAX_PACKETS_PER_PAGE = 50
const VENDOR = 'Chorus (libopus via opusscript)'

export async function createOpusEncoder(options: EncoderOptions, contentType: string): Promise<AudioEncoder> {
  const { sampleRate } = options
  const frameSize = (sampleRate * FRAME_MS) / 1000
  const codec = await createOpusFrameEncoder(sampleRate, frameSize, BITRATE)
  return new OggOpusEncoder(codec, contentType)
}

class OggOpusEncoder implements AudioEncoder {
  readonly format = 'opus'
  readonly sampleRate: number
  readonly #codec: OpusFrameEncoder
  readonly #pages = new OggPageWriter(randomSerialNumber())
  readonly #chunker: FrameChunker
  /** 48 kHz samples per input sample (an integer for every rate Opus accepts). */
  readonly #granuleScale: number
  readonly #preSkip: number
  #samplesIn = 0
  #packetsOut = 0
  #headersSent = false
  readonly #state = new EncoderState('Opus')

  constructor(
    codec: OpusFrameEncoder,
    readonly contentType: string,
  ) {
    this.#codec = codec
    this.sampleRate = codec.sampleRate
    this.#chunker = new FrameChunker(codec.frameSize)
    this.#granuleScale = GRANULE_RATE / codec.sampleRate
    this.#preSkip = codec.lookahead * this.#granuleScale
  }

  async write(samples: Float32Array): Promise<Uint8Array> {
    this.#state.assertOpen()
    this.#samplesIn += samples.length
    const packets = this.#chunker.push(samples).map((frame) => this.#encode(frame))
    return concatBytes([...this.#headers(), ...this.#audioPages(packets, false)])
  }

  async end(): Promise<Uint8Array> {
    this.#state.end()
    try {
      const packets: Uint8Array[] = []
      const last = this.#chunker.flushPadded()
      if (last) packets.push(this.#encode(last))
      // The decoder drops `lookahead` samples at the start, so the encoder must run that far past the last input
      // sample for it to come out: keep feeding silent frames until it has.
      const framesNeeded = Math.ceil((this.#samplesIn + this.#codec.lookahead) / this.#codec.frameSize)
      const silence = new Float32Array(this.#codec.frameSize)
      while (this.#packetsOut + packets.length < framesNeeded) packets.push(this.#encode(silence))
      return concatBytes([...this.#headers(), ...this.#audioPages(packets, true)])
    } finally {
      this.#codec.destroy()
    }
  }

  abort(): void {
    if (this.#state.abort()) this.#codec.destroy()
  }

  #encode(frame: Float32Array): Uint8Array {
    return this.#codec.encode(floatToInt16Samples(frame))
  }

  /** OpusHead and OpusTags, each alone on its page (RFC 7845 section 3), before the first audio page. */
  #headers(): Uint8Array[] {
    if (this.#headersSent) return []
    this.#headersSent = true
    return [
      this.#pages.page([opusHead(this.#preSkip, this.sampleRate)], 0n, OGG_BEGINNING_OF_STREAM),
      this.#pages.page([opusTags(VENDOR)], 0n),
    ]
  }

  /**
   * Pages for `packets`, each page's granule position being the 48 kHz sample count through its last packet. On the
   * final page it is instead pre-skip plus the samples actually written, which tells the decoder to drop the padding.
   */
  #audioPages(packets: readonly Uint8Array[], final: boolean): Uint8Array[] {
    const pages: Uint8Array[] = []
    let start = 0
    while (start < packets.length) {
      let end = Math.min(packets.length, start + MAX_PACKETS_PER_PAGE)
      while (!fitsOnePage(packets.slice(start, end))) end--
      this.#packetsOut += end - start
      const isLast = final && end === packets.length
      const granule = isLast
        ? this.#preSkip + this.#samplesIn * this.#granuleScale
        : this.#packetsOut * this.#codec.frameSize * this.#granuleScale
      pages.push(this.#pages.page(packets.slice(start, end), BigInt(granule), isLast ? OGG_END_OF_STREAM : 0))
      start = end
    }
    return pages
  }
}

/** Identification header, RFC 7845 section 5.1: version 1, mono, channel mapping family 0. */
function opusHead(preSkip: number, inputSampleRate: number): Uint8Array {
  const head = new Uint8Array(19)
  const view = new DataView(head.buffer)
  head.set(ascii('OpusHead'), 0)
  head[8] = 1 // version
  head[9] = 1 // output channel count
  view.setUint16(10, preSkip, true)
  view.setUint32(12, inputSampleRate, true) // informational: the rate the audio had before encoding
  view.setInt16(16, 0, true) // output gain
  head[18] = 0 // mapping family 0: mono or stereo, no mapping table
  return head
}

/** Comment header, RFC 7845 section 5.2: vendor string and no user comments. */
function opusTags(vendor: string): Uint8Array {
  const vendorBytes = new TextEncoder().encode(vendor)
  const tags = new Uint8Array(8 + 4 + vendorBytes.length + 4)
  const view = new DataView(tags.buffer)
  tags.set(ascii('OpusTags'), 0)
  view.setUint32(8, vendorBytes.length, true)
  tags.set(vendorBytes, 12)
  view.setUint32(12 + vendorBytes.length, 0, true)
  return tags
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0))
}

/** RFC 3533 asks for a serial number unique among concurrent streams; a random one is the usual choice. */
function randomSerialNumber(): number {
  return randomBytes(4).readUInt32LE(0)
}
