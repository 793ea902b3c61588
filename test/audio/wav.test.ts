import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeWaveFromBuffer, encodeWaveFromFloat32Channels, SampleFormat } from '@echogarden/wave-codec'
import { floatToInt16Bytes } from '../../src/audio/pcm.js'
import { decodeWav, encodeWav, WAV_HEADER_BYTES, wavHeader } from '../../src/audio/wav.js'
import { asInt16, envelopedTone, quantised } from './signals.js'

const tone = envelopedTone({ frequency: 220, seconds: 0.5, sampleRate: 24000 })
const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  Buffer.from(bytes.subarray(from, to)).toString('latin1')
const u32 = (bytes: Uint8Array, offset: number): number =>
  new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true)

test('encodeWav writes a canonical 44-byte 16-bit mono header with exact sizes', () => {
  const wav = encodeWav(tone)
  const dataBytes = tone.samples.length * 2
  assert.equal(wav.length, WAV_HEADER_BYTES + dataBytes)
  assert.equal(ascii(wav, 0, 4), 'RIFF')
  assert.equal(u32(wav, 4), 36 + dataBytes)
  assert.equal(ascii(wav, 8, 16), 'WAVEfmt ')
  const view = new DataView(wav.buffer)
  assert.deepEqual(
    [
      view.getUint16(20, true),
      view.getUint16(22, true),
      view.getUint32(24, true),
      view.getUint32(28, true),
      view.getUint16(32, true),
      view.getUint16(34, true),
    ],
    [1, 1, 24000, 48000, 2, 16],
    'PCM, mono, 24 kHz, 48000 bytes/s, block align 2, 16 bits',
  )
  assert.equal(ascii(wav, 36, 40), 'data')
  assert.equal(u32(wav, 40), dataBytes)
})

test('encodeWav is byte-identical to wave-codec writing the same 16-bit PCM', () => {
  const reference = encodeWaveFromBuffer(floatToInt16Bytes(tone.samples), 24000, 1, 16, SampleFormat.PCM)
  assert.deepEqual(encodeWav(tone), reference)
})

test('decodeWav gives back the 16-bit samples exactly', () => {
  const decoded = decodeWav(encodeWav(tone))
  assert.equal(decoded.sampleRate, 24000)
  assert.deepEqual(asInt16(decoded.samples), quantised(tone.samples))
})

test('decodeWav reads a Node Buffer that sits at an offset in a shared pool', () => {
  const wav = encodeWav(tone)
  const pooled = Buffer.alloc(wav.length + 13)
  pooled.set(wav, 13)
  assert.deepEqual(asInt16(decodeWav(pooled.subarray(13)).samples), quantised(tone.samples))
})

test('decodeWav mixes stereo 32-bit float down to mono', () => {
  const left = Float32Array.from([0.5, -0.25, 1, 0])
  const right = Float32Array.from([0.25, 0.25, -1, 0.5])
  const decoded = decodeWav(encodeWaveFromFloat32Channels([left, right], 44100, 32, SampleFormat.Float))
  assert.equal(decoded.sampleRate, 44100)
  assert.deepEqual(Array.from(decoded.samples), [0.375, 0, 0, 0.25])
})

test('decodeWav reads 24-bit integer PCM', () => {
  const samples = Float32Array.from([0.5, -0.5, 0.123456, 0])
  const decoded = decodeWav(encodeWaveFromFloat32Channels([samples], 16000, 24, SampleFormat.PCM))
  assert.equal(decoded.sampleRate, 16000)
  for (let i = 0; i < samples.length; i++) assert.ok(Math.abs(decoded.samples[i]! - samples[i]!) < 1e-6)
})

test('a streaming header marks both sizes unknown, and such a stream decodes to its end', () => {
  const header = wavHeader(24000, undefined)
  assert.equal(header.length, WAV_HEADER_BYTES)
  assert.equal(u32(header, 4), 0xffffffff)
  assert.equal(u32(header, 40), 0xffffffff)
  const stream = Buffer.concat([header, floatToInt16Bytes(tone.samples)])
  assert.deepEqual(asInt16(decodeWav(stream).samples), quantised(tone.samples))
})

test('decodeWav reads streams whose writer left the size fields at zero', () => {
  const wav = encodeWav(tone)
  const view = new DataView(wav.buffer)
  view.setUint32(4, 0, true)
  view.setUint32(40, 0, true)
  assert.deepEqual(asInt16(decodeWav(wav).samples), quantised(tone.samples))
})

test('decodeWav rejects what is not WAV with a plain Error saying so', () => {
  assert.throws(() => decodeWav(new TextEncoder().encode('ID3 this is an mp3, honest')), {
    name: 'Error',
    message: /not a WAV file/,
  })
  assert.throws(() => decodeWav(new Uint8Array(0)), /not a WAV file/)
  const noFormat = Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([12, 0, 0, 0]),
    Buffer.from('WAVEdata'),
    Buffer.alloc(4),
  ])
  assert.throws(() => decodeWav(noFormat), /cannot decode WAV/)
})

test('wavHeader refuses sizes and rates a header cannot hold', () => {
  assert.throws(() => wavHeader(0, 10), /sample rate/)
  assert.throws(() => wavHeader(24000, -2), /data size/)
  assert.equal(u32(wavHeader(24000, 2 ** 33), 40), 0xffffffff, 'sizes past 4 GiB clamp to the placeholder')
})
