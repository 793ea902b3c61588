import assert from 'node:assert/strict'
import { test } from 'node:test'
import { floatToInt16Bytes } from '../../src/audio/pcm.js'
import { wavHeader, WAV_HEADER_BYTES } from '../../src/audio/wav.js'
import { AudioFormatError, FirstAudioDetector } from '../../src/bench/first-audio.js'

const SILENT_SAMPLES = 10
const LOUD_SAMPLES = 40

/** 10 samples of digital silence, then a loud 1 kHz tone: the first audible sample is index 10. */
function pcmBody(): Uint8Array {
  const samples = new Float32Array(SILENT_SAMPLES + LOUD_SAMPLES)
  for (let index = SILENT_SAMPLES; index < samples.length; index++)
    samples[index] = 0.5 * Math.sin((2 * Math.PI * 1000 * index) / 24000) + 0.2
  return floatToInt16Bytes(samples)
}

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts))

/** A streaming WAV whose `fmt ` is followed by a LIST chunk: 26 more header bytes that are not audio. */
function wavWithListChunk(pcm: Uint8Array): { bytes: Uint8Array; dataStart: number } {
  const canonical = wavHeader(24000, undefined)
  const list = new Uint8Array(8 + 18)
  list.set([0x4c, 0x49, 0x53, 0x54], 0) // 'LIST'
  new DataView(list.buffer).setUint32(4, 18, true)
  const header = concat(canonical.subarray(0, 36), list, canonical.subarray(36))
  return { bytes: concat(header, pcm), dataStart: header.length }
}

test('a WAV body split at every byte boundary: the first decodable sample arrives with the 2nd byte after the header', () => {
  const pcm = pcmBody()
  const { bytes, dataStart } = wavWithListChunk(pcm)
  assert.equal(dataStart, WAV_HEADER_BYTES + 26)
  for (let split = 0; split <= bytes.length; split++) {
    const detector = new FirstAudioDetector({ container: 'auto' })
    detector.push(bytes.subarray(0, split), 1)
    detector.push(bytes.subarray(split), 2)
    detector.end()
    const expected = split >= dataStart + 2 ? 1 : 2
    assert.equal(detector.firstDecodableMs, expected, `split at ${split}`)
    assert.equal(detector.container, 'wav')
    assert.equal(detector.samplesDecoded, SILENT_SAMPLES + LOUD_SAMPLES, `split at ${split}`)
    assert.equal(detector.firstAudibleSample, SILENT_SAMPLES)
    assert.equal(detector.sampleRate, 24000)
  }
})

test('a WAV body fed one byte at a time times the first sample and the first audible sample at their last byte', () => {
  const { bytes, dataStart } = wavWithListChunk(pcmBody())
  const detector = new FirstAudioDetector({ container: 'wav' })
  for (let index = 0; index < bytes.length; index++) {
    detector.push(bytes.subarray(index, index + 1), index)
    if (index < dataStart + 1) assert.equal(detector.firstDecodableMs, undefined, `nothing decodable at byte ${index}`)
  }
  detector.end()
  assert.equal(detector.firstByteMs, 0)
  assert.equal(detector.firstDecodableMs, dataStart + 1)
  assert.equal(detector.firstAudibleMs, dataStart + 2 * SILENT_SAMPLES + 1)
  assert.ok(Math.abs(detector.audioSeconds - (SILENT_SAMPLES + LOUD_SAMPLES) / 24000) < 1e-9)
})

test('headerless PCM split at odd boundaries decodes every sample once, in auto and pcm modes', () => {
  const pcm = pcmBody()
  for (const container of ['auto', 'pcm'] as const) {
    for (const cuts of [[1], [3], [1, 2, 5], [2, 3, 7, 51]]) {
      const detector = new FirstAudioDetector({ container, pcmSampleRate: 16000, keepSamples: true })
      let previous = 0
      for (const [index, cut] of [...cuts, pcm.length].entries()) {
        detector.push(pcm.subarray(previous, cut), index + 1)
        previous = cut
      }
      detector.end()
      assert.equal(detector.container, 'pcm')
      assert.equal(detector.samplesDecoded, pcm.length / 2)
      assert.equal(detector.sampleRate, 16000)
      // The first whole sample needs 2 bytes: with a 1-byte first slice it completes in the second slice.
      assert.equal(detector.firstDecodableMs, cuts[0]! >= 2 ? 1 : 2, `cuts ${cuts.join(',')}`)
      const audio = detector.audio()!
      assert.equal(audio.samples.length, pcm.length / 2)
      assert.equal(audio.samples[SILENT_SAMPLES - 1], 0)
      assert.ok(Math.abs(audio.samples[SILENT_SAMPLES]!) > 0.01)
    }
  }
})

test('a body that is only a WAV header has no decodable sample; one cut inside the header or a sample is an error', () => {
  const header = wavHeader(24000, undefined)
  const onlyHeader = new FirstAudioDetector()
  onlyHeader.push(header, 5)
  onlyHeader.end()
  assert.equal(onlyHeader.firstDecodableMs, undefined)
  assert.equal(onlyHeader.samplesDecoded, 0)
  assert.equal(onlyHeader.silent, true)

  const cutHeader = new FirstAudioDetector()
  cutHeader.push(header.subarray(0, 30), 1)
  assert.throws(() => cutHeader.end(), AudioFormatError)

  const oddSample = new FirstAudioDetector({ container: 'pcm' })
  oddSample.push(new Uint8Array([1, 2, 3]), 1)
  assert.throws(() => oddSample.end(), /inside a sample/)

  const empty = new FirstAudioDetector()
  assert.throws(() => empty.end(), /empty/)
})
