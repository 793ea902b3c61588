/**
 * Log mel filterbank features with Kaldi's `compute-fbank-feats` defaults, as `torchaudio.compliance.kaldi.fbank`
 * computes them: the input most trained speaker-embedding models (WeSpeaker, 3D-Speaker, the sherpa-onnx speaker
 * models) expect. Samples are scaled to the 16-bit integer range first (×32768, as those recipes do), then per 25 ms
 * frame every 10 ms (`snip_edges=true`): DC offset removed, pre-emphasis 0.97, Povey window (Hann to the power 0.85),
 * zero-padded to 512 points, power spectrum, triangular filters equally spaced on the HTK mel scale
 * (1127·ln(1 + f/700)) from 20 Hz to Nyquist without area normalisation, natural log floored at float epsilon; no
 * dither (inference). `cmn` subtracts each band's mean over the clip, as WeSpeaker does before its models.
 *
 * Not bit-checked against Kaldi here (no Kaldi or torchaudio in this environment); the steps follow
 * feature-fbank.cc and torchaudio's port of it.
 */
import type { PcmAudio } from '../pcm.js'
import { loadRealFft } from './fft.js'

export interface KaldiFbankOptions {
  readonly melBins?: number
  readonly frameMs?: number
  readonly shiftMs?: number
  readonly lowHz?: number
  /** Subtract each band's mean over the clip (cepstral mean normalisation). Default true. */
  readonly cmn?: boolean
}

export interface Fbank {
  /** Row-major `frames × melBins`. */
  readonly data: Float32Array
  readonly frames: number
  readonly melBins: number
}

const FLOAT_EPSILON = 1.1920928955078125e-7
const kaldiMel = (hz: number): number => 1127 * Math.log(1 + hz / 700)

export async function kaldiFbank(audio: PcmAudio, options: KaldiFbankOptions = {}): Promise<Fbank> {
  const { melBins = 80, frameMs = 25, shiftMs = 10, lowHz = 20, cmn = true } = options
  const { samples, sampleRate } = audio
  const length = Math.round((frameMs / 1000) * sampleRate)
  const shift = Math.round((shiftMs / 1000) * sampleRate)
  const padded = 2 ** Math.ceil(Math.log2(length))
  const fft = await loadRealFft(Math.max(32, padded))
  const bins = fft.size / 2
  const frames = samples.length < length ? 0 : 1 + Math.floor((samples.length - length) / shift)
  const window = Float64Array.from(
    { length },
    (_, n) => (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1))) ** 0.85,
  )
  const filters = melFilters(melBins, bins, fft.size, sampleRate, lowHz)
  const data = new Float32Array(frames * melBins)
  const frame = new Float32Array(fft.size)
  const spectrum = new Float32Array(bins + 1)
  const raw = new Float64Array(length)
  for (let t = 0; t < frames; t++) {
    let dc = 0
    for (let n = 0; n < length; n++) {
      raw[n] = samples[t * shift + n]! * 32768
      dc += raw[n]!
    }
    dc /= length
    for (let n = 0; n < length; n++) raw[n]! -= dc
    for (let n = length - 1; n > 0; n--) raw[n]! -= 0.97 * raw[n - 1]!
    raw[0]! -= 0.97 * raw[0]!
    frame.fill(0)
    for (let n = 0; n < length; n++) frame[n] = raw[n]! * window[n]!
    fft.magnitudes(frame, spectrum)
    for (let m = 0; m < melBins; m++) {
      const { first, weights } = filters[m]!
      let energy = 0
      for (let i = 0; i < weights.length; i++) energy += weights[i]! * spectrum[first + i]! ** 2
      data[t * melBins + m] = Math.log(Math.max(FLOAT_EPSILON, energy))
    }
  }
  if (cmn && frames > 0) {
    for (let m = 0; m < melBins; m++) {
      let sum = 0
      for (let t = 0; t < frames; t++) sum += data[t * melBins + m]!
      const average = sum / frames
      for (let t = 0; t < frames; t++) data[t * melBins + m]! -= average
    }
  }
  return { data, frames, melBins }
}

/** Kaldi's MelBanks: triangles in the mel domain over FFT bins 0 … bins−1 (the Nyquist bin is left out). */
function melFilters(
  melBins: number,
  bins: number,
  fftSize: number,
  sampleRate: number,
  lowHz: number,
): { first: number; weights: Float64Array }[] {
  const low = kaldiMel(lowHz)
  const high = kaldiMel(sampleRate / 2)
  const step = (high - low) / (melBins + 1)
  return Array.from({ length: melBins }, (_, m) => {
    const [left, centre, right] = [low + m * step, low + (m + 1) * step, low + (m + 2) * step]
    const all = Float64Array.from({ length: bins }, (_v, k) => {
      const mel = kaldiMel((k * sampleRate) / fftSize)
      if (mel <= left || mel >= right) return 0
      return mel <= centre ? (mel - left) / (centre - left) : (right - mel) / (right - centre)
    })
    const first = all.findIndex((weight) => weight > 0)
    const last = all.findLastIndex((weight) => weight > 0)
    return first === -1 ? { first: 0, weights: new Float64Array(0) } : { first, weights: all.slice(first, last + 1) }
  })
}
