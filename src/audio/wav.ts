/**
 * WAV (RIFF WAVE) in and out. Chorus writes the canonical 44-byte header with 16-bit PCM mono, the layout OpenAI's
 * `response_format: "wav"` returns (RIFF and WAVE as in Microsoft's "Multimedia Programming Interface and Data
 * Specifications 1.0"). Reading accepts whatever `@echogarden/wave-codec` decodes: 8/16/24/32-bit integer, 32/64-bit
 * float, A-law, µ-law, any channel count (mixed down to mono).
 *
 * Streamed WAV cannot know its size up front; like ffmpeg and streaming TTS servers, the header then carries
 * 0xFFFFFFFF in both size fields, which readers take as "until the end of the stream".
 */
import { decodeWaveToFloat32Channels } from '@echogarden/wave-codec'
import type { PcmAudio } from './pcm.js'
import { floatToInt16Bytes } from './pcm.js'

export const WAV_HEADER_BYTES = 44

/** Size-field value meaning "unknown, read to the end"; also what a size past 4 GiB is clamped to. */
export const WAV_UNKNOWN_SIZE = 0xffffffff

/**
 * The 44-byte header for 16-bit PCM mono at `sampleRate`. With `dataBytes` undefined (a stream of unknown length)
 * both size fields are {@link WAV_UNKNOWN_SIZE}.
 */
export function wavHeader(sampleRate: number, dataBytes: number | undefined): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`WAV sample rate must be a positive integer; got ${sampleRate}`)
  if (dataBytes !== undefined && (!Number.isInteger(dataBytes) || dataBytes < 0)) {
    throw new Error(`WAV data size must be a non-negative integer; got ${dataBytes}`)
  }
  const channels = 1
  const bytesPerSample = 2
  const header = new Uint8Array(WAV_HEADER_BYTES)
  const view = new DataView(header.buffer)
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i)
  }
  const clamp = (size: number | undefined): number =>
    size === undefined ? WAV_UNKNOWN_SIZE : Math.min(size, WAV_UNKNOWN_SIZE)
  ascii(0, 'RIFF')
  view.setUint32(4, clamp(dataBytes === undefined ? undefined : WAV_HEADER_BYTES - 8 + dataBytes), true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  view.setUint32(16, 16, true) // PCMWAVEFORMAT body size
  view.setUint16(20, 1, true) // WAVE_FORMAT_PCM
  view.setUint16(22, channels, true)
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * channels * bytesPerSample, true) // byte rate
  view.setUint16(32, channels * bytesPerSample, true) // block align
  view.setUint16(34, bytesPerSample * 8, true)
  ascii(36, 'data')
  view.setUint32(40, clamp(dataBytes), true)
  return header
}

/** Whole buffer → 16-bit PCM mono WAV with exact sizes. */
export function encodeWav(audio: PcmAudio): Uint8Array {
  const data = floatToInt16Bytes(audio.samples)
  const out = new Uint8Array(WAV_HEADER_BYTES + data.length)
  out.set(wavHeader(audio.sampleRate, data.length), 0)
  out.set(data, WAV_HEADER_BYTES)
  return out
}

/**
 * Any WAV wave-codec reads → mono Float32. Throws a plain Error naming the problem on anything else; callers map it to
 * their own error codes.
 */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  if (bytes.length < 12 || ascii4(bytes, 0) !== 'RIFF' || ascii4(bytes, 8) !== 'WAVE') {
    throw new Error('not a WAV file: it does not start with a RIFF/WAVE header')
  }
  let decoded: { audioChannels: Float32Array[]; sampleRate: number }
  try {
    decoded = decodeWaveToFloat32Channels(withStreamingSizesMarked(bytes))
  } catch (error) {
    throw new Error(`cannot decode WAV: ${(error as Error).message}`, { cause: error })
  }
  const { audioChannels, sampleRate } = decoded
  if (!(sampleRate > 0) || audioChannels.length === 0) {
    throw new Error(`cannot decode WAV: ${audioChannels.length} channels at ${sampleRate} Hz`)
  }
  return { samples: mixToMono(audioChannels), sampleRate }
}

function ascii4(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!)
}

/**
 * Streaming writers that cannot seek back leave size fields at 0 (or at a RIFF size shorter than the bytes that
 * followed). wave-codec understands only the 0xFFFFFFFF convention, so such fields are rewritten to it on a copy.
 */
function withStreamingSizesMarked(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const riffSize = view.getUint32(4, true)
  const patches: number[] = []
  if (riffSize !== WAV_UNKNOWN_SIZE && riffSize < bytes.length - 8) patches.push(4)
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const size = view.getUint32(offset + 4, true)
    if (ascii4(bytes, offset) === 'data') {
      if (size === 0 && offset + 8 < bytes.length) patches.push(offset + 4)
      break
    }
    offset += 8 + size + (size % 2) // chunks are word-aligned (RIFF pad byte)
  }
  if (patches.length === 0) return bytes
  const copy = bytes.slice()
  const copyView = new DataView(copy.buffer)
  for (const offset of patches) copyView.setUint32(offset, WAV_UNKNOWN_SIZE, true)
  return copy
}

function mixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!
  const length = Math.min(...channels.map((channel) => channel.length))
  const out = new Float32Array(length)
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i]! += channel[i]!
  }
  const scale = 1 / channels.length
  for (let i = 0; i < length; i++) out[i]! *= scale
  return out
}
