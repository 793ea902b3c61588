/**
 * Sample-level readings: peak, RMS level and clipping. Levels are in dBFS with full scale = 1.0 (a full-scale sine
 * reads 0 dBFS peak and −3.01 dBFS RMS, the AES17 convention would add 3.01 dB to RMS; Chorus does not). Silence
 * gives −Infinity dBFS.
 */
import type { PcmAudio } from '../pcm.js'
import { peak, rms, toDbfs } from '../pcm.js'

/**
 * A sample counts toward clipping at |x| ≥ 0.999 of full scale: 16-bit full scale (32767/32768) and float samples
 * pushed past 1.0 both qualify, while a healthy peak just under 0 dBFS (−0.01 dB and below) does not.
 */
export const CLIP_LEVEL = 0.999

/**
 * …but only inside a run of at least 3 consecutive such samples. A single full-scale sample is a legitimate peak
 * (peak-normalised audio has one by construction); a clipped waveform is flattened for several samples in a row. Three
 * is the usual heuristic of clip detectors (it tolerates the 1–2 samples near the crest of a full-scale tone at
 * speech rates while catching any real flattening, which lasts much longer).
 */
export const CLIP_MIN_RUN = 3

export function peakLinear(audio: PcmAudio): number {
  return peak(audio.samples)
}

export function peakDbfs(audio: PcmAudio): number {
  return toDbfs(peak(audio.samples))
}

/** RMS level of the whole buffer in dBFS (full-scale sine = −3.01 dBFS). */
export function rmsDbfs(audio: PcmAudio): number {
  return toDbfs(rms(audio.samples))
}

export interface ClippingOptions {
  readonly level?: number
  readonly minRun?: number
}

/**
 * Percentage (0–100) of samples that sit in runs of at least {@link CLIP_MIN_RUN} consecutive samples at
 * |x| ≥ {@link CLIP_LEVEL}. Either polarity counts, and a run may change sign (a clipped square wave's edge).
 *
 * @example
 * clippingPercent({ samples: Float32Array.of(0, 1, 1, 1, 0), sampleRate: 8000 }) // 60
 */
export function clippingPercent(audio: PcmAudio, options: ClippingOptions = {}): number {
  const { level = CLIP_LEVEL, minRun = CLIP_MIN_RUN } = options
  const samples = audio.samples
  if (samples.length === 0) return 0
  let clipped = 0
  let run = 0
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]!) >= level) {
      run++
      continue
    }
    if (run >= minRun) clipped += run
    run = 0
  }
  if (run >= minRun) clipped += run
  return (100 * clipped) / samples.length
}
