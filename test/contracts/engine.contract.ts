/**
 * The shared Engine conformance suite: every engine adapter runs it against a real instance. It checks the promises
 * the router and server rely on: voices listed, audible audio of plausible length, abort honoured, unknown voices
 * rejected with a code, and concurrent calls that never mix their audio.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { concatSamples, durationSeconds, isSilent, type PcmAudio } from '../../src/audio/pcm.js'
import type { AudioChunk, Engine } from '../../src/engines/engine.js'
import { ChorusError, isAbortError } from '../../src/errors.js'

export interface EngineContractOptions {
  /** A voice the engine must have. */
  readonly voice: string
  /** Identical input gives identical samples (lets the concurrency check compare sample for sample). */
  readonly deterministic: boolean
}

export async function collectAudio(chunks: AsyncIterable<AudioChunk>): Promise<PcmAudio> {
  const parts: Float32Array[] = []
  let sampleRate = 0
  for await (const chunk of chunks) {
    assert.ok(chunk.samples instanceof Float32Array, 'chunks carry Float32Array samples')
    assert.ok(chunk.sampleRate >= 8000 && chunk.sampleRate <= 48000, `plausible sample rate, got ${chunk.sampleRate}`)
    if (sampleRate !== 0) assert.equal(chunk.sampleRate, sampleRate, 'one sample rate per stream')
    sampleRate = chunk.sampleRate
    parts.push(chunk.samples)
  }
  return { samples: concatSamples(parts), sampleRate }
}

const never = new AbortController().signal

export function runEngineContract(name: string, factory: () => Promise<Engine>, options: EngineContractOptions): void {
  describe(`Engine contract: ${name}`, () => {
    let engine: Engine
    before(async () => {
      engine = await factory()
    })
    after(async () => {
      await engine.close()
    })

    test('lists its voices, including the one under test', async () => {
      const voices = await engine.listVoices()
      assert.ok(voices.length > 0)
      assert.ok(voices.some((voice) => voice.id === options.voice), `voice ${options.voice} is listed`)
      for (const voice of voices) {
        assert.ok(voice.id.length > 0 && voice.name.length > 0, 'every voice has an id and a name')
        assert.ok(Array.isArray(voice.languages))
      }
    })

    test('produces audible speech of plausible duration', async () => {
      const text = 'The quick brown fox jumps over the lazy dog near the river bank.'
      const audio = await collectAudio(engine.synthesize({ text, voice: options.voice }, never))
      const seconds = durationSeconds(audio)
      // 13 words: between 0.15 s and 0.8 s a word covers every engine and voice we know, at speed 1.
      assert.ok(seconds > 13 * 0.15 && seconds < 13 * 0.8, `duration ${seconds.toFixed(2)} s`)
      assert.ok(!isSilent(audio.samples), 'not silent')
    })

    test('a longer text gives longer audio', async () => {
      const short = await collectAudio(engine.synthesize({ text: 'Hello there.', voice: options.voice }, never))
      const long = await collectAudio(
        engine.synthesize(
          { text: 'Hello there. This sentence is quite a lot longer than the first one, and it keeps going.', voice: options.voice },
          never,
        ),
      )
      assert.ok(durationSeconds(long) > durationSeconds(short) * 2)
    })

    test('rejects an unknown voice with CHORUS_ERR_VOICE_NOT_FOUND', async () => {
      await assert.rejects(
        collectAudio(engine.synthesize({ text: 'Hello.', voice: 'no-such-voice-xyz' }, never)),
        (error: unknown) => error instanceof ChorusError && error.code === 'CHORUS_ERR_VOICE_NOT_FOUND',
      )
    })

    test('honours an already-aborted signal', async () => {
      const controller = new AbortController()
      controller.abort()
      await assert.rejects(collectAudio(engine.synthesize({ text: 'Hello.', voice: options.voice }, controller.signal)), isAbortError)
    })

    test('stops when the signal aborts mid-synthesis', async () => {
      const controller = new AbortController()
      const text = Array.from({ length: 30 }, (_, i) => `This is sentence number ${i + 1} of a long text.`).join(' ')
      let chunks = 0
      const started = performance.now()
      await assert.rejects(
        (async () => {
          for await (const _chunk of engine.synthesize({ text, voice: options.voice }, controller.signal)) {
            chunks += 1
            if (chunks === 1) controller.abort()
          }
        })(),
        isAbortError,
      )
      assert.equal(chunks, 1, 'no chunk is delivered after the abort')
      const full = await collectAudio(engine.synthesize({ text, voice: options.voice }, never))
      assert.ok(durationSeconds(full) > 30, 'the full text is long, so stopping early was real')
      assert.ok(performance.now() - started < 60_000)
    })

    test('20 concurrent calls each get their own audio', async () => {
      const texts = Array.from({ length: 20 }, (_, i) => `Request ${i + 1}: ${'one two three '.repeat((i % 5) + 1)}done.`)
      const sequential: PcmAudio[] = []
      for (const text of texts.slice(0, 5)) sequential.push(await collectAudio(engine.synthesize({ text, voice: options.voice }, never)))
      const concurrent = await Promise.all(texts.map((text) => collectAudio(engine.synthesize({ text, voice: options.voice }, never))))
      for (const [index, audio] of concurrent.entries()) {
        assert.ok(!isSilent(audio.samples), `call ${index} is audible`)
        const reference = sequential[index % 5]!
        if (index < 5 && options.deterministic) {
          assert.deepEqual(audio.samples, reference.samples, `call ${index} equals its sequential rendering`)
        }
      }
      // Texts grow with i % 5: concurrency must not mix them up, so durations keep that order.
      for (let i = 0; i < 20; i++) {
        const group = i % 5
        if (group > 0) {
          assert.ok(
            durationSeconds(concurrent[i]!) > durationSeconds(concurrent[i - 1]!),
            `call ${i} (longer text) is longer than call ${i - 1}`,
          )
        }
      }
    })

    test('reports health', async () => {
      const health = await engine.health()
      assert.equal(health.ok, true)
    })
  })
}
