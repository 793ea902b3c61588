/**
 * The incremental PCM and WAV readers the HTTP engines decode upstream bodies with: fed one byte at a time or all at
 * once they must give the same samples, and they must refuse what is not audio.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { concatSamples, floatToInt16Bytes, int16BytesToFloat } from '../../src/audio/pcm.js'
import { encodeWav } from '../../src/audio/wav.js'
import { AudioFormatError, PcmFrameDecoder, type ChunkDecoder } from '../../src/engines/http/pcm-frames.js'
import { WavStreamDecoder } from '../../src/engines/http/wav-stream.js'

/** A 440 Hz tone, quantized to 16 bits so every decoder below can reproduce it exactly. */
const tone = int16BytesToFloat(
  floatToInt16Bytes(Float32Array.from({ length: 2400 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 24000))),
)

function feed(decoder: ChunkDecoder, bytes: Uint8Array, slice: number): Float32Array {
  const parts: Float32Array[] = []
  for (let offset = 0; offset < bytes.length; offset += slice)
    parts.push(decoder.push(bytes.subarray(offset, offset + slice)))
  decoder.end()
  return concatSamples(parts)
}

/** A RIFF chunk: id, little-endian size, body, pad byte when odd. */
function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2))
  out.set(
    [...id].map((char) => char.charCodeAt(0)),
    0,
  )
  new DataView(out.buffer).setUint32(4, body.length, true)
  out.set(body, 8)
  return out
}

function fmt(tag: number, channels: number, rate: number, bits: number, extensibleTag?: number): Uint8Array {
  const body = new Uint8Array(extensibleTag === undefined ? 16 : 40)
  const view = new DataView(body.buffer)
  view.setUint16(0, tag, true)
  view.setUint16(2, channels, true)
  view.setUint32(4, rate, true)
  view.setUint32(8, (rate * channels * bits) / 8, true)
  view.setUint16(12, (channels * bits) / 8, true)
  view.setUint16(14, bits, true)
  if (extensibleTag !== undefined) {
    view.setUint16(16, 22, true)
    view.setUint16(24, extensibleTag, true)
  }
  return body
}

function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = concatBytes([new Uint8Array([0x57, 0x41, 0x56, 0x45]), ...chunks]) // "WAVE"
  return concatBytes([chunk('RIFF', body).subarray(0, 8), body])
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

test('16-bit PCM decodes identically in 1-byte and whole slices, matching int16BytesToFloat', () => {
  const bytes = floatToInt16Bytes(tone)
  for (const slice of [1, 3, bytes.length]) {
    assert.deepEqual(
      feed(new PcmFrameDecoder({ encoding: 'int', bitsPerSample: 16, channels: 1 }, 24000), bytes, slice),
      tone,
    )
  }
})

test('a trailing odd byte is an error at the end, never a silently dropped half sample', () => {
  const decoder = new PcmFrameDecoder({ encoding: 'int', bitsPerSample: 16, channels: 1 }, 24000)
  decoder.push(new Uint8Array(5))
  assert.equal(decoder.pendingBytes, 1)
  assert.throws(() => decoder.end(), AudioFormatError)
})

test('WAV written by src/audio/wav.ts reads back byte by byte', () => {
  const wav = encodeWav({ samples: tone, sampleRate: 24000 })
  const decoder = new WavStreamDecoder()
  assert.deepEqual(feed(decoder, wav, 1), tone)
  assert.equal(decoder.sampleRate, 24000)
})

test('metadata chunks before and after the data chunk are skipped', () => {
  const data = floatToInt16Bytes(tone)
  const wav = riff(
    chunk('fmt ', fmt(1, 1, 22050, 16)),
    chunk('LIST', new Uint8Array(27)),
    chunk('data', data),
    chunk('id3 ', new Uint8Array(10)),
  )
  const decoder = new WavStreamDecoder()
  assert.deepEqual(feed(decoder, wav, 5), tone)
  assert.equal(decoder.sampleRate, 22050)
})

test('stereo, 24-bit, 32-bit float and WAVE_FORMAT_EXTENSIBLE WAVs mix down to mono', () => {
  const stereo16 = new Uint8Array(tone.length * 4)
  const float32 = new Uint8Array(tone.length * 4)
  const int24 = new Uint8Array(tone.length * 3)
  const mono16 = floatToInt16Bytes(tone)
  for (let i = 0; i < tone.length; i++) {
    stereo16.set(mono16.subarray(i * 2, i * 2 + 2), i * 4)
    stereo16.set(mono16.subarray(i * 2, i * 2 + 2), i * 4 + 2)
    new DataView(float32.buffer).setFloat32(i * 4, tone[i]!, true)
    int24.set([0, mono16[i * 2]!, mono16[i * 2 + 1]!], i * 3) // 16-bit value shifted up 8 bits
  }
  const cases: [string, Uint8Array][] = [
    ['stereo 16-bit', riff(chunk('fmt ', fmt(1, 2, 24000, 16)), chunk('data', stereo16))],
    ['float 32-bit', riff(chunk('fmt ', fmt(3, 1, 24000, 32)), chunk('data', float32))],
    ['24-bit', riff(chunk('fmt ', fmt(1, 1, 24000, 24)), chunk('data', int24))],
    ['extensible float', riff(chunk('fmt ', fmt(0xfffe, 1, 24000, 32, 3)), chunk('data', float32))],
  ]
  for (const [name, wav] of cases) assert.deepEqual(feed(new WavStreamDecoder(), wav, 7), tone, name)
})

test('not-WAV, compressed WAV and truncated headers are refused', () => {
  const refuse = (bytes: Uint8Array, pattern: RegExp) =>
    assert.throws(
      () => feed(new WavStreamDecoder(), bytes, 4096),
      (error: unknown) => error instanceof AudioFormatError && pattern.test(error.message),
    )
  refuse(new TextEncoder().encode('{"error": {"message": "nope"}}'), /not a WAV file/)
  refuse(riff(chunk('fmt ', fmt(0x55, 1, 24000, 0)), chunk('data', new Uint8Array(100))), /format tag 85/)
  refuse(riff(chunk('data', new Uint8Array(100))), /before any fmt chunk/)
  refuse(encodeWav({ samples: tone, sampleRate: 24000 }).subarray(0, 30), /inside the WAV header/)
  refuse(new Uint8Array(0), /empty/)
})
