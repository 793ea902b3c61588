/**
 * CrossfadeJoiner: equal-power gains (cos² + sin² = 1 across the overlap), the joined length, no step at a join even
 * between opposite DC levels, segments shorter than the fade, and streaming in odd-sized writes giving exactly the
 * one-shot result.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CrossfadeJoiner } from '../../src/audio/crossfade.js'
import { concatSamples } from '../../src/audio/pcm.js'

const constant = (length: number, value: number) => new Float32Array(length).fill(value)

/** Deterministic noise in [-amplitude, amplitude] (a linear congruential generator, so failures reproduce). */
function noise(length: number, seed: number, amplitude = 0.8): Float32Array {
  let state = seed >>> 0
  const out = new Float32Array(length)
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = (state / 2 ** 32) * 2 * amplitude - amplitude
  }
  return out
}

/** Joins `segments`, writing each in pieces of the given sizes (cycled), as the router does while streaming. */
function join(
  fade: number,
  segments: readonly Float32Array[],
  pieceSizes: readonly number[] = [Infinity],
): Float32Array {
  const joiner = new CrossfadeJoiner(fade)
  const out: Float32Array[] = []
  let piece = 0
  for (const segment of segments) {
    for (let offset = 0; offset < segment.length;) {
      const size = Math.min(pieceSizes[piece++ % pieceSizes.length]!, segment.length - offset)
      out.push(joiner.write(segment.subarray(offset, offset + size)))
      offset += size
    }
    joiner.endSegment()
  }
  out.push(joiner.flush())
  return concatSamples(out)
}

function maxStep(samples: Float32Array): number {
  let max = 0
  for (let i = 1; i < samples.length; i++) max = Math.max(max, Math.abs(samples[i]! - samples[i - 1]!))
  return max
}

describe('CrossfadeJoiner', () => {
  test('the gains are equal-power: cos² + sin² = 1 at every overlap sample, outgoing falling and incoming rising', () => {
    const fade = 64
    const outgoing = join(fade, [constant(200, 1), constant(200, 0)])
    const incoming = join(fade, [constant(200, 0), constant(200, 1)])
    assert.equal(outgoing.length, 400 - fade)
    // The overlap occupies the last `fade` samples of the first segment's place.
    const start = 200 - fade
    for (let i = 0; i < fade; i++) {
      const down = outgoing[start + i]!
      const up = incoming[start + i]!
      assert.ok(Math.abs(down * down + up * up - 1) < 1e-6, `power ${down * down + up * up} at overlap sample ${i}`)
      if (i > 0) {
        assert.ok(down < outgoing[start + i - 1]!, 'the outgoing gain falls')
        assert.ok(up > incoming[start + i - 1]!, 'the incoming gain rises')
      }
    }
    assert.equal(outgoing[start - 1], 1, 'before the overlap the first segment is untouched')
    assert.equal(outgoing[start + fade], 0, 'after the overlap the second segment is untouched')
    // Symmetric: the gain curves cross at the middle, at 1/√2 each.
    assert.ok(Math.abs(outgoing[start + fade / 2 - 1]! - incoming[start + fade / 2]!) < 1e-6)
  })

  test('the joined length is the sum of the segments minus one fade per join', () => {
    const fade = 48
    const lengths = [300, 257, 1000, 49, 129]
    const segments = lengths.map((length, index) => noise(length, index + 1))
    const joined = join(fade, segments)
    assert.equal(joined.length, lengths.reduce((sum, length) => sum + length, 0) - fade * (lengths.length - 1))
    assert.equal(join(fade, [noise(500, 9)]).length, 500, 'one segment passes through whole')
    assert.equal(join(fade, []).length, 0)
  })

  test('no step at a join between a segment ending at +0.5 DC and one starting at -0.5', () => {
    const fade = 192 // 8 ms at 24 kHz, as the router uses
    const joined = join(fade, [constant(2000, 0.5), constant(2000, -0.5)])
    // A plain concatenation steps by 1.0. The equal-power blend 0.5·cos θ − 0.5·sin θ moves at most
    // 0.5·√2·(π/2)/fade per sample ≈ 1.11/fade; allow 1.2/fade.
    const step = maxStep(joined)
    assert.ok(step < 1.2 / fade, `largest step ${step}`)
    assert.ok(step < 0.01, `largest step ${step} is under 1% of the plain-concatenation step`)
    assert.equal(joined[0], 0.5)
    assert.equal(joined.at(-1), -0.5)
  })

  test('a last segment shorter than the fade is still crossfaded, over its own length', () => {
    const fade = 100
    const joined = join(fade, [constant(1000, 0.5), constant(40, -0.5)])
    assert.equal(joined.length, 1000 + 40 - 40)
    assert.ok(maxStep(joined) < 1.2 / 40, `largest step ${maxStep(joined)}`)
    assert.ok(Math.abs(joined.at(-1)! + 0.5) < 0.03, 'it ends at the last segment’s level')
  })

  test('a short segment in the middle is crossfaded on both sides, without a step', () => {
    const fade = 100
    const joined = join(fade, [constant(1000, 0.5), constant(30, 0), constant(1000, -0.5)])
    // Each join overlaps at most one fade and at least the short segment's length.
    assert.ok(joined.length >= 2030 - 2 * fade && joined.length <= 2030 - 2 * 30, `length ${joined.length}`)
    assert.ok(maxStep(joined) < 1.2 / 30, `largest step ${maxStep(joined)}`)
  })

  test('streaming in odd-sized writes gives exactly the one-shot result', () => {
    const fade = 37
    const segments = [
      noise(1001, 1),
      noise(13, 2),
      noise(777, 3),
      noise(36, 4),
      noise(2048, 5),
      noise(5, 6),
      noise(300, 7),
    ]
    const oneShot = join(fade, segments)
    for (const sizes of [[1], [3, 7, 13], [36, 37, 38], [1, 500, 2, 999], [4096]]) {
      const streamed = join(fade, segments, sizes)
      assert.equal(streamed.length, oneShot.length, `lengths with pieces ${sizes.join(',')}`)
      assert.deepEqual(streamed, oneShot, `samples with pieces ${sizes.join(',')}`)
    }
  })

  test('an empty segment between two others is not a join', () => {
    const fade = 32
    const a = noise(500, 11)
    const b = noise(500, 12)
    assert.deepEqual(join(fade, [a, new Float32Array(0), b]), join(fade, [a, b]))
  })

  test('a fade of 0 is a plain concatenation', () => {
    const a = noise(100, 21)
    const b = noise(50, 22)
    assert.deepEqual(join(0, [a, b], [7]), concatSamples([a, b]))
  })
})
