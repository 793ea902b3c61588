/** Drains an engine's chunk stream into one buffer, the way a non-streaming client would consume it. */
import { concatSamples, type PcmAudio } from '../../src/audio/pcm.js'

export interface CollectedAudio extends PcmAudio {
  readonly chunks: number
}

/** Throws if chunks change sample rate mid-stream: benchmarks measure engines, not resampling. */
export async function collectAudio(chunks: AsyncIterable<PcmAudio>): Promise<CollectedAudio> {
  const parts: Float32Array[] = []
  let sampleRate = 0
  for await (const chunk of chunks) {
    if (sampleRate !== 0 && chunk.sampleRate !== sampleRate) {
      throw new Error(`engine changed sample rate mid-stream: ${sampleRate} Hz then ${chunk.sampleRate} Hz`)
    }
    sampleRate = chunk.sampleRate
    parts.push(chunk.samples)
  }
  return { samples: concatSamples(parts), sampleRate, chunks: parts.length }
}
