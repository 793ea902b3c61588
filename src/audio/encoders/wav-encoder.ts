/**
 * `wav`: a 44-byte 16-bit PCM mono header followed by the samples. The header goes out with the first write; its sizes
 * are exact when `totalSamples` is known up front and the "until end of stream" placeholder otherwise (see wav.ts).
 */
import { floatToInt16Bytes } from '../pcm.js'
import { wavHeader } from '../wav.js'
import { concatBytes } from './bytes.js'
import type { AudioEncoder, EncoderOptions } from './encoder.js'
import { EncoderState } from './encoder-state.js'

export function createWavEncoder(options: EncoderOptions, contentType: string): AudioEncoder {
  const { sampleRate, totalSamples } = options
  let header: Uint8Array | undefined = wavHeader(sampleRate, totalSamples === undefined ? undefined : totalSamples * 2)
  let written = 0
  const state = new EncoderState('WAV')
  const withHeader = (data: Uint8Array): Uint8Array => {
    const out = header ? concatBytes([header, data]) : data
    header = undefined
    return out
  }
  return {
    format: 'wav',
    contentType,
    sampleRate,
    async write(samples) {
      state.assertOpen()
      written += samples.length
      if (totalSamples !== undefined && written > totalSamples) {
        throw new Error(`WAV encoder got ${written} samples but its header promised ${totalSamples}`)
      }
      return withHeader(floatToInt16Bytes(samples))
    },
    async end() {
      state.end()
      if (totalSamples !== undefined && written !== totalSamples) {
        throw new Error(`WAV encoder got ${written} samples but its header promised ${totalSamples}`)
      }
      return withHeader(new Uint8Array(0))
    },
    abort() {
      state.abort()
    },
  }
}
