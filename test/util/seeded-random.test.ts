/** The one seeded PRNG: its sequences are pinned, because schedules, dither and property tests replay from them. */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { poissonSchedule } from '../../src/bench/load/poisson.js'
import { ditheredWav } from '../../src/engines/asr/pocketsphinx/dither.js'
import { mulberry32, mulberry32Uint32 } from '../../src/util/seeded-random.js'

test('mulberry32 gives the same uniform sequence for a seed on every run, in [0, 1)', () => {
  const random = mulberry32(42)
  assert.deepEqual([random(), random(), random()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099])
  const more = mulberry32(7)
  for (let i = 0; i < 10_000; i += 1) {
    const value = more()
    assert.ok(value >= 0 && value < 1, String(value))
  }
})

test('the integer form is the same stream before the division by 2³²', () => {
  const bits = mulberry32Uint32(42)
  const uniform = mulberry32(42)
  for (let i = 0; i < 100; i += 1) assert.equal(bits() / 4294967296, uniform())
})

test('a seed is taken modulo 2³², so negative and large seeds replay too', () => {
  assert.equal(mulberry32(-1)(), mulberry32(2 ** 32 - 1)())
})

test('the PocketSphinx dither of a clip is unchanged bit for bit (its seed fixes transcripts)', () => {
  const silence = { samples: new Float32Array(40_000), sampleRate: 16_000 }
  const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')
  assert.equal(digest(ditheredWav(silence)), '751939803d62d1e32f11a4d99739dd6d9fb0cdea850224f5eeb524a98cb7508d')
  assert.equal(digest(ditheredWav(silence, 7)), '0b09429636b7413185d34fc06dd6926c2468de90a2a7778f031a84fd2d0cd358')
})

test('an open-loop schedule replays exactly from its seed', () => {
  const options = { ratePerSecond: 5, maxArrivals: 100, maxSeconds: 30, seed: 1 }
  assert.deepEqual(poissonSchedule(options), poissonSchedule(options))
  assert.equal(poissonSchedule(options)[0], (-Math.log(1 - mulberry32(1)()) / 5) * 1000)
})
