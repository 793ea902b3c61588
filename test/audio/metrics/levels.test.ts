import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clippingPercent, peakDbfs, peakLinear, rmsDbfs } from '../../../src/audio/metrics/index.js'
import { sine, square } from './tones.js'

const near = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`)

test('a half-scale sine peaks at −6.02 dBFS and has an RMS 3.01 dB lower', () => {
  const tone = sine(1000, 1, 16000, 0.5)
  near(peakLinear(tone), 0.5, 1e-3, 'peak')
  near(peakDbfs(tone), -6.02, 0.01, 'peak dBFS')
  near(rmsDbfs(tone), -9.03, 0.01, 'RMS dBFS')
})

test('a full-scale square wave is clipped throughout', () => {
  near(clippingPercent(square(100, 1, 16000)), 100, 1e-9, 'clipping %')
})

test('a sine kept under full scale is not clipped, nor is a single full-scale peak', () => {
  assert.equal(clippingPercent(sine(1000, 1, 16000, 0.99)), 0)
  const onePeak = sine(1000, 1, 16000, 0.5)
  onePeak.samples[1000] = 1
  onePeak.samples[5000] = -1
  onePeak.samples[5001] = -1
  assert.equal(clippingPercent(onePeak), 0, 'runs of one and two full-scale samples are peaks, not clipping')
})

test('clipping counts only the samples inside runs of at least three', () => {
  const samples = Float32Array.of(0, 1, 1, 1, 0, -1, -1, 0, 0.9995, -0.9995, 1.2, 0)
  near(clippingPercent({ samples, sampleRate: 8000 }), (100 * 6) / 12, 1e-9, 'clipping %')
})

test('a sine amplified eight times and clamped clips a large share of its samples', () => {
  const tone = sine(220, 1, 16000, 0.5)
  const loud = { ...tone, samples: tone.samples.map((value) => Math.max(-1, Math.min(1, value * 8))) }
  // |sin| ≥ 0.999/4 for all but 2·asin(0.2498)/π ≈ 16% of the time.
  near(clippingPercent(loud), 84, 1, 'clipping %')
})

test('digital silence reads −Infinity dBFS', () => {
  const quiet = { samples: new Float32Array(100), sampleRate: 8000 }
  assert.equal(peakDbfs(quiet), -Infinity)
  assert.equal(rmsDbfs(quiet), -Infinity)
  assert.equal(clippingPercent(quiet), 0)
})
