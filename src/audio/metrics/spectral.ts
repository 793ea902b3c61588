/**
 * Spectral shape, frame by frame as librosa computes it, then averaged into one number per clip:
 * - **centroid** — `librosa.feature.spectral_centroid`: the magnitude-weighted mean frequency Σ f_k·|X_k| / Σ |X_k|;
 * - **rolloff** — `librosa.feature.spectral_rolloff` with `roll_percent=0.85`: the lowest bin centre frequency at
 *   which the cumulative sum of |X_k| reaches 85% of the frame's total. librosa calls this "energy" but sums
 *   magnitudes (power 1), and so does Chorus, to give the same numbers.
 *
 * The clip value is the mean over **active** frames only (frames whose own RMS is at or above the clip's silence
 * threshold, see frames.ts): a silent frame has no defined centroid (librosa reports 0 for it), and averaging those
 * zeros in would make the number track how many pauses a clip has rather than how it sounds.
 */
import type { PcmAudio } from '../pcm.js'
import { rms, toDbfs } from '../pcm.js'
import { mean } from './stats.js'
import type { Spectrogram } from './spectrogram.js'
import { binFrequency } from './spectrogram.js'

export const ROLLOFF_PERCENT = 0.85

/** Centroid (Hz) of each frame; NaN for a frame with no energy. */
export function spectralCentroidFrames(spectrogram: Spectrogram): Float64Array {
  return Float64Array.from(spectrogram.frames, (frame) => {
    let weighted = 0
    let total = 0
    for (let k = 0; k < frame.length; k++) {
      weighted += binFrequency(spectrogram, k) * frame[k]!
      total += frame[k]!
    }
    return total > 0 ? weighted / total : NaN
  })
}

/** Rolloff (Hz) of each frame; NaN for a frame with no energy. */
export function spectralRolloffFrames(spectrogram: Spectrogram, rollPercent = ROLLOFF_PERCENT): Float64Array {
  return Float64Array.from(spectrogram.frames, (frame) => {
    let total = 0
    for (let k = 0; k < frame.length; k++) total += frame[k]!
    if (!(total > 0)) return NaN
    const threshold = rollPercent * total
    let cumulative = 0
    for (let k = 0; k < frame.length; k++) {
      cumulative += frame[k]!
      if (cumulative >= threshold) return binFrequency(spectrogram, k)
    }
    return binFrequency(spectrogram, frame.length - 1)
  })
}

/**
 * Which spectrogram frames are active: the RMS of the (unwindowed) span each frame covers is at or above
 * `thresholdDbfs`. Pass the silence threshold of the clip's {@link frameLevels} so both agree on what is a pause.
 */
export function activeSpectrogramFrames(audio: PcmAudio, spectrogram: Spectrogram, thresholdDbfs: number): boolean[] {
  const { samples } = audio
  return spectrogram.frames.map((_frame, t) => {
    const start = Math.max(0, t * spectrogram.hop - spectrogram.nFft / 2)
    const span = samples.subarray(start, Math.min(samples.length, t * spectrogram.hop + spectrogram.nFft / 2))
    return span.length > 0 && toDbfs(rms(span)) >= thresholdDbfs
  })
}

/** Mean of the per-frame values over the frames marked active (all frames when `active` is omitted); NaN if none. */
export function meanOverFrames(values: Float64Array, active?: readonly boolean[]): number {
  return mean(values.filter((value, t) => Number.isFinite(value) && (active?.[t] ?? true)))
}

/** Mean spectral centroid (Hz) over active frames. */
export function spectralCentroidHz(spectrogram: Spectrogram, active?: readonly boolean[]): number {
  return meanOverFrames(spectralCentroidFrames(spectrogram), active)
}

/** Mean 85% spectral rolloff (Hz) over active frames. */
export function spectralRolloffHz(
  spectrogram: Spectrogram,
  active?: readonly boolean[],
  rollPercent = ROLLOFF_PERCENT,
): number {
  return meanOverFrames(spectralRolloffFrames(spectrogram, rollPercent), active)
}
