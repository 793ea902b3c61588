/**
 * Signal metrics of one clip: what the quality lab's gates and reports read. Each reading is a small pure function
 * in this folder that cites the definition it implements; {@link signalMetrics} runs them all and returns one record.
 * Levels are dBFS with full scale 1.0; −Infinity stands for digital silence, NaN for "not defined" (e.g. the
 * spectral centroid of a clip with no active frame).
 *
 * @example
 * const metrics = await signalMetrics(audio)
 * if (metrics.clippingPercent > 0.1) console.warn('clipped')
 */
import type { PcmAudio } from '../pcm.js'
import { durationSeconds } from '../pcm.js'
import {
  dynamicRangeDb,
  edgeEnergy,
  energyStdDb,
  frameLevels,
  leadingSilenceSeconds,
  silencePercent,
  trailingSilenceSeconds,
} from './frames.js'
import { clippingPercent, peakDbfs, peakLinear, rmsDbfs } from './levels.js'
import { activeSpectrogramFrames, spectralCentroidHz, spectralRolloffHz } from './spectral.js'
import { magnitudeSpectrogram } from './spectrogram.js'
import { zeroCrossingRate } from './zero-crossings.js'

export interface SignalMetrics {
  readonly durationSeconds: number
  readonly sampleRate: number
  /** Largest |sample|, linear (1.0 = full scale; float audio may exceed it). */
  readonly peak: number
  readonly peakDbfs: number
  readonly rmsDbfs: number
  /** % of samples in runs of ≥ 3 at |x| ≥ 0.999 (levels.ts). */
  readonly clippingPercent: number
  /** % of 20 ms frames below the silence threshold (frames.ts). */
  readonly silencePercent: number
  /** The silence threshold this clip was judged with, dBFS. */
  readonly silenceThresholdDbfs: number
  /** Standard deviation of non-silent frame levels, dB. */
  readonly energyStdDb: number
  /** 95th − 5th percentile of non-silent frame levels, dB. */
  readonly dynamicRangeDb: number
  /** Zero crossings per second (librosa zcr × sr). */
  readonly zeroCrossingRate: number
  /** Mean spectral centroid over active frames, Hz (librosa). */
  readonly spectralCentroidHz: number
  /** Mean 85% spectral rolloff over active frames, Hz (librosa). */
  readonly spectralRolloffHz: number
  readonly leadingSilenceSeconds: number
  readonly trailingSilenceSeconds: number
  /** RMS of the first 30 ms relative to the whole clip, dB. */
  readonly edgeStartDb: number
  /** RMS of the last 30 ms relative to the whole clip, dB. */
  readonly edgeEndDb: number
}

export async function signalMetrics(audio: PcmAudio): Promise<SignalMetrics> {
  const levels = frameLevels(audio)
  const spectrogram = await magnitudeSpectrogram(audio)
  const active = activeSpectrogramFrames(audio, spectrogram, levels.silenceThresholdDbfs)
  const edges = edgeEnergy(audio)
  return {
    durationSeconds: durationSeconds(audio),
    sampleRate: audio.sampleRate,
    peak: peakLinear(audio),
    peakDbfs: peakDbfs(audio),
    rmsDbfs: rmsDbfs(audio),
    clippingPercent: clippingPercent(audio),
    silencePercent: silencePercent(levels),
    silenceThresholdDbfs: levels.silenceThresholdDbfs,
    energyStdDb: energyStdDb(levels),
    dynamicRangeDb: dynamicRangeDb(levels),
    zeroCrossingRate: zeroCrossingRate(audio),
    spectralCentroidHz: spectralCentroidHz(spectrogram, active),
    spectralRolloffHz: spectralRolloffHz(spectrogram, active),
    leadingSilenceSeconds: leadingSilenceSeconds(levels),
    trailingSilenceSeconds: trailingSilenceSeconds(levels),
    edgeStartDb: edges.startDb,
    edgeEndDb: edges.endDb,
  }
}

export { durationSeconds } from '../pcm.js'
export * from './frames.js'
export * from './levels.js'
export * from './spectral.js'
export * from './spectrogram.js'
export * from './zero-crossings.js'
export * from './mfcc.js'
export * from './pitch.js'
export { fftBackend, loadRealFft, type FftBackend, type RealFft } from './fft.js'
export { mean, median, percentile, standardDeviation } from './stats.js'
export * from './kaldi-fbank.js'
