/**
 * Mel-frequency cepstral coefficients as librosa computes them (`librosa.feature.mfcc` on a power spectrogram):
 * a triangular mel filterbank on the Slaney mel scale with Slaney area normalisation (`librosa.filters.mel`
 * defaults, htk=False, norm="slaney"), band energies to dB with `power_to_db(ref=1, amin=1e-10, top_db=80)`, then an
 * orthonormal DCT-II (`scipy.fft.dct(type=2, norm="ortho")`) keeping the first `nMfcc` coefficients.
 *
 * @example
 * const spectrogram = await magnitudeSpectrogram(audio, { nFft: 512, hop: 160 })
 * const coefficients = mfcc(spectrogram, { nMels: 40, nMfcc: 20 })
 */
import type { Spectrogram } from './spectrogram.js'
import { binFrequency } from './spectrogram.js'

const F_SP = 200 / 3
const MIN_LOG_HZ = 1000
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP
const LOG_STEP = Math.log(6.4) / 27

/** Hz → mel on the Slaney scale (linear below 1 kHz, logarithmic above), as `librosa.hz_to_mel(htk=False)`. */
export function hzToMel(hz: number): number {
  return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP
}

export function melToHz(mel: number): number {
  return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL))
}

export interface MelOptions {
  readonly nMels?: number
  readonly fMin?: number
  /** Defaults to the Nyquist frequency. */
  readonly fMax?: number
}

/** `nMels` rows of `nFft/2 + 1` weights, as `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax)`. */
export function melFilterbank(sampleRate: number, nFft: number, options: MelOptions = {}): Float32Array[] {
  const { nMels = 128, fMin = 0, fMax = sampleRate / 2 } = options
  const bins = nFft / 2 + 1
  const melMin = hzToMel(fMin)
  const melMax = hzToMel(fMax)
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz(melMin + ((melMax - melMin) * i) / (nMels + 1)))
  return Array.from({ length: nMels }, (_, band) => {
    const [lower, centre, upper] = [edges[band]!, edges[band + 1]!, edges[band + 2]!]
    const norm = 2 / (upper - lower)
    const weights = new Float32Array(bins)
    for (let k = 0; k < bins; k++) {
      const f = binFrequency({ sampleRate, nFft }, k)
      const rising = (f - lower) / (centre - lower)
      const falling = (upper - f) / (upper - centre)
      weights[k] = Math.max(0, Math.min(rising, falling)) * norm
    }
    return weights
  })
}

export interface MfccOptions extends MelOptions {
  readonly nMfcc?: number
  readonly topDb?: number
}

/** MFCCs per frame (`nMfcc` values each) of a magnitude spectrogram; its squared magnitudes are the power spectrum. */
export function mfcc(spectrogram: Spectrogram, options: MfccOptions = {}): Float32Array[] {
  const { nMfcc = 20, topDb = 80 } = options
  const filterbank = melFilterbank(spectrogram.sampleRate, spectrogram.nFft, options)
  const melDb = spectrogram.frames.map((frame) =>
    Float64Array.from(filterbank, (weights) => {
      let energy = 0
      for (let k = 0; k < frame.length; k++) energy += weights[k]! * frame[k]! * frame[k]!
      return 10 * Math.log10(Math.max(1e-10, energy))
    }),
  )
  let loudest = -Infinity
  for (const bands of melDb) for (const value of bands) loudest = Math.max(loudest, value)
  const floor = loudest - topDb
  const dct = dctMatrix(filterbank.length, nMfcc)
  return melDb.map((bands) => {
    const coefficients = new Float32Array(nMfcc)
    for (let c = 0; c < nMfcc; c++) {
      let sum = 0
      for (let m = 0; m < bands.length; m++) sum += dct[c]![m]! * Math.max(floor, bands[m]!)
      coefficients[c] = sum
    }
    return coefficients
  })
}

/** Rows of the orthonormal DCT-II basis: X_c = Σ x_m·s_c·cos(πc(2m+1)/2N), s_0 = √(1/N), s_c = √(2/N). */
function dctMatrix(size: number, rows: number): Float64Array[] {
  return Array.from({ length: rows }, (_, c) => {
    const scale = Math.sqrt((c === 0 ? 1 : 2) / size)
    return Float64Array.from({ length: size }, (_v, m) => scale * Math.cos((Math.PI * c * (2 * m + 1)) / (2 * size)))
  })
}
