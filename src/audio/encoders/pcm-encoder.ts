/**
 * `pcm`: raw signed 16-bit little-endian mono samples with no header, as OpenAI's `response_format: "pcm"` (24 kHz).
 * Every write is sendable at once.
 */
import { floatToInt16Bytes } from '../pcm.js'
import type { AudioEncoder, EncoderOptions } from './encoder.js'
import { EncoderState } from './encoder-state.js'

export function createPcmEncoder(options: EncoderOptions, contentType: string): AudioEncoder {
  const state = new EncoderState('PCM')
  return {
    format: 'pcm',
    contentType,
    sampleRate: options.sampleRate,
    async write(samples) {
      state.assertOpen()
      return floatToInt16Bytes(samples)
    },
    async end() {
      state.end()
      return new Uint8Array(0)
    },
    abort() {
      state.abort()
    },
  }
}
