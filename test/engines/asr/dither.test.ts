/** Chorus's own PocketSphinx-style dither: half-bit, seeded per clip, so it is a function of the clip alone. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { WAV_HEADER_BYTES } from '../../../src/audio/wav.js'
import { ditheredWav } from '../../../src/engines/asr/pocketsphinx/dither.js'

const silence = { samples: new Float32Array(40_000), sampleRate: 16_000 }
const int16 = (wav: Uint8Array) => new Int16Array(wav.slice(WAV_HEADER_BYTES).buffer)

test('adds +1 LSB to about a quarter of the samples, nothing else', () => {
  const samples = int16(ditheredWav(silence))
  const raised = samples.filter((value) => value === 1).length
  assert.equal(samples.filter((value) => value !== 0 && value !== 1).length, 0)
  assert.ok(Math.abs(raised / samples.length - 0.25) < 0.01, `${raised} of ${samples.length}`)
})

test('the same clip gets the same dither every time; another seed gives other noise', () => {
  assert.deepEqual(ditheredWav(silence), ditheredWav(silence))
  assert.notDeepEqual(ditheredWav(silence, 1), ditheredWav(silence, 2))
})

test('full-scale samples are not wrapped around', () => {
  const loud = { samples: new Float32Array(1000).fill(1), sampleRate: 16_000 }
  assert.ok(int16(ditheredWav(loud)).every((value) => value === 0x7fff))
})
