import assert from 'node:assert/strict'
import { test } from 'node:test'
import { concatSamples, rms } from '../../src/audio/pcm.js'
import { createResampler, resample } from '../../src/audio/resample.js'
import { envelopedTone, unevenChunks, zeroCrossingFrequency } from './signals.js'

const sine = (frequency: number, seconds: number, sampleRate: number): Float32Array =>
  Float32Array.from(
    { length: Math.round(seconds * sampleRate) },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * frequency * i) / sampleRate),
  )

test('resampling to the rate the audio already has returns it untouched', async () => {
  const audio = { samples: sine(440, 0.1, 24000), sampleRate: 24000 }
  assert.equal(await resample(audio, 24000), audio)
})

test('16 kHz → 24 kHz keeps a tone on pitch and in phase, with ceil(n × 3/2) samples', async () => {
  const input = { samples: sine(440, 1.5, 16000), sampleRate: 16000 }
  const output = await resample(input, 24000)
  assert.equal(output.sampleRate, 24000)
  assert.equal(output.samples.length, 36000)
  assert.ok(Math.abs(zeroCrossingFrequency(output) - 440) < 440 * 0.01, `pitch ${zeroCrossingFrequency(output)} Hz`)
  // Compared with the same tone generated at 24 kHz: any leftover filter delay would show as a phase error.
  const expected = sine(440, 1.5, 24000)
  let worst = 0
  for (let i = 200; i < expected.length - 200; i++) worst = Math.max(worst, Math.abs(output.samples[i]! - expected[i]!))
  assert.ok(worst < 1e-3, `largest deviation from the ideal tone ${worst}`)
})

test('streaming in uneven chunks joins into exactly the one-shot result', async () => {
  const input = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: 16000 })
  const oneShot = await resample(input, 24000)
  const resampler = await createResampler(16000, 24000)
  const parts = unevenChunks(input.samples).map((chunk) => resampler.process(chunk))
  parts.push(resampler.flush())
  const streamed = concatSamples(parts)
  assert.equal(streamed.length, oneShot.samples.length)
  let worst = 0
  for (let i = 0; i < streamed.length; i++) worst = Math.max(worst, Math.abs(streamed[i]! - oneShot.samples[i]!))
  assert.ok(worst < 1e-6, `largest difference ${worst}`)
})

test('a chunk boundary leaves no click: the joined signal is as smooth as the tone', async () => {
  const resampler = await createResampler(22050, 24000)
  const input = sine(300, 1, 22050)
  const joined = concatSamples([
    resampler.process(input.subarray(0, 11025)),
    resampler.process(input.subarray(11025)),
    resampler.flush(),
  ])
  assert.equal(joined.length, 24000)
  // The largest step between neighbouring samples of a 300 Hz tone at 0.5 amplitude is 2π·300·0.5/24000 ≈ 0.039.
  let largestStep = 0
  for (let i = 1; i < joined.length - 100; i++)
    largestStep = Math.max(largestStep, Math.abs(joined[i]! - joined[i - 1]!))
  assert.ok(largestStep < 0.045, `largest step ${largestStep}`)
})

test('downsampling removes content above the new Nyquist frequency instead of aliasing it', async () => {
  const output = await resample({ samples: sine(10000, 0.5, 24000), sampleRate: 24000 }, 16000)
  assert.equal(output.samples.length, 8000)
  assert.ok(rms(output.samples.subarray(200, 7800)) < 0.01, `residual ${rms(output.samples)}`)
})

test('a same-rate streaming resampler passes samples through as copies', async () => {
  const resampler = await createResampler(24000, 24000)
  const chunk = sine(440, 0.01, 24000)
  const out = resampler.process(chunk)
  assert.deepEqual(out, chunk)
  assert.notEqual(out, chunk)
  assert.equal(resampler.flush().length, 0)
})

test('bad rates and reuse after flush fail with clear errors', async () => {
  await assert.rejects(createResampler(0, 24000), /fromRate must be a positive integer/)
  await assert.rejects(resample({ samples: new Float32Array(4), sampleRate: 16000 }, 22050.5), /targetRate/)
  const resampler = await createResampler(16000, 24000)
  resampler.flush()
  assert.throws(() => resampler.process(new Float32Array(4)), /after flush/)
  assert.throws(() => resampler.flush(), /twice/)
})
