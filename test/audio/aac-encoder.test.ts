import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createAacEncoder, ffmpegAacArguments } from '../../src/audio/encoders/aac-encoder.js'
import { findExecutable } from '../../src/audio/encoders/find-executable.js'
import { encodeAudio } from '../../src/audio/encoders/index.js'
import { envelopedTone } from './signals.js'

const tone = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: 24000 })

async function requireFfmpeg(): Promise<void> {
  assert.ok(await findExecutable('ffmpeg'), 'aac tests need ffmpeg on PATH: apt-get install ffmpeg')
}

test('AAC output is ADTS frames of mono AAC-LC at 24 kHz, back to back', async () => {
  await requireFfmpeg()
  const bytes = await encodeAudio('aac', tone)
  let frames = 0
  let offset = 0
  while (offset < bytes.length) {
    assert.equal(bytes[offset], 0xff, `ADTS sync at byte ${offset}`)
    assert.equal(bytes[offset + 1]! & 0xf6, 0xf0, 'sync word, layer 0')
    assert.equal(bytes[offset + 2]! >> 6, 1, 'profile AAC-LC')
    assert.equal((bytes[offset + 2]! >> 2) & 0xf, 6, 'sampling frequency index 6 = 24000 Hz')
    assert.equal(((bytes[offset + 2]! & 1) << 2) | (bytes[offset + 3]! >> 6), 1, 'one channel')
    const frameLength = ((bytes[offset + 3]! & 0x3) << 11) | (bytes[offset + 4]! << 3) | (bytes[offset + 5]! >> 5)
    assert.ok(frameLength > 7, 'frame length covers the header')
    offset += frameLength
    frames++
  }
  assert.equal(offset, bytes.length, 'frames tile the whole stream')
  // 1024 samples per AAC frame: 1.5 s is 35.2 frames, plus the encoder's priming frame and the flush.
  assert.ok(frames >= 36 && frames <= 39, `${frames} frames`)
})

test('ffmpeg is asked for raw s16le mono input at the encoder rate and ADTS AAC at 64 kbit/s', () => {
  const args = ffmpegAacArguments(22050).join(' ')
  assert.match(args, /-f s16le -ar 22050 -ac 1 -i pipe:0/)
  assert.match(args, /-c:a aac -b:a 64k/)
  assert.match(args, /-f adts pipe:1$/)
})

test('an encoder process that exits non-zero rejects with an Error naming the exit code', async () => {
  const failing = await findExecutable('false')
  assert.ok(failing, 'the `false` utility (coreutils) is on PATH')
  const encoder = await createAacEncoder({ sampleRate: 24000 }, 'audio/aac', failing)
  await assert.rejects(
    async () => {
      await encoder.write(tone.samples)
      await encoder.end()
    },
    { name: 'Error', message: /ffmpeg \(aac encoder\) exited with code 1/ },
  )
})

test('an encoder that cannot be started rejects with an Error saying ffmpeg could not run', async () => {
  const encoder = await createAacEncoder({ sampleRate: 24000 }, 'audio/aac', '/nonexistent/ffmpeg')
  await assert.rejects(async () => {
    await encoder.write(tone.samples)
    await encoder.end()
  }, /could not run ffmpeg for aac/)
})

test('abort() kills ffmpeg mid-stream without output or unhandled errors', async () => {
  await requireFfmpeg()
  const encoder = await createAacEncoder({ sampleRate: 24000 }, 'audio/aac')
  await encoder.write(tone.samples.subarray(0, 12000))
  encoder.abort()
  await assert.rejects(encoder.end(), /after abort\(\)/)
})
