/**
 * Changes speaking rate without changing pitch, with Sonic (Bill Cox's pitch-synchronous overlap-add speed changer,
 * built for speech: see sonic.h) compiled to wasm by `@echogarden/sonic-wasm`. Used when an engine cannot change its own
 * rate for the OpenAI `speed` parameter (0.25–4.0): the output lasts `duration / speed`.
 *
 * @example
 * const faster = await timeStretch(audio, 1.5) // two thirds as long, same voice pitch
 */
import type { PcmAudio } from './pcm.js'
import { concatSamples } from './pcm.js'
import { allocate, readFloat32, writeFloat32, type EmscriptenHeap } from './wasm-heap.js'

/** The range OpenAI's `/v1/audio/speech` accepts for `speed`. */
export const MIN_SPEED = 0.25
export const MAX_SPEED = 4

/** sonic.c's SONIC_MIN_PITCH: the lowest voice pitch it searches for. */
const SONIC_MIN_PITCH_HZ = 65

/** Samples written to Sonic per call: bounds the heap buffers and interleaves reads with writes. */
const BLOCK = 16384

/** The sonic.h functions used. Write, flush and create return 0 when Sonic runs out of memory. */
interface SonicModule extends EmscriptenHeap {
  _sonicCreateStream(sampleRate: number, channels: number): number
  _sonicDestroyStream(stream: number): void
  _sonicSetSpeed(stream: number, speed: number): void
  _sonicSetQuality(stream: number, quality: number): void
  _sonicWriteFloatToStream(stream: number, samples: number, sampleCount: number): number
  _sonicFlushStream(stream: number): number
  _sonicReadFloatFromStream(stream: number, samples: number, maxSamples: number): number
}

let modulePromise: Promise<SonicModule> | undefined

function loadModule(): Promise<SonicModule> {
  modulePromise ??= import('@echogarden/sonic-wasm').then(
    async ({ default: create }) => (await create()) as SonicModule,
  )
  return modulePromise
}

export async function timeStretch(audio: PcmAudio, speed: number): Promise<PcmAudio> {
  if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new Error(`speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}; got ${speed}`)
  }
  if (speed === 1 || audio.samples.length === 0) return audio
  const m = await loadModule()
  const stream = m._sonicCreateStream(audio.sampleRate, 1)
  if (stream === 0) throw new Error(`sonic could not create a stream at ${audio.sampleRate} Hz`)
  // drain() reads until Sonic is empty, so this size only sets how many reads that takes.
  const outputCapacity = Math.ceil(BLOCK / MIN_SPEED)
  const input = allocate(m, BLOCK * 4)
  const output = allocate(m, outputCapacity * 4)
  const parts: Float32Array[] = []
  const drain = (): void => {
    for (;;) {
      const read = m._sonicReadFloatFromStream(stream, output, outputCapacity)
      if (read <= 0) return
      parts.push(readFloat32(m, output, read))
    }
  }
  try {
    m._sonicSetSpeed(stream, speed)
    // Quality 1 searches the pitch period at full rate instead of on a decimated signal: steadier voiced speech.
    m._sonicSetQuality(stream, 1)
    for (let offset = 0; offset < audio.samples.length; offset += BLOCK) {
      const block = audio.samples.subarray(offset, Math.min(audio.samples.length, offset + BLOCK))
      writeFloat32(m, input, block)
      if (m._sonicWriteFloatToStream(stream, input, block.length) === 0) throw new Error('sonic ran out of memory')
      drain()
    }
    // At flush Sonic cuts its output at its own length estimate, which loses the last 20–40 ms of real audio. Two of
    // its longest pitch periods (65 Hz floor) of silence first let that tail through; fitLength trims them off.
    const tail = new Float32Array(Math.ceil((2 * audio.sampleRate) / SONIC_MIN_PITCH_HZ))
    writeFloat32(m, input, tail)
    if (m._sonicWriteFloatToStream(stream, input, tail.length) === 0) throw new Error('sonic ran out of memory')
    if (m._sonicFlushStream(stream) === 0) throw new Error('sonic ran out of memory while flushing')
    drain()
  } finally {
    m._free(input)
    m._free(output)
    m._sonicDestroyStream(stream)
  }
  return {
    samples: fitLength(concatSamples(parts), Math.round(audio.samples.length / speed)),
    sampleRate: audio.sampleRate,
  }
}

/**
 * Sonic's output length follows its pitch periods, not the sample count, so it lands within a period or two of
 * `length / speed`; trim (or zero-pad) to exactly that, the duration callers and players expect.
 */
function fitLength(samples: Float32Array, length: number): Float32Array {
  if (samples.length === length) return samples
  if (samples.length > length) return samples.slice(0, length)
  const out = new Float32Array(length)
  out.set(samples)
  return out
}
