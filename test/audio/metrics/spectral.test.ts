import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  activeSpectrogramFrames,
  frameLevels,
  magnitudeSpectrogram,
  spectralCentroidFrames,
  spectralCentroidHz,
  spectralRolloffFrames,
  spectralRolloffHz,
  zeroCrossingRate,
} from '../../../src/audio/metrics/index.js'
import { join, silence, sine, whiteNoise } from './tones.js'

const near = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`)

test('a 1 kHz sine crosses zero about 2000 times a second', () => {
  // librosa's frames run half a frame into edge padding at both ends, so a short clip reads a little low:
  // librosa itself gives 1952.5 (16 kHz) and 1983.0 (44.1 kHz) for these 2 s tones.
  near(zeroCrossingRate(sine(1000, 2, 16000)), 1952.505, 0.01, 'ZCR at 16 kHz')
  near(zeroCrossingRate(sine(1000, 2, 44100)), 1983.046, 0.01, 'ZCR at 44.1 kHz')
  near(zeroCrossingRate(sine(1000, 20, 16000)), 2000, 20, 'ZCR of a 20 s tone (librosa: 1987.4)')
})

test('silence has no zero crossings; white noise crosses on about half the samples', () => {
  assert.equal(zeroCrossingRate(silence(1, 16000)), 0)
  near(zeroCrossingRate(whiteNoise(2, 16000)), 8000, 200, 'noise ZCR')
})

test('a 1 kHz sine has its centroid and 85% rolloff at about 1 kHz', async () => {
  const tone = sine(1000, 2, 16000)
  const spectrogram = await magnitudeSpectrogram(tone)
  near(spectralCentroidHz(spectrogram), 1000, 60, 'centroid')
  // Hann leakage spreads magnitude over ±2 bins (7.8 Hz each) around the tone, so rolloff lands just above it.
  near(spectralRolloffHz(spectrogram), 1000, 30, 'rolloff')
})

test('white noise has its centroid at about a quarter of the sample rate and rolloff at 85% of Nyquist', async () => {
  for (const sampleRate of [16000, 22050]) {
    const spectrogram = await magnitudeSpectrogram(whiteNoise(2, sampleRate))
    near(spectralCentroidHz(spectrogram), sampleRate / 4, sampleRate * 0.01, `centroid at ${sampleRate} Hz`)
    near(spectralRolloffHz(spectrogram), 0.85 * (sampleRate / 2), sampleRate * 0.01, `rolloff at ${sampleRate} Hz`)
  }
})

test('spectrogram frames follow librosa: 1 + ⌊n/512⌋ centred frames of 1025 bins', async () => {
  const spectrogram = await magnitudeSpectrogram(sine(440, 1, 16000))
  assert.equal(spectrogram.frames.length, 1 + Math.floor(16000 / 512))
  assert.equal(spectrogram.frames[0]!.length, 1025)
})

test('silent frames have no centroid or rolloff and are left out of the clip average', async () => {
  const audio = join(silence(1, 16000), sine(2000, 1, 16000))
  const spectrogram = await magnitudeSpectrogram(audio)
  assert.ok(Number.isNaN(spectralCentroidFrames(spectrogram)[3]!))
  assert.ok(Number.isNaN(spectralRolloffFrames(spectrogram)[3]!))
  const active = activeSpectrogramFrames(audio, spectrogram, frameLevels(audio).silenceThresholdDbfs)
  near(spectralCentroidHz(spectrogram, active), 2000, 100, 'centroid of the active part')
})
