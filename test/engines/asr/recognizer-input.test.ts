/** What ASR adapters do to audio first: refuse non-audio, resample, normalize the peak; language tags; upload sniffing. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { peak, toDbfs } from '../../../src/audio/pcm.js'
import { encodeWav } from '../../../src/audio/wav.js'
import { decodeAudioFile, sniffContainer } from '../../../src/engines/asr/decode-audio-file.js'
import { languageCode, languageName } from '../../../src/engines/asr/languages.js'
import {
  assertTranscribable,
  primaryLanguage,
  supportsLanguage,
  toRecognizerInput,
} from '../../../src/engines/asr/recognizer-input.js'
import { ChorusError } from '../../../src/errors.js'

const tone = (amplitude: number, sampleRate = 24_000) => ({
  samples: Float32Array.from(
    { length: sampleRate },
    (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / sampleRate),
  ),
  sampleRate,
})

test('recognizer input: 16 kHz with the peak at −3 dBFS, whatever the level it came at', async () => {
  for (const amplitude of [0.05, 0.5, 1]) {
    const input = await toRecognizerInput(tone(amplitude), { sampleRate: 16_000, peakDbfs: -3 })
    assert.equal(input.sampleRate, 16_000)
    assert.equal(input.samples.length, 16_000)
    assert.ok(Math.abs(toDbfs(peak(input.samples)) - -3) < 0.01, `amplitude ${amplitude}`)
  }
})

test('recognizer input: near-silence is lifted at most 40 dB, digital silence not at all', async () => {
  const hiss = await toRecognizerInput(tone(0.0001, 16_000), { sampleRate: 16_000, peakDbfs: -3 })
  assert.ok(Math.abs(peak(hiss.samples) - 0.01) < 1e-4)
  const silence = await toRecognizerInput(
    { samples: new Float32Array(800), sampleRate: 16_000 },
    { sampleRate: 16_000, peakDbfs: -3 },
  )
  assert.equal(peak(silence.samples), 0)
})

test('assertTranscribable refuses empty audio, non-finite samples and impossible rates', () => {
  const undecodable = (error: unknown) => error instanceof ChorusError && error.code === 'CHORUS_ERR_AUDIO_UNDECODABLE'
  assert.throws(() => assertTranscribable({ samples: new Float32Array(0), sampleRate: 16_000 }), undecodable)
  assert.throws(
    () => assertTranscribable({ samples: new Float32Array([0, Infinity]), sampleRate: 16_000 }),
    undecodable,
  )
  assert.throws(() => assertTranscribable({ samples: new Float32Array(10), sampleRate: 44_100.5 }), undecodable)
  assert.doesNotThrow(() => assertTranscribable(tone(0.5)))
})

test('language tags: primary subtag, unrestricted engines, Whisper names', () => {
  assert.equal(primaryLanguage('en-US'), 'en')
  assert.equal(primaryLanguage('PT_br'), 'pt')
  assert.ok(supportsLanguage(['en'], 'en-GB'))
  assert.ok(supportsLanguage([], 'de'))
  assert.ok(supportsLanguage(['en'], undefined))
  assert.ok(!supportsLanguage(['en'], 'de'))
  assert.equal(languageName('en'), 'english')
  assert.equal(languageCode('English'), 'en')
  assert.equal(languageCode('haitian creole'), 'ht')
  assert.equal(languageCode('klingon'), 'klingon')
})

test('uploads are recognized by their first bytes', () => {
  const bytes = (text: string, ...extra: number[]) => new Uint8Array([...Buffer.from(text, 'latin1'), ...extra])
  assert.equal(sniffContainer(encodeWav(tone(0.1))), 'wav')
  assert.equal(sniffContainer(bytes('fLaC\0\0\0\x22')), 'flac')
  assert.equal(sniffContainer(bytes('OggS\0\x02')), 'ogg')
  assert.equal(sniffContainer(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f])), 'webm')
  assert.equal(sniffContainer(bytes('\0\0\0\x20ftypM4A ')), 'mp4')
  assert.equal(sniffContainer(bytes('ID3\x04')), 'mp3')
  assert.equal(sniffContainer(new Uint8Array([0xff, 0xfb, 0x90, 0x64])), 'mp3')
  assert.equal(sniffContainer(bytes('{"text": 1}')), undefined)
})

test('a WAV upload is decoded in-process; a broken one is CHORUS_ERR_AUDIO_UNDECODABLE naming the problem', async () => {
  const signal = new AbortController().signal
  const audio = await decodeAudioFile(encodeWav(tone(0.1)), { ffmpeg: undefined, signal })
  assert.equal(audio.sampleRate, 24_000)
  const broken = encodeWav(tone(0.1)).slice(0, 30)
  await assert.rejects(decodeAudioFile(broken, { ffmpeg: undefined, signal }), (error: unknown) => {
    return error instanceof ChorusError && error.code === 'CHORUS_ERR_AUDIO_UNDECODABLE' && /WAV/.test(error.message)
  })
})
