import assert from 'node:assert/strict'
import { test } from 'node:test'
import { signalMetrics } from '../../../src/audio/metrics/index.js'
import { join, silence, sine, square } from './tones.js'

test('signalMetrics reads a padded 1 kHz tone completely', async () => {
  const metrics = await signalMetrics(join(silence(0.5, 16000), sine(1000, 2, 16000, 0.5), silence(0.3, 16000)))
  assert.equal(metrics.sampleRate, 16000)
  assert.ok(Math.abs(metrics.durationSeconds - 2.8) < 1e-9)
  assert.ok(Math.abs(metrics.peakDbfs - -6.02) < 0.01)
  assert.equal(metrics.clippingPercent, 0)
  assert.ok(Math.abs(metrics.leadingSilenceSeconds - 0.5) <= 0.02)
  assert.ok(Math.abs(metrics.trailingSilenceSeconds - 0.3) <= 0.02)
  assert.ok(Math.abs(metrics.silencePercent - (100 * 0.8) / 2.8) < 1.5)
  assert.ok(Math.abs(metrics.spectralCentroidHz - 1000) < 60, `centroid ${metrics.spectralCentroidHz}`)
  assert.ok(Math.abs(metrics.spectralRolloffHz - 1000) < 60, `rolloff ${metrics.spectralRolloffHz}`)
  assert.ok(metrics.edgeStartDb === -Infinity && metrics.edgeEndDb === -Infinity)
  assert.ok(metrics.energyStdDb < 0.1 && metrics.dynamicRangeDb < 0.2, 'a steady tone')
})

test('signalMetrics of a full-scale square wave reports it clipped', async () => {
  assert.equal((await signalMetrics(square(200, 1, 16000))).clippingPercent, 100)
})

test('signalMetrics of silence: all silent, no spectrum, −Infinity levels', async () => {
  const metrics = await signalMetrics(silence(1, 16000))
  assert.equal(metrics.silencePercent, 100)
  assert.equal(metrics.peakDbfs, -Infinity)
  assert.equal(metrics.zeroCrossingRate, 0)
  assert.ok(Number.isNaN(metrics.spectralCentroidHz))
  assert.equal(metrics.leadingSilenceSeconds, 1)
})
