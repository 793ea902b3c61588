/**
 * Magnitude spectra of real frames. The transform is PFFFT (Julien Pommier's "pretty fast FFT", BSD) compiled to wasm
 * by `@echogarden/pffft-wasm`, loaded lazily on first use; when that package is not installed, a small TypeScript
 * radix-2 FFT (radix2-fft.ts) stands in. Both compute the unnormalised DFT `X[k] = Σ x[n]·e^(−2πikn/N)` (NumPy's
 * `np.fft.rfft` convention), so the metrics do not depend on which one ran.
 *
 * One transform per size is kept for the life of the process: the metrics use a handful of sizes, and a transform is
 * used synchronously, so sharing it is safe.
 *
 * @example
 * const fft = await loadRealFft(2048)
 * const spectrum = new Float32Array(fft.size / 2 + 1)
 * fft.magnitudes(frame, spectrum)
 */
import { createRadix2Fft } from './radix2-fft.js'

export type FftBackend = 'pffft-wasm' | 'radix2-js'

export interface RealFft {
  readonly size: number
  readonly backend: FftBackend
  /** Writes |X[k]| for k = 0 … size/2 of `frame` (`size` samples; missing ones read as 0) into `out`. */
  magnitudes(frame: Float32Array, out: Float32Array): void
}

/** The PFFFT C functions used (pffft.h), as exported by the wasm build; a structural subset. */
interface PffftModule {
  readonly HEAPF32: Float32Array
  _pffft_new_setup(size: number, transform: number): number
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void
  _pffft_aligned_malloc(bytes: number): number
}

const PFFFT_REAL = 0
const PFFFT_FORWARD = 0

let pffftPromise: Promise<PffftModule | undefined> | undefined
const transforms = new Map<number, Promise<RealFft>>()

/** The shared transform for `size`, a power of two ≥ 32 (PFFFT's smallest real size). */
export function loadRealFft(size: number): Promise<RealFft> {
  if (!Number.isInteger(size) || size < 32 || (size & (size - 1)) !== 0) {
    return Promise.reject(new Error(`FFT size must be a power of two ≥ 32; got ${size}`))
  }
  let transform = transforms.get(size)
  if (!transform) {
    transform = loadPffft().then((module) => (module ? createPffft(module, size) : createRadix2Fft(size)))
    transforms.set(size, transform)
  }
  return transform
}

/** Which implementation {@link loadRealFft} uses on this install. */
export async function fftBackend(): Promise<FftBackend> {
  return (await loadPffft()) ? 'pffft-wasm' : 'radix2-js'
}

function loadPffft(): Promise<PffftModule | undefined> {
  pffftPromise ??= import('@echogarden/pffft-wasm').then(
    async ({ default: create }) => (await create()) as PffftModule,
    (error: unknown) => {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined
      throw error
    },
  )
  return pffftPromise
}

function createPffft(module: PffftModule, size: number): RealFft {
  const setup = module._pffft_new_setup(size, PFFFT_REAL)
  if (setup === 0) throw new Error(`PFFFT cannot make a real transform of size ${size}`)
  // Three SIMD-aligned buffers, kept for the life of the process like the setup itself.
  const input = module._pffft_aligned_malloc(size * 4)
  const output = module._pffft_aligned_malloc(size * 4)
  const work = module._pffft_aligned_malloc(size * 4)
  return {
    size,
    backend: 'pffft-wasm',
    magnitudes(frame: Float32Array, out: Float32Array): void {
      // HEAPF32 is re-read on every call: the wasm memory may have grown and replaced the view.
      const heap = module.HEAPF32
      const start = input / 4
      if (frame.length >= size) heap.set(frame.subarray(0, size), start)
      else {
        heap.set(frame, start)
        heap.fill(0, start + frame.length, start + size)
      }
      module._pffft_transform_ordered(setup, input, output, work, PFFFT_FORWARD)
      const result = module.HEAPF32.subarray(output / 4, output / 4 + size)
      // Ordered real layout: [X0.re, X(N/2).re, X1.re, X1.im, X2.re, X2.im, …].
      out[0] = Math.abs(result[0]!)
      out[size / 2] = Math.abs(result[1]!)
      for (let k = 1; k < size / 2; k++) out[k] = Math.hypot(result[2 * k]!, result[2 * k + 1]!)
    },
  }
}
