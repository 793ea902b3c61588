import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findExecutable } from '../../src/audio/encoders/find-executable.js'
import {
  contentTypeOf,
  createEncoder,
  formatAvailability,
  isResponseFormat,
  outputSampleRate,
  RESPONSE_FORMATS,
} from '../../src/audio/encoders/index.js'

test('the response formats are OpenAI’s six, in its order', () => {
  assert.deepEqual(RESPONSE_FORMATS, ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'])
})

test('isResponseFormat accepts exactly those names', () => {
  for (const format of RESPONSE_FORMATS) assert.equal(isResponseFormat(format), true)
  for (const other of ['MP3', 'ogg', 'm4a', '', 'toString', '__proto__', 'constructor'])
    assert.equal(isResponseFormat(other), false, other)
})

test('each format has its MIME type and the 24 kHz output rate', () => {
  assert.deepEqual(Object.fromEntries(RESPONSE_FORMATS.map((format) => [format, contentTypeOf(format)])), {
    mp3: 'audio/mpeg',
    opus: 'audio/ogg',
    aac: 'audio/aac',
    flac: 'audio/flac',
    wav: 'audio/wav',
    pcm: 'audio/pcm',
  })
  for (const format of RESPONSE_FORMATS) assert.equal(outputSampleRate(format), 24000)
})

test('format availability matches the machine (aac needs ffmpeg) and is computed once', async () => {
  const first = formatAvailability()
  assert.equal(formatAvailability(), first, 'the cached answer is reused')
  const { available, unavailable } = await first
  assert.deepEqual([...available, ...unavailable.map((entry) => entry.format)].sort(), [...RESPONSE_FORMATS].sort())
  for (const format of ['mp3', 'opus', 'flac', 'wav', 'pcm'] as const) assert.ok(available.includes(format), format)
  if (await findExecutable('ffmpeg')) {
    assert.ok(available.includes('aac'))
  } else {
    assert.deepEqual(unavailable, [{ format: 'aac', needs: 'ffmpeg on PATH (apt-get install ffmpeg)' }])
  }
})

test('createEncoder rejects options no encoder can honour', async () => {
  await assert.rejects(createEncoder('wav', { sampleRate: 0 }), /sample rate must be a positive integer/)
  await assert.rejects(createEncoder('pcm', { sampleRate: 24000.5 }), /sample rate must be a positive integer/)
  await assert.rejects(createEncoder('flac', { sampleRate: 24000, totalSamples: -1 }), /totalSamples/)
  await assert.rejects(createEncoder('ogg' as never, { sampleRate: 24000 }), /unknown response format 'ogg'/)
})

test('a WAV stream with a promised length refuses to break that promise', async () => {
  const short = await createEncoder('wav', { sampleRate: 24000, totalSamples: 10 })
  await short.write(new Float32Array(5))
  await assert.rejects(short.end(), /got 5 samples but its header promised 10/)
  const long = await createEncoder('wav', { sampleRate: 24000, totalSamples: 10 })
  await assert.rejects(long.write(new Float32Array(11)), /got 11 samples but its header promised 10/)
})
