import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEncoder, encodeAudio } from '../../src/audio/encoders/index.js'
import { envelopedTone } from './signals.js'

const tone = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: 24000 })

/** Layer III bit rates (kbit/s) of MPEG-2/2.5 by bitrate index (ISO/IEC 13818-3). */
const MPEG2_LAYER3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]

test('MP3 frames are MPEG-2 Layer III, 24 kHz, mono, 64 kbit/s, back to back', async () => {
  const bytes = await encodeAudio('mp3', tone)
  let frames = 0
  let offset = 0
  while (offset + 4 <= bytes.length) {
    const header = new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(0)
    assert.equal(header >>> 21, 0x7ff, `frame sync at byte ${offset}`)
    assert.equal((header >>> 19) & 0x3, 0b10, 'MPEG-2')
    assert.equal((header >>> 17) & 0x3, 0b01, 'Layer III')
    const kbps = MPEG2_LAYER3_KBPS[(header >>> 12) & 0xf]!
    assert.equal(kbps, 64)
    assert.equal((header >>> 10) & 0x3, 1, 'sample-rate index 1 = 24000 Hz for MPEG-2')
    assert.equal((header >>> 6) & 0x3, 0b11, 'single channel')
    const padding = (header >>> 9) & 0x1
    offset += Math.floor((72 * kbps * 1000) / 24000) + padding // MPEG-2 Layer III: 576 samples per frame
    frames++
  }
  assert.equal(offset, bytes.length, 'frames tile the whole file')
  // 1.5 s at 576 samples per frame is 62.5 frames; LAME adds its encoder delay and pads the last frame.
  assert.ok(frames >= 63 && frames <= 68, `${frames} frames`)
})

test('MP3 refuses a rate no MPEG version defines', async () => {
  await assert.rejects(createEncoder('mp3', { sampleRate: 23000 }), /MP3 cannot carry 23000 Hz/)
})
