/**
 * One conformance suite every response format runs: encode a tone one-shot and streamed in awkward chunk sizes, decode
 * it with that format's real decoder, and check container magic, sample rate, duration and content (sample-exact for
 * lossless formats).
 */
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import {
  contentTypeOf,
  createEncoder,
  encodeAudio,
  outputSampleRate,
  RESPONSE_FORMATS,
  type AudioEncoder,
  type ResponseFormat,
} from '../../src/audio/encoders/index.js'
import { findExecutable } from '../../src/audio/encoders/find-executable.js'
import { durationSeconds, isSilent, type PcmAudio } from '../../src/audio/pcm.js'
import { resample } from '../../src/audio/resample.js'
import { decodeAudio } from '../helpers/decode-audio.js'
import { asInt16, bestCorrelation, envelopedTone, quantised, unevenChunks, zeroCrossingFrequency } from './signals.js'

interface Expectation {
  /** Decoded samples equal the 16-bit quantised input. */
  readonly lossless: boolean
  /** What the reference decoder divides 16-bit samples by (see asInt16). */
  readonly fullScale?: 32768 | 32767
  /** Rate the reference decoder outputs (Opus decoders always run at 48 kHz). */
  readonly decodedRate: number
  /** Codec delay and padding the decoder keeps (MP3 and ADTS carry no gapless info). */
  readonly extraSeconds: number
  readonly magic: (bytes: Uint8Array) => boolean
  /** A stream with no samples still carries the container's headers. */
  readonly headerWhenEmpty: boolean
}

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  Buffer.from(bytes.subarray(from, to)).toString('latin1')

const EXPECTATIONS: Record<ResponseFormat, Expectation> = {
  wav: {
    lossless: true,
    decodedRate: 24000,
    extraSeconds: 0,
    magic: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE',
    headerWhenEmpty: true,
  },
  pcm: {
    lossless: true,
    decodedRate: 24000,
    extraSeconds: 0,
    magic: (b) => ascii(b, 0, 4) !== 'RIFF',
    headerWhenEmpty: false,
  },
  flac: {
    lossless: true,
    fullScale: 32767,
    decodedRate: 24000,
    extraSeconds: 0,
    magic: (b) => ascii(b, 0, 4) === 'fLaC',
    headerWhenEmpty: true,
  },
  // Pre-skip and end trimming make Ogg Opus exact.
  opus: {
    lossless: false,
    decodedRate: 48000,
    extraSeconds: 0,
    magic: (b) => ascii(b, 0, 4) === 'OggS' && ascii(b, 28, 36) === 'OpusHead',
    headerWhenEmpty: true,
  },
  mp3: {
    lossless: false,
    decodedRate: 24000,
    extraSeconds: 0.1,
    magic: (b) => (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) || ascii(b, 0, 3) === 'ID3',
    headerWhenEmpty: false,
  },
  aac: {
    lossless: false,
    decodedRate: 24000,
    extraSeconds: 0.12,
    magic: (b) => b[0] === 0xff && (b[1]! & 0xf0) === 0xf0,
    headerWhenEmpty: false,
  },
}

const RATE = 24000
const tone = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: RATE })

async function requireToolsFor(format: ResponseFormat): Promise<void> {
  if (format === 'aac')
    assert.ok(await findExecutable('ffmpeg'), 'aac tests need ffmpeg on PATH: apt-get install ffmpeg')
}

/** Writes `chunks` one by one, as a synthesis stream would, and collects what each call hands back. */
async function encodeStreamed(
  encoder: AudioEncoder,
  chunks: readonly Float32Array[],
): Promise<{ bytes: Uint8Array; beforeEnd: number }> {
  const parts: Uint8Array[] = []
  for (const chunk of chunks) parts.push(await encoder.write(chunk))
  // ffmpeg works in its own process: give it a moment to emit frames for what it already has, as a live stream would.
  for (
    let waited = 0;
    encoder.format === 'aac' && parts.every((part) => part.length === 0) && waited < 5000;
    waited += 50
  ) {
    await sleep(50)
    parts.push(await encoder.write(new Float32Array(0)))
  }
  const beforeEnd = parts.reduce((sum, part) => sum + part.length, 0)
  parts.push(await encoder.end())
  return { bytes: Buffer.concat(parts), beforeEnd }
}

/** Decoded audio brought to the 24 kHz reference rate (only Opus needs it). */
async function atReferenceRate(audio: PcmAudio): Promise<PcmAudio> {
  return resample(audio, RATE)
}

function assertSameContent(format: ResponseFormat, decoded: PcmAudio, reference: PcmAudio): void {
  const expectation = EXPECTATIONS[format]
  if (expectation.lossless) {
    assert.deepEqual(
      asInt16(decoded.samples, expectation.fullScale),
      quantised(reference.samples),
      `${format} gives back every 16-bit sample`,
    )
    return
  }
  const { correlation } = bestCorrelation(reference.samples, decoded.samples, expectation.extraSeconds * RATE + 50)
  assert.ok(correlation > 0.9, `${format} decodes to the same waveform (correlation ${correlation.toFixed(3)})`)
  const pitch = zeroCrossingFrequency(decoded, Math.round(0.3 * RATE), Math.round(1.2 * RATE))
  assert.ok(Math.abs(pitch - 220) < 220 * 0.02, `${format} keeps the 220 Hz pitch (got ${pitch.toFixed(1)} Hz)`)
}

