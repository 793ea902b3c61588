/**
 * Fundamental frequency per frame from the normalised cross-correlation function (NCCF, the measure RAPT and Praat's
 * cross-correlation method are built on): for lag τ, r(τ) = Σ x[n]·x[n+τ] / √(Σ x[n]² · Σ x[n+τ]²) over one
 * analysis window. A frame is voiced when its best r within the pitch range reaches {@link VOICING_THRESHOLD}; the
 * shortest lag whose r is within 10% of the best is taken, which avoids the classic octave-down error (a period of
 * 2T correlates almost as well as T). Parabolic interpolation refines the lag below one sample.
 *
 * Good enough for coarse voice statistics (median pitch, its spread); not a replacement for a tracked pitch
 * estimator with dynamic programming such as RAPT or pYIN.
 */
import type { PcmAudio } from '../pcm.js'
import { rms, toDbfs } from '../pcm.js'

export const VOICING_THRESHOLD = 0.7

export interface PitchOptions {
  readonly minHz?: number
  readonly maxHz?: number
  readonly frameSeconds?: number
  readonly hopSeconds?: number
  /** Frames quieter than this (dBFS) are not analysed. */
  readonly minLevelDbfs?: number
}

/** F0 in Hz per hop (10 ms by default), NaN where the frame is unvoiced or too quiet. */
export function pitchTrack(audio: PcmAudio, options: PitchOptions = {}): Float64Array {
  const { minHz = 60, maxHz = 400, frameSeconds = 0.04, hopSeconds = 0.01, minLevelDbfs = -45 } = options
  const { samples, sampleRate } = audio
  const window = Math.round(frameSeconds * sampleRate)
  const hop = Math.max(1, Math.round(hopSeconds * sampleRate))
  const minLag = Math.max(2, Math.floor(sampleRate / maxHz))
  const maxLag = Math.ceil(sampleRate / minHz)
  const span = window + maxLag + 1
  const count = samples.length < span ? 0 : 1 + Math.floor((samples.length - span) / hop)
  const track = new Float64Array(count).fill(NaN)
  const nccf = new Float64Array(maxLag + 2)
  for (let t = 0; t < count; t++) {
    const start = t * hop
    const frame = samples.subarray(start, start + span)
    if (toDbfs(rms(frame.subarray(0, window))) < minLevelDbfs) continue
    let energy0 = 0
    for (let n = 0; n < window; n++) energy0 += frame[n]! * frame[n]!
    let best = 0
    for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
      let cross = 0
      let energyLag = 0
      for (let n = 0; n < window; n++) {
        cross += frame[n]! * frame[n + lag]!
        energyLag += frame[n + lag]! * frame[n + lag]!
      }
      const value = energy0 > 0 && energyLag > 0 ? cross / Math.sqrt(energy0 * energyLag) : 0
      nccf[lag] = value
      if (lag >= minLag && lag <= maxLag && value > best) best = value
    }
    if (best < VOICING_THRESHOLD) continue
    for (let lag = minLag; lag <= maxLag; lag++) {
      const isPeak = nccf[lag]! >= nccf[lag - 1]! && nccf[lag]! >= nccf[lag + 1]!
      if (!isPeak || nccf[lag]! < 0.9 * best) continue
      const [left, centre, right] = [nccf[lag - 1]!, nccf[lag]!, nccf[lag + 1]!]
      const curvature = left - 2 * centre + right
      const offset = curvature < 0 ? (0.5 * (left - right)) / curvature : 0
      track[t] = sampleRate / (lag + offset)
      break
    }
  }
  return track
}
