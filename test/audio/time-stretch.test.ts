import assert from 'node:assert/strict'
import { test } from 'node:test'
import { durationSeconds, isSilent } from '../../src/audio/pcm.js'
import { timeStretch } from '../../src/audio/time-stretch.js'
import { envelopedTone, speechLikeBursts, zeroCrossingFrequency } from './signals.js'

const tone = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: 24000 })
const pitchOf = (audio: typeof tone): number => {
  // Skip the attack and release (under 15% of the tone at any speed), where it is quiet and the seams are.
  const edge = Math.round(0.15 * audio.samples.length)
  return zeroCrossingFrequency(audio, edge, audio.samples.length - edge)
}

test('speed 1 returns the audio untouched', async () => {
  assert.equal(await timeStretch(tone, 1), tone)
})

for (const speed of [2, 0.5, 4, 0.25, 1.25]) {
  test(`speed ${speed} makes the audio last 1/${speed} as long and keeps its pitch`, async () => {
    const stretched = await timeStretch(tone, speed)
    assert.equal(stretched.sampleRate, tone.sampleRate)
    assert.equal(stretched.samples.length, Math.round(tone.samples.length / speed))
    assert.ok(Math.abs(durationSeconds(stretched) - 1.5 / speed) < 0.001)
    const pitch = pitchOf(stretched)
    assert.ok(Math.abs(pitch - 220) < 220 * 0.05, `pitch ${pitch.toFixed(1)} Hz at speed ${speed}`)
    assert.ok(
      !isSilent(stretched.samples.subarray(stretched.samples.length - Math.round(0.05 * 24000))),
      'the tail survives',
    )
  })
}

test('speech-like bursts keep their rhythm scaled: twice as many bursts per second at speed 2', async () => {
  const bursts = speechLikeBursts(2, 16000)
  const stretched = await timeStretch(bursts, 2)
  const onsets = (samples: Float32Array, sampleRate: number): number => {
    const window = Math.round(0.01 * sampleRate)
    let count = 0
    let loud = false
    for (let i = 0; i + window <= samples.length; i += window) {
      let energy = 0
      for (let j = i; j < i + window; j++) energy += samples[j]! * samples[j]!
      const nowLoud = Math.sqrt(energy / window) > 0.05
      if (nowLoud && !loud) count++
      loud = nowLoud
    }
    return count
  }
  assert.equal(onsets(bursts.samples, 16000), 8)
  assert.equal(onsets(stretched.samples, 16000), 8, 'same number of syllables, in half the time')
  assert.equal(stretched.samples.length, 16000)
})

test('speeds outside 0.25–4.0 are refused', async () => {
  for (const speed of [0.2, 4.5, Number.NaN, 0, -1]) {
    await assert.rejects(timeStretch(tone, speed), /speed must be a number from 0.25 to 4/)
  }
})
