/**
 * Test signals made on the spot (no downloaded fixtures) and the measurements the audio tests assert with: pitch from
 * zero crossings, alignment-tolerant correlation, and 16-bit quantisation for lossless comparisons.
 */
import { floatToInt16Samples, type PcmAudio } from '../../src/audio/pcm.js'

/** A tone with a 50 ms attack, 4 Hz tremolo and a 200 ms release: steady pitch, non-trivial envelope. */
export function envelopedTone(options: {
  frequency: number
  seconds: number
  sampleRate: number
  amplitude?: number
}): PcmAudio {
  const { frequency, seconds, sampleRate, amplitude = 0.5 } = options
  const length = Math.round(seconds * sampleRate)
  const samples = new Float32Array(length)
  const attack = 0.05 * sampleRate
  const release = 0.2 * sampleRate
  for (let i = 0; i < length; i++) {
    const envelope =
      Math.min(1, i / attack, (length - i) / release) * (0.8 + 0.2 * Math.sin((2 * Math.PI * 4 * i) / sampleRate))
    samples[i] = amplitude * envelope * Math.sin((2 * Math.PI * frequency * i) / sampleRate)
  }
  return { samples, sampleRate }
}

/** Speech-like bursts: 180 ms "syllables" of a 140 Hz buzz with harmonics, separated by 70 ms pauses. */
export function speechLikeBursts(seconds: number, sampleRate: number): PcmAudio {
  const samples = new Float32Array(Math.round(seconds * sampleRate))
  const syllable = 0.18 * sampleRate
  const period = 0.25 * sampleRate
  for (let i = 0; i < samples.length; i++) {
    const position = i % period
    if (position >= syllable) continue
    const envelope = Math.sin((Math.PI * position) / syllable)
    const t = i / sampleRate
    const buzz =
      Math.sin(2 * Math.PI * 140 * t) + 0.5 * Math.sin(2 * Math.PI * 280 * t) + 0.25 * Math.sin(2 * Math.PI * 560 * t)
    samples[i] = 0.3 * envelope * buzz
  }
  return { samples, sampleRate }
}

/** Dominant frequency of a tone from its zero-crossing rate (two crossings per cycle). */
export function zeroCrossingFrequency(audio: PcmAudio, from = 0, to = audio.samples.length): number {
  let crossings = 0
  for (let i = from + 1; i < to; i++) {
    if (audio.samples[i - 1]! < 0 !== audio.samples[i]! < 0) crossings++
  }
  return crossings / 2 / ((to - from) / audio.sampleRate)
}

/**
 * Highest normalised cross-correlation between `reference` and `candidate` shifted by 0..`maxLag` samples (codecs
 * delay their output), over the reference's span. 1 means identical up to gain.
 */
export function bestCorrelation(
  reference: Float32Array,
  candidate: Float32Array,
  maxLag: number,
): { correlation: number; lag: number } {
  let best = { correlation: -1, lag: 0 }
  for (let lag = 0; lag <= maxLag; lag++) {
    let cross = 0
    let energyA = 0
    let energyB = 0
    const length = Math.min(reference.length, candidate.length - lag)
    for (let i = 0; i < length; i++) {
      const a = reference[i]!
      const b = candidate[i + lag]!
      cross += a * b
      energyA += a * a
      energyB += b * b
    }
    const correlation = energyA > 0 && energyB > 0 ? cross / Math.sqrt(energyA * energyB) : 0
    if (correlation > best.correlation) best = { correlation, lag }
  }
  return best
}

/** Splits `samples` into chunks of cycling, deliberately awkward sizes (1 sample, just under/over codec frames …). */
export function unevenChunks(
  samples: Float32Array,
  sizes: readonly number[] = [1, 7, 479, 1151, 1153, 4096, 333, 2],
): Float32Array[] {
  const chunks: Float32Array[] = []
  for (let offset = 0, i = 0; offset < samples.length; i++) {
    const size = sizes[i % sizes.length]!
    chunks.push(samples.subarray(offset, offset + size))
    offset += size
  }
  return chunks
}

/** Float samples as the 16-bit integers a lossless format must give back. */
export function quantised(samples: Float32Array): Int16Array {
  return floatToInt16Samples(samples)
}

/**
 * Decoded floats back to 16-bit integers. Decoders disagree on the scale: Chorus's WAV/PCM readers divide by 32768,
 * @wasm-audio-decoders/flac by 32767, so the caller says which.
 */
export function asInt16(samples: Float32Array, fullScale: 32768 | 32767 = 32768): Int16Array {
  return Int16Array.from(samples, (value) => Math.max(-32768, Math.min(32767, Math.round(value * fullScale))))
}
