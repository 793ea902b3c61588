/**
 * The slice of an Emscripten-built module that Chorus's DSP wrappers use: `_malloc`/`_free` and the heap views.
 * A structural type (the packages ship no typings), plus copy helpers that re-read the heap views on every call
 * because Emscripten replaces them when the wasm memory grows.
 */

export interface EmscriptenHeap {
  _malloc(bytes: number): number
  _free(pointer: number): void
  readonly HEAPU8: Uint8Array
  readonly HEAP32: Int32Array
  readonly HEAPF32: Float32Array
}

/** Allocates `bytes` in the module's heap; throws rather than hand back the null pointer. */
export function allocate(heap: EmscriptenHeap, bytes: number): number {
  const pointer = heap._malloc(Math.max(4, bytes))
  if (pointer === 0) throw new Error(`wasm allocation of ${bytes} bytes failed`)
  return pointer
}

export function writeFloat32(heap: EmscriptenHeap, pointer: number, samples: Float32Array): void {
  heap.HEAPF32.set(samples, pointer >>> 2)
}

/** Copies `length` floats out of the heap, so the result survives later frees and memory growth. */
export function readFloat32(heap: EmscriptenHeap, pointer: number, length: number): Float32Array {
  return heap.HEAPF32.slice(pointer >>> 2, (pointer >>> 2) + length)
}

export function writeInt32(heap: EmscriptenHeap, pointer: number, value: number): void {
  heap.HEAP32[pointer >>> 2] = value
}

export function readInt32(heap: EmscriptenHeap, pointer: number): number {
  return heap.HEAP32[pointer >>> 2]!
}
