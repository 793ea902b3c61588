/**
 * A safe binding to the libopus encoder inside `opusscript`'s wasm build. opusscript's own JavaScript wrapper views its
 * input buffer through `HEAPU16.subarray(pointer)`, which indexes 16-bit elements, so it writes at twice the address it
 * allocated: into heap memory other encoders own. This binding calls the same native handler with buffers it
 * allocated itself, addressed in bytes, and also reads encoder values (lookahead) the wrapper cannot.
 */
import { createRequire } from 'node:module'

/** Request codes from opus_defines.h. */
const OPUS_SET_BITRATE_REQUEST = 4002
const OPUS_SET_SIGNAL_REQUEST = 4024
const OPUS_GET_LOOKAHEAD_REQUEST = 4027
const OPUS_SIGNAL_VOICE = 3001
const OPUS_APPLICATION_AUDIO = 2049

/** The largest packet opus_encode may produce: three 1275-byte frames plus framing (opusscript's MAX_PACKET_SIZE). */
const MAX_PACKET_BYTES = 1276 * 3

export const OPUS_SAMPLE_RATES = [8000, 12000, 16000, 24000, 48000] as const

interface OpusScriptHandler {
  /**
   * opusscript_encoder.cpp: packs `count` samples in place from the `2 * count` 16-bit cells at `input` (one PCM byte
   * per cell, low byte first), then calls opus_encode for `frameSize` samples.
   */
  _encode(input: number, count: number, output: number, frameSize: number): number
  /** opus_encoder_ctl(encoder, request, argument); GET requests take a heap pointer as the argument. */
  _encoder_ctl(request: number, argument: number): number
}

interface OpusScriptNative {
  readonly ready: Promise<unknown>
  readonly HEAPU8: Uint8Array
  readonly HEAPU16: Uint16Array
  readonly HEAP32: Int32Array
  _malloc(bytes: number): number
  _free(pointer: number): void
  readonly OpusScriptHandler: {
    new (sampleRate: number, channels: number, application: number): OpusScriptHandler
    destroy_handler(handler: OpusScriptHandler): void
  }
}

let nativePromise: Promise<OpusScriptNative> | undefined

function loadNative(): Promise<OpusScriptNative> {
  nativePromise ??= (async () => {
    const factory = createRequire(import.meta.url)(
      'opusscript/build/opusscript_native_wasm.js',
    ) as () => OpusScriptNative
    const native = factory()
    await native.ready
    return native
  })()
  return nativePromise
}

export interface OpusFrameEncoder {
  readonly sampleRate: number
  readonly frameSize: number
  /** Encoder delay in samples at `sampleRate` (OPUS_GET_LOOKAHEAD): what the decoder must drop as pre-skip. */
  readonly lookahead: number
  /** One frame of exactly `frameSize` int16 samples → one Opus packet. */
  encode(frame: Int16Array): Uint8Array
  destroy(): void
}

export async function createOpusFrameEncoder(
  sampleRate: number,
  frameSize: number,
  bitrate: number,
): Promise<OpusFrameEncoder> {
  if (!(OPUS_SAMPLE_RATES as readonly number[]).includes(sampleRate)) {
    throw new Error(`Opus cannot encode ${sampleRate} Hz; use one of ${OPUS_SAMPLE_RATES.join(', ')}`)
  }
  const native = await loadNative()
  const handler = new native.OpusScriptHandler(sampleRate, 1, OPUS_APPLICATION_AUDIO)
  // Two 16-bit cells per PCM byte, four bytes per sample: the layout _encode unpacks in place.
  const input = native._malloc(frameSize * 4)
  const output = native._malloc(MAX_PACKET_BYTES)
  const scratch = native._malloc(4)
  const ctl = (request: number, argument: number): void => {
    const status = handler._encoder_ctl(request, argument)
    if (status < 0) throw new Error(`opus_encoder_ctl(${request}) failed with ${status}`)
  }
  let destroyed = false
  const destroy = (): void => {
    if (destroyed) return
    destroyed = true
    native.OpusScriptHandler.destroy_handler(handler)
    native._free(input)
    native._free(output)
    native._free(scratch)
  }
  try {
    if (input === 0 || output === 0 || scratch === 0) throw new Error('Opus encoder buffers could not be allocated')
    ctl(OPUS_SET_BITRATE_REQUEST, bitrate)
    ctl(OPUS_SET_SIGNAL_REQUEST, OPUS_SIGNAL_VOICE)
    ctl(OPUS_GET_LOOKAHEAD_REQUEST, scratch)
  } catch (error) {
    destroy()
    throw error
  }
  const lookahead = native.HEAP32[scratch >>> 2]!
  return {
    sampleRate,
    frameSize,
    lookahead,
    encode(frame) {
      if (destroyed) throw new Error('Opus encoder used after destroy()')
      if (frame.length !== frameSize) throw new Error(`Opus frame must hold ${frameSize} samples; got ${frame.length}`)
      const cells = native.HEAPU16.subarray(input >>> 1, (input >>> 1) + frameSize * 2)
      for (let i = 0; i < frameSize; i++) {
        const sample = frame[i]! & 0xffff
        cells[2 * i] = sample & 0xff
        cells[2 * i + 1] = sample >>> 8
      }
      const length = handler._encode(input, frameSize, output, frameSize)
      if (length < 0) throw new Error(`opus_encode failed with ${length}`)
      return native.HEAPU8.slice(output, output + length)
    },
    destroy,
  }
}
