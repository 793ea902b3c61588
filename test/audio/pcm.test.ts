import assert from 'node:assert/strict'
import { test } from 'node:test'
import { floatToInt16Bytes, floatToInt16Samples } from '../../src/audio/pcm.js'

test('floatToInt16Samples scales and clamps exactly like floatToInt16Bytes', () => {
  const samples = Float32Array.from([0, 1, -1, 1.5, -1.5, 0.5, -0.5, 1e-6, -1e-6, 0.99999, -0.99999])
  const bytes = floatToInt16Bytes(samples)
  const fromBytes = new Int16Array(bytes.length / 2).map((_, i) => new DataView(bytes.buffer).getInt16(i * 2, true))
  assert.deepEqual(floatToInt16Samples(samples), fromBytes)
  assert.deepEqual(Array.from(floatToInt16Samples(Float32Array.from([1, -1, 2, -2]))), [32767, -32768, 32767, -32768])
})
