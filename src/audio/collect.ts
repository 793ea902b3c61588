/** Collects a stream of PCM chunks into one buffer at the first chunk's sample rate (later rates are resampled). */
import { concatSamples, type PcmAudio } from './pcm.js'
import { resample } from './resample.js'

export async function collectAudio(chunks: AsyncIterable<PcmAudio>): Promise<PcmAudio> {
  const parts: Float32Array[] = []
  let sampleRate = 0
  for await (const chunk of chunks) {
    if (sampleRate !== 0 && chunk.sampleRate !== sampleRate) {
      parts.push((await resample(chunk, sampleRate)).samples)
    } else {
      sampleRate = chunk.sampleRate
      parts.push(chunk.samples)
    }
  }
  return { samples: concatSamples(parts), sampleRate }
}
