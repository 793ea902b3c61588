import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fftBackend, loadRealFft } from '../../../src/audio/metrics/index.js'
import { createRadix2Fft } from '../../../src/audio/metrics/radix2-fft.js'
import { whiteNoise } from './tones.js'

/** |DFT| by the definition, O(n²): the reference both transforms are held to. */
function naiveMagnitudes(frame: Float32Array): Float64Array {
  const n = frame.length
  return Float64Array.from({ length: n / 2 + 1 }, (_, k) => {
    let re = 0
    let im = 0
    for (let i = 0; i < n; i++) {
      re += frame[i]! * Math.cos((2 * Math.PI * k * i) / n)
      im -= frame[i]! * Math.sin((2 * Math.PI * k * i) / n)
    }
    return Math.hypot(re, im)
  })
}

test('the radix-2 FFT gives the DFT magnitudes', () => {
  const frame = whiteNoise(1, 256).samples
  const out = new Float32Array(129)
  createRadix2Fft(256).magnitudes(frame, out)
  naiveMagnitudes(frame).forEach((expected, k) => assert.ok(Math.abs(out[k]! - expected) < 1e-4, `bin ${k}`))
})

test('the shared transform (whichever backend is installed) gives the DFT magnitudes', async () => {
  const fft = await loadRealFft(512)
  assert.equal(fft.backend, await fftBackend())
  const frame = whiteNoise(1, 512, 0.5, 7).samples
  const out = new Float32Array(257)
  fft.magnitudes(frame, out)
  naiveMagnitudes(frame).forEach((expected, k) =>
    assert.ok(Math.abs(out[k]! - expected) < 1e-3, `bin ${k} (${fft.backend})`),
  )
})

test('a frame shorter than the transform is zero-padded', async () => {
  const fft = await loadRealFft(64)
  const out = new Float32Array(33)
  fft.magnitudes(Float32Array.of(1), out)
  out.forEach((value, k) => assert.ok(Math.abs(value - 1) < 1e-6, `bin ${k}: an impulse has a flat spectrum`))
})

test('sizes PFFFT cannot do are refused with the reason', async () => {
  await assert.rejects(loadRealFft(100), /power of two ≥ 32/)
  assert.throws(() => createRadix2Fft(12), /power of two/)
})
