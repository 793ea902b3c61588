/**
 * Decodes what a response carries with real decoders (mpg123, libopus via ogg-opus-decoder, libFLAC's decoder,
 * ffmpeg for AAC, our WAV reader) and checks container magic, so tests assert on audio, not on byte counts.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { FLACDecoder } from '@wasm-audio-decoders/flac'
import { MPEGDecoder } from 'mpg123-decoder'
import { OggOpusDecoder } from 'ogg-opus-decoder'
import type { ResponseFormat } from '../../src/audio/encoders/index.js'
import { durationSeconds, int16BytesToFloat, isSilent, type PcmAudio } from '../../src/audio/pcm.js'
import { decodeWav } from '../../src/audio/wav.js'

const ascii = (bytes: Uint8Array, start: number, end: number): string => Buffer.from(bytes.subarray(start, end)).toString('latin1')

const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]

const decoders: Record<ResponseFormat, (bytes: Uint8Array) => Promise<PcmAudio>> = {
  wav: async (bytes) => {
    assert.equal(ascii(bytes, 0, 4), 'RIFF', 'WAV starts with RIFF')
    assert.equal(ascii(bytes, 8, 12), 'WAVE', 'WAV has the WAVE tag')
    return decodeWav(bytes)
  },
  pcm: async (bytes) => {
    assert.equal(bytes.length % 2, 0, 'pcm is whole 16-bit samples')
    assert.notEqual(ascii(bytes, 0, 4), 'RIFF', 'pcm has no header')
    return { samples: int16BytesToFloat(bytes), sampleRate: 24000 }
  },
  mp3: async (bytes) => {
    const sync = (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0) || ascii(bytes, 0, 3) === 'ID3'
    assert.ok(sync, 'MP3 starts with a frame sync or an ID3 tag')
    const decoder = new MPEGDecoder()
    await decoder.ready
    try {
      const decoded = decoder.decode(bytes)
      assert.equal(decoded.errors.length, 0, `mp3 decodes cleanly: ${JSON.stringify(decoded.errors.slice(0, 2))}`)
      return { samples: decoded.channelData[0]!.slice(0, decoded.samplesDecoded), sampleRate: decoded.sampleRate }
    } finally {
      decoder.free()
    }
  },
  opus: async (bytes) => {
    assert.equal(ascii(bytes, 0, 4), 'OggS', 'Ogg page capture pattern')
    assert.equal(ascii(bytes, 28, 36), 'OpusHead', 'first packet is OpusHead')
    const decoder = new OggOpusDecoder()
    await decoder.ready
    try {
      const decoded = await decoder.decodeFile(bytes)
      assert.equal(decoded.errors.length, 0, 'opus decodes cleanly')
      return { samples: decoded.channelData[0]!.slice(0, decoded.samplesDecoded), sampleRate: decoded.sampleRate }
    } finally {
      decoder.free()
    }
  },
  flac: async (bytes) => {
    assert.equal(ascii(bytes, 0, 4), 'fLaC', 'FLAC stream marker')
    const decoder = new FLACDecoder()
    await decoder.ready
    try {
      const decoded = await decoder.decodeFile(bytes)
      assert.equal(decoded.errors.length, 0, 'flac decodes cleanly')
      return { samples: decoded.channelData[0]!.slice(0, decoded.samplesDecoded), sampleRate: decoded.sampleRate }
    } finally {
      decoder.free()
    }
  },
  aac: async (bytes) => {
    assert.ok(bytes[0] === 0xff && (bytes[1]! & 0xf6) === 0xf0, 'ADTS sync word')
    const sampleRate = ADTS_RATES[(bytes[2]! >> 2) & 0x0f]!
    const result = spawnSync('ffmpeg', ['-v', 'error', '-f', 'aac', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', 'pipe:1'], {
      input: bytes,
      maxBuffer: 256 * 1024 * 1024,
    })
    assert.equal(result.status, 0, `ffmpeg decodes the AAC: ${result.stderr?.toString()}`)
    return { samples: int16BytesToFloat(new Uint8Array(result.stdout)), sampleRate }
  },
}

export async function decodeAudio(format: ResponseFormat, bytes: Uint8Array): Promise<PcmAudio> {
  assert.ok(bytes.length > 0, 'the body is not empty')
  return decoders[format](bytes)
}

/** Asserts `audio` is audible and lasts between `minSeconds` and `maxSeconds`. */
export function assertSpeechLike(audio: PcmAudio, bounds: { minSeconds: number; maxSeconds: number }): void {
  const seconds = durationSeconds(audio)
  assert.ok(seconds >= bounds.minSeconds && seconds <= bounds.maxSeconds, `duration ${seconds.toFixed(2)} s outside [${bounds.minSeconds}, ${bounds.maxSeconds}]`)
  assert.ok(!isSilent(audio.samples), 'audio is not silent')
}
