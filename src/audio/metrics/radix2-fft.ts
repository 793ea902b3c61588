/**
 * A small iterative radix-2 Cooley–Tukey FFT in plain TypeScript, the stand-in used while `@echogarden/pffft-wasm`
 * is not installed (see fft.ts). Real input goes through a complex transform of the same size with zero imaginary
 * parts: wasteful by a factor of two, irrelevant at the frame sizes the metrics use.
 */
import type { RealFft } from './fft.js'

export function createRadix2Fft(size: number): RealFft {
  if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
    throw new Error(`radix-2 FFT size must be a power of two ≥ 2; got ${size}`)
  }
  const bits = Math.log2(size)
  const reversed = new Uint32Array(size)
  for (let i = 0; i < size; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    reversed[i] = r
  }
  const cos = new Float64Array(size / 2)
  const sin = new Float64Array(size / 2)
  for (let k = 0; k < size / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size)
    sin[k] = -Math.sin((2 * Math.PI * k) / size)
  }
  const re = new Float64Array(size)
  const im = new Float64Array(size)

  return {
    size,
    backend: 'radix2-js',
    magnitudes(frame: Float32Array, out: Float32Array): void {
      for (let i = 0; i < size; i++) {
        re[reversed[i]!] = frame[i] ?? 0
        im[i] = 0
      }
      for (let span = 2; span <= size; span *= 2) {
        const half = span / 2
        const stride = size / span
        for (let start = 0; start < size; start += span) {
          for (let k = 0; k < half; k++) {
            const wr = cos[k * stride]!
            const wi = sin[k * stride]!
            const a = start + k
            const b = a + half
            const tr = wr * re[b]! - wi * im[b]!
            const ti = wr * im[b]! + wi * re[b]!
            re[b] = re[a]! - tr
            im[b] = im[a]! - ti
            re[a] = re[a]! + tr
            im[a] = im[a]! + ti
          }
        }
      }
      for (let k = 0; k <= size / 2; k++) out[k] = Math.hypot(re[k]!, im[k]!)
    },
  }
}
