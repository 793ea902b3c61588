import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hzToMel, kaldiFbank, median, melFilterbank, melToHz, pitchTrack } from '../../../src/audio/metrics/index.js'
import type { PcmAudio } from '../../../src/audio/pcm.js'
import { join, silence, sine } from './tones.js'

/** A buzz with harmonics 1–4 at `f0`: what a pitch tracker should read as `f0`, not as one of its harmonics. */
function buzz(f0: number, seconds: number, sampleRate: number): PcmAudio {
  const samples = new Float32Array(Math.round(seconds * sampleRate))
  for (let i = 0; i < samples.length; i++) {
    for (let h = 1; h <= 4; h++) samples[i]! += (0.3 / h) * Math.sin((2 * Math.PI * h * f0 * i) / sampleRate)
  }
  return { samples, sampleRate }
}

test('pitch of a harmonic buzz is its fundamental, at male and female pitches', () => {
  for (const f0 of [100, 140, 220, 310]) {
    const track = pitchTrack(buzz(f0, 1, 16000)).filter(Number.isFinite)
    assert.ok(track.length > 80, `${f0} Hz voiced in most frames`)
    assert.ok(Math.abs(median(track) - f0) < f0 * 0.01, `${f0} Hz read as ${median(track)}`)
  }
})

test('silence has no pitch', () => {
  assert.ok(pitchTrack(join(silence(0.5, 16000))).every(Number.isNaN))
})

test('the Slaney mel scale is linear to 1 kHz and round-trips', () => {
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12)
  for (const hz of [0, 440, 1000, 3800, 7600]) assert.ok(Math.abs(melToHz(hzToMel(hz)) - hz) < 1e-9)
  const filters = melFilterbank(16000, 512, { nMels: 40 })
  assert.equal(filters.length, 40)
  assert.equal(filters[0]!.length, 257)
})

test('Kaldi fbank: 25 ms frames every 10 ms, 80 bands, mean-normalised, a 1 kHz tone loudest near 1 kHz', async () => {
  const tone = sine(1000, 1, 16000)
  const fbank = await kaldiFbank(tone, { cmn: false })
  assert.equal(fbank.frames, 1 + Math.floor((16000 - 400) / 160))
  assert.equal(fbank.melBins, 80)
  const frame = Array.from(fbank.data.subarray(40 * 80, 41 * 80))
  const loudest = frame.indexOf(Math.max(...frame))
  // Band centres are equally spaced on 1127·ln(1 + f/700) from 20 Hz to 8 kHz.
  const mel = (hz: number): number => 1127 * Math.log(1 + hz / 700)
  const centre = 700 * (Math.exp((mel(20) + ((loudest + 1) * (mel(8000) - mel(20))) / 81) / 1127) - 1)
  assert.ok(Math.abs(centre - 1000) < 60, `loudest band centred at ${centre} Hz`)
  const normalised = await kaldiFbank(tone)
  for (let m = 0; m < 80; m++) {
    let sum = 0
    for (let t = 0; t < normalised.frames; t++) sum += normalised.data[t * 80 + m]!
    assert.ok(Math.abs(sum / normalised.frames) < 1e-3, `band ${m} has zero mean`)
  }
})
