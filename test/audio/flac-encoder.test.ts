import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { createEncoder, encodeAudio } from '../../src/audio/encoders/index.js'
import { floatToInt16Bytes } from '../../src/audio/pcm.js'
import { envelopedTone, unevenChunks } from './signals.js'

const tone = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: 24000 })

/** STREAMINFO fields (RFC 9639 section 8.2) from the start of a FLAC stream. */
function readStreamInfo(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset)
  assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'fLaC')
  assert.equal(bytes[4]! & 0x7f, 0, 'first metadata block is STREAMINFO')
  assert.equal(view.getUint32(4) & 0xffffff, 34, 'STREAMINFO is 34 bytes')
  const packed = view.getBigUint64(18)
  return {
    minBlockSize: view.getUint16(8),
    maxBlockSize: view.getUint16(10),
    minFrameSize: view.getUint32(11) >>> 8,
    maxFrameSize: view.getUint32(14) >>> 8,
    sampleRate: Number(packed >> 44n),
    channels: Number((packed >> 41n) & 0x7n) + 1,
    bitsPerSample: Number((packed >> 36n) & 0x1fn) + 1,
    totalSamples: Number(packed & 0xfffffffffn),
    md5: Buffer.from(bytes.subarray(26, 42)).toString('hex'),
  }
}

const pcmMd5 = (samples: Float32Array): string => createHash('md5').update(floatToInt16Bytes(samples)).digest('hex')

test('one-shot FLAC has a complete STREAMINFO: rate, 16-bit mono, sample count, frame sizes and the MD5 of the PCM', async () => {
  const info = readStreamInfo(await encodeAudio('flac', tone))
  assert.equal(info.sampleRate, 24000)
  assert.equal(info.channels, 1)
  assert.equal(info.bitsPerSample, 16)
  assert.equal(info.totalSamples, tone.samples.length)
  assert.equal(info.minBlockSize, 4096)
  assert.ok(info.minFrameSize > 0 && info.maxFrameSize >= info.minFrameSize, 'frame sizes are filled in')
  // The FLAC MD5 covers the samples as signed little-endian 16-bit integers, i.e. exactly what WAV/PCM carry.
  assert.equal(info.md5, pcmMd5(tone.samples))
})

test('a stream of unknown length says so in STREAMINFO (zeros), and knows its length when told up front', async () => {
  const unknown = await createEncoder('flac', { sampleRate: 24000 })
  const firstBytes = await unknown.write(tone.samples.subarray(0, 10000))
  const info = readStreamInfo(firstBytes)
  assert.equal(info.totalSamples, 0, 'unknown sample count')
  assert.equal(info.md5, '0'.repeat(32), 'unknown MD5')
  unknown.abort()

  const known = await createEncoder('flac', { sampleRate: 24000, totalSamples: tone.samples.length })
  const parts: Uint8Array[] = []
  for (const chunk of unevenChunks(tone.samples)) parts.push(await known.write(chunk))
  parts.push(await known.end())
  assert.equal(readStreamInfo(Buffer.concat(parts)).totalSamples, tone.samples.length)
})
