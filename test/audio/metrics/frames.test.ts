import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  dynamicRangeDb,
  edgeEnergy,
  energyStdDb,
  frameLevels,
  leadingSilenceSeconds,
  silencePercent,
  trailingSilenceSeconds,
} from '../../../src/audio/metrics/index.js'
import { join, silence, sine, whiteNoise } from './tones.js'

const near = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`)

test('silence is 100% silent, with its whole length as leading and trailing silence', () => {
  const levels = frameLevels(silence(1, 16000))
  assert.equal(silencePercent(levels), 100)
  assert.equal(leadingSilenceSeconds(levels), 1)
  assert.equal(trailingSilenceSeconds(levels), 1)
  assert.ok(Number.isNaN(energyStdDb(levels)), 'no active frame: spread undefined')
})

test('an empty clip counts as silent', () => {
  assert.equal(silencePercent(frameLevels({ samples: new Float32Array(0), sampleRate: 16000 })), 100)
})

test('leading silence of exactly 0.5 s is measured within 20 ms, at 16 and 22.05 kHz', () => {
  for (const sampleRate of [16000, 22050]) {
    const levels = frameLevels(join(silence(0.5, sampleRate), sine(300, 1, sampleRate), silence(0.25, sampleRate)))
    near(leadingSilenceSeconds(levels), 0.5, 0.02, `leading silence at ${sampleRate} Hz`)
    near(trailingSilenceSeconds(levels), 0.25, 0.02, `trailing silence at ${sampleRate} Hz`)
  }
})

test('a tone with a pause as long as itself is half silent', () => {
  near(silencePercent(frameLevels(join(sine(300, 1, 16000), silence(1, 16000)))), 50, 1, 'silence %')
})

test('a steady noise floor above −50 dBFS still counts as silence 40 dB under the loudest frame', () => {
  const floor = whiteNoise(1, 16000, 0.01) // about −45 dBFS RMS
  const loud = sine(300, 1, 16000, 0.9)
  const levels = frameLevels(join(floor, loud))
  assert.ok(levels.silenceThresholdDbfs > -50, `threshold ${levels.silenceThresholdDbfs}`)
  near(silencePercent(levels), 50, 1, 'silence %')
  near(leadingSilenceSeconds(levels), 1, 0.02, 'leading silence')
})

test('a steady tone has no energy spread or dynamic range; two levels 20 dB apart have a 20 dB range', () => {
  const steady = frameLevels(sine(300, 1, 16000))
  near(energyStdDb(steady), 0, 0.05, 'steady std')
  near(dynamicRangeDb(steady), 0, 0.05, 'steady range')
  const stepped = frameLevels(join(sine(300, 1, 16000, 0.5), sine(300, 1, 16000, 0.05)))
  near(dynamicRangeDb(stepped), 20, 0.1, 'stepped range')
  near(energyStdDb(stepped), 10, 0.1, 'stepped std (two equal halves 20 dB apart)')
})

test('edges of a faded-in-and-out tone are quiet; a tone cut at both ends is at full level', () => {
  const cut = sine(300, 1, 16000)
  const cutEdges = edgeEnergy(cut)
  near(cutEdges.startDb, 0, 0.5, 'cut start')
  near(cutEdges.endDb, 0, 0.5, 'cut end')
  const padded = edgeEnergy(join(silence(0.1, 16000), sine(300, 1, 16000), silence(0.1, 16000)))
  assert.equal(padded.startDb, -Infinity)
  assert.equal(padded.endDb, -Infinity)
})
