/**
 * `mp3`: MPEG Layer III via lamejs (a JavaScript port of LAME). Mono, constant bit rate; at Chorus's 24 kHz that is an
 * MPEG-2 stream of 576-sample frames. Samples go to LAME in blocks of 1152, the block size LAME's own frontend uses,
 * so every write returns the frames completed so far.
 */
import { Mp3Encoder } from '@breezystack/lamejs'
import { floatToInt16Samples } from '../pcm.js'
import type { AudioEncoder, EncoderOptions } from './encoder.js'
import { concatBytes } from './bytes.js'
import { EncoderState } from './encoder-state.js'
import { FrameChunker } from './frame-chunker.js'

/** Rates MPEG-1, MPEG-2 and MPEG-2.5 Layer III define. */
const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]

/** 64 kbit/s mono keeps speech clean at 24 kHz (MPEG-2 allows up to 160). */
const BITRATE_KBPS = 64

const LAME_BLOCK = 1152

export function createMp3Encoder(options: EncoderOptions, contentType: string): AudioEncoder {
  const { sampleRate } = options
  if (!MP3_SAMPLE_RATES.includes(sampleRate)) {
    throw new Error(`MP3 cannot carry ${sampleRate} Hz; use one of ${MP3_SAMPLE_RATES.join(', ')}`)
  }
  // lamejs is pure JavaScript: dropping the reference is all abort() needs to release.
  const lame = new Mp3Encoder(1, sampleRate, BITRATE_KBPS)
  const chunker = new FrameChunker(LAME_BLOCK)
  const state = new EncoderState('MP3')
  const encode = (block: Float32Array): Uint8Array => asBytes(lame.encodeBuffer(floatToInt16Samples(block)))
  return {
    format: 'mp3',
    contentType,
    sampleRate,
    async write(samples) {
      state.assertOpen()
      return concatBytes(chunker.push(samples).map(encode))
    },
    async end() {
      state.end()
      const rest = chunker.flushPartial()
      const parts = rest.length > 0 ? [encode(rest)] : []
      parts.push(asBytes(lame.flush()))
      return concatBytes(parts)
    },
    abort() {
      state.abort()
    },
  }
}

/** lamejs hands back signed `Int8Array`s; the same memory read as bytes is what goes on the wire. */
function asBytes(encoded: Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength)
}
