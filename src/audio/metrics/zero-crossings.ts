/**
 * Zero-crossing rate as `librosa.feature.zero_crossing_rate(y) * sr`, i.e. crossings per second: 2048-sample frames
 * every 512 samples, the signal edge-padded by half a frame at both ends (`center=True`), a crossing counted between
 * neighbours of different sign within a frame, with |x| ≤ 1e-10 treated as 0 and 0 as positive
 * (`zero_crossings(threshold=1e-10, zero_pos=True, pad=False)`); per frame, crossings / frame length; then the mean
 * over all frames (pauses included: a pause truly has few crossings) times the sample rate. A 1 kHz tone reads
 * ≈ 2000/s.
 */
import type { PcmAudio } from '../pcm.js'

export interface ZeroCrossingOptions {
  readonly frameLength?: number
  readonly hop?: number
}

const ZERO_THRESHOLD = 1e-10

export function zeroCrossingRate(audio: PcmAudio, options: ZeroCrossingOptions = {}): number {
  const { frameLength = 2048, hop = 512 } = options
  const { samples, sampleRate } = audio
  if (samples.length === 0) return 0
  const pad = Math.floor(frameLength / 2)
  const paddedLength = samples.length + 2 * pad
  const negative = (paddedIndex: number): boolean => {
    const value = samples[Math.min(samples.length - 1, Math.max(0, paddedIndex - pad))]!
    return Math.abs(value) > ZERO_THRESHOLD && value < 0
  }
  // crossingAt[i]: sample i-1 and sample i (padded indices) differ in sign.
  const crossingAt = new Uint8Array(paddedLength)
  for (let i = 1; i < paddedLength; i++) crossingAt[i] = negative(i - 1) !== negative(i) ? 1 : 0
  const count = paddedLength < frameLength ? 0 : 1 + Math.floor((paddedLength - frameLength) / hop)
  if (count === 0) return 0
  let total = 0
  for (let t = 0; t < count; t++) {
    let crossings = 0
    for (let i = t * hop + 1; i < t * hop + frameLength; i++) crossings += crossingAt[i]!
    total += crossings / frameLength
  }
  return (total / count) * sampleRate
}
