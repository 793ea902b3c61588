/**
 * The spectral readings against numbers librosa 0.11.0 printed for the same signal (three enveloped partials at
 * 16 kHz, built identically in NumPy as float32), so "as librosa" is checked, not just claimed.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  magnitudeSpectrogram,
  meanOverFrames,
  mfcc,
  spectralCentroidFrames,
  spectralRolloffFrames,
  zeroCrossingRate,
} from '../../../src/audio/metrics/index.js'
import type { PcmAudio } from '../../../src/audio/pcm.js'

function threePartials(): PcmAudio {
  const sampleRate = 16000
  const samples = new Float32Array(Math.round(1.3 * sampleRate))
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate
    const envelope = Math.min(1, t / 0.1, (1.3 - t) / 0.2)
    samples[i] =
      envelope *
      (0.3 * Math.sin(2 * Math.PI * 440 * t) +
        0.2 * Math.sin(2 * Math.PI * 1870 * t) +
        0.1 * Math.sin(2 * Math.PI * 5230 * t))
  }
  return { samples, sampleRate }
}

const near = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`)

test('spectral centroid matches librosa.feature.spectral_centroid frame by frame', async () => {
  const spectrogram = await magnitudeSpectrogram(threePartials())
  const centroid = spectralCentroidFrames(spectrogram)
  assert.equal(centroid.length, 41)
  near(centroid[5]!, 1718.851, 0.01, 'frame 5')
  near(centroid[20]!, 1718.848, 0.01, 'frame 20')
  near(centroid[35]!, 1718.728, 0.01, 'frame 35')
  near(meanOverFrames(centroid), 1718.5204, 0.01, 'mean')
})

test('spectral rolloff matches librosa.feature.spectral_rolloff (roll_percent 0.85)', async () => {
  const rolloff = spectralRolloffFrames(await magnitudeSpectrogram(threePartials()))
  near(rolloff[20]!, 5218.75, 1e-9, 'frame 20')
  near(meanOverFrames(rolloff), 5218.5595, 0.01, 'mean')
})

test('zero-crossing rate matches librosa.feature.zero_crossing_rate × sr', () => {
  near(zeroCrossingRate(threePartials()), 2619.4741, 0.01, 'crossings per second')
})

test('MFCCs match librosa.feature.mfcc (n_mfcc=13, 128 Slaney mels, power_to_db top_db 80)', async () => {
  const coefficients = mfcc(await magnitudeSpectrogram(threePartials()), { nMfcc: 13 })[20]!
  const expected = [
    -498.998, 21.5204, 11.854, 12.0065, 11.9269, -30.7052, -69.4278, -9.0923, -33.6845, -31.2093, -28.3525, 32.7076,
    35.7145,
  ]
  expected.forEach((value, c) => near(coefficients[c]!, value, 0.01, `c${c}`))
})
