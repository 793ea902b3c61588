/**
 * Turns a stream of PCM chunks (each at its own sample rate) into encoded bytes of one response format at the
 * format's output rate: chunks are resampled with a stateful resampler (no clicks at chunk joins) and fed to a
 * streaming encoder. Bytes are yielded as soon as the encoder produces them.
 */
import { createEncoder, outputSampleRate, type ResponseFormat } from './encoders/index.js'
import type { PcmAudio } from './pcm.js'
import { createResampler } from './resample.js'

export interface EncodeStreamStats {
  /** Samples written at the output rate. */
  samples: number
  readonly sampleRate: number
}

export async function* encodeChunks(
  chunks: AsyncIterable<PcmAudio>,
  format: ResponseFormat,
  stats?: EncodeStreamStats,
): AsyncIterable<Uint8Array> {
  const targetRate = outputSampleRate(format)
  const encoder = await createEncoder(format, { sampleRate: targetRate })
  let resampler: Awaited<ReturnType<typeof createResampler>> | undefined
  let sourceRate = 0
  let finished = false
  const count = (samples: Float32Array): Float32Array => {
    if (stats) stats.samples += samples.length
    return samples
  }
  try {
    for await (const chunk of chunks) {
      if (chunk.sampleRate !== sourceRate) {
        if (resampler) {
          const tail = await encoder.write(count(resampler.flush()))
          if (tail.length > 0) yield tail
        }
        resampler = await createResampler(chunk.sampleRate, targetRate)
        sourceRate = chunk.sampleRate
      }
      const bytes = await encoder.write(count(resampler!.process(chunk.samples)))
      if (bytes.length > 0) yield bytes
    }
    if (resampler) {
      const bytes = await encoder.write(count(resampler.flush()))
      if (bytes.length > 0) yield bytes
    }
    finished = true
    const last = await encoder.end()
    if (last.length > 0) yield last
  } finally {
    if (!finished) encoder.abort()
  }
}
