/**
 * Short-time magnitude spectra with librosa's `stft` defaults: 2048-point frames every 512 samples, a periodic Hann
 * window as long as the frame, and `center=True` with zero padding (`pad_mode="constant"`, librosa ≥ 0.10), so frame
 * `t` is centred on sample `t·hop` and there are `1 + ⌊n / hop⌋` frames. librosa uses these sizes at every sample
 * rate, and so does Chorus, so its spectral numbers can be checked against a notebook.
 */
import type { PcmAudio } from '../pcm.js'
import { loadRealFft } from './fft.js'

export interface SpectrogramOptions {
  readonly nFft?: number
  readonly hop?: number
}

export interface Spectrogram {
  readonly sampleRate: number
  readonly nFft: number
  readonly hop: number
  /** |STFT| per frame, bins 0 … nFft/2 (bin k is k·sampleRate/nFft Hz). */
  readonly frames: readonly Float32Array[]
}

export const DEFAULT_N_FFT = 2048
export const DEFAULT_HOP = 512

/** Periodic Hann window (`scipy.signal.get_window('hann', n, fftbins=True)`), as librosa uses. */
export function hannWindow(length: number): Float32Array {
  const window = new Float32Array(length)
  for (let i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length)
  return window
}

export async function magnitudeSpectrogram(audio: PcmAudio, options: SpectrogramOptions = {}): Promise<Spectrogram> {
  const { nFft = DEFAULT_N_FFT, hop = DEFAULT_HOP } = options
  if (!Number.isInteger(hop) || hop <= 0) throw new Error(`hop must be a positive integer; got ${hop}`)
  const fft = await loadRealFft(nFft)
  const window = hannWindow(nFft)
  const { samples } = audio
  const count = 1 + Math.floor(samples.length / hop)
  const frame = new Float32Array(nFft)
  const frames: Float32Array[] = []
  for (let t = 0; t < count; t++) {
    const start = t * hop - nFft / 2
    for (let i = 0; i < nFft; i++) {
      const index = start + i
      frame[i] = index >= 0 && index < samples.length ? samples[index]! * window[i]! : 0
    }
    const spectrum = new Float32Array(nFft / 2 + 1)
    fft.magnitudes(frame, spectrum)
    frames.push(spectrum)
  }
  return { sampleRate: audio.sampleRate, nFft, hop, frames }
}

/** Centre frequency of bin `k`, Hz (`librosa.fft_frequencies`). */
export function binFrequency(spectrogram: Pick<Spectrogram, 'sampleRate' | 'nFft'>, k: number): number {
  return (k * spectrogram.sampleRate) / spectrogram.nFft
}