for (const format of RESPONSE_FORMATS) {
  const expectation = EXPECTATIONS[format]

  test(`${format}: one-shot encoding decodes with the real decoder to the same 1.5 s tone`, async () => {
    await requireToolsFor(format)
    const bytes = await encodeAudio(format, tone)
    assert.ok(
      expectation.magic(bytes),
      `${format} starts with its container magic (${Buffer.from(bytes.subarray(0, 8)).toString('hex')})`,
    )
    const decoded = await decodeAudio(format, bytes)
    assert.equal(decoded.sampleRate, expectation.decodedRate)
    const seconds = durationSeconds(decoded)
    assert.ok(
      seconds >= 1.5 - 1e-9 && seconds <= 1.5 + expectation.extraSeconds + 1e-9,
      `${format} lasts ${seconds.toFixed(4)} s; expected 1.5 s${expectation.extraSeconds ? ` plus at most ${expectation.extraSeconds} s of codec delay` : ''}`,
    )
    assert.ok(!isSilent(decoded.samples), `${format} is not silent`)
    assertSameContent(format, await atReferenceRate(decoded), tone)
  })

  test(`${format}: streamed in uneven chunks, bytes flow before end() and decode like the one-shot`, async () => {
    await requireToolsFor(format)
    const encoder = await createEncoder(format, { sampleRate: outputSampleRate(format) })
    assert.equal(encoder.format, format)
    assert.equal(encoder.contentType, contentTypeOf(format))
    assert.equal(encoder.sampleRate, 24000)
    const { bytes, beforeEnd } = await encodeStreamed(encoder, unevenChunks(tone.samples))
    assert.ok(beforeEnd > 0, `${format} hands out bytes before end() (so a response can start early)`)
    assert.ok(expectation.magic(bytes), `${format} stream starts with its container magic`)
    const streamed = await atReferenceRate(await decodeAudio(format, bytes))
    const oneShot = await atReferenceRate(await decodeAudio(format, await encodeAudio(format, tone)))
    assert.equal(
      streamed.samples.length,
      oneShot.samples.length,
      `${format} streamed and one-shot decode to the same length`,
    )
    if (expectation.lossless) {
      assert.deepEqual(
        asInt16(streamed.samples, expectation.fullScale),
        asInt16(oneShot.samples, expectation.fullScale),
      )
    } else {
      const { correlation } = bestCorrelation(oneShot.samples, streamed.samples, 0)
      assert.ok(correlation > 0.99, `${format} streamed matches one-shot (correlation ${correlation.toFixed(4)})`)
    }
    assertSameContent(format, streamed, tone)
  })

  test(`${format}: one-shot encoding resamples 16 kHz input to the 24 kHz output rate`, async () => {
    await requireToolsFor(format)
    const input = envelopedTone({ frequency: 220, seconds: 1, sampleRate: 16000 })
    const decoded = await atReferenceRate(await decodeAudio(format, await encodeAudio(format, input)))
    const seconds = durationSeconds(decoded)
    assert.ok(seconds >= 1 - 1e-9 && seconds <= 1 + expectation.extraSeconds + 1e-9, `${format} lasts ${seconds} s`)
    const pitch = zeroCrossingFrequency(decoded, Math.round(0.2 * RATE), Math.round(0.7 * RATE))
    assert.ok(
      Math.abs(pitch - 220) < 220 * 0.02,
      `${format} keeps the pitch through resampling (${pitch.toFixed(1)} Hz)`,
    )
  })

  test(`${format}: abort() releases the encoder, and it refuses use after abort() or end()`, async () => {
    await requireToolsFor(format)
    const aborted = await createEncoder(format, { sampleRate: 24000 })
    await aborted.write(tone.samples.subarray(0, 5000))
    aborted.abort()
    aborted.abort()
    await assert.rejects(aborted.write(tone.samples.subarray(0, 100)), /after abort\(\)/)
    const ended = await createEncoder(format, { sampleRate: 24000 })
    await ended.write(tone.samples.subarray(0, 5000))
    await ended.end()
    await assert.rejects(ended.end(), /after end\(\)/)
  })

  test(`${format}: an empty stream still ends cleanly`, async () => {
    await requireToolsFor(format)
    const encoder = await createEncoder(format, { sampleRate: 24000 })
    const output = Buffer.concat([await encoder.write(new Float32Array(0)), await encoder.end()])
    if (expectation.headerWhenEmpty)
      assert.ok(expectation.magic(output), `${format} writes its headers even for no audio`)
    else assert.ok(output.length < 1000, `${format} writes next to nothing for no audio (${output.length} bytes)`)
  })
}
