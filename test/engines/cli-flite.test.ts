import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { durationSeconds, isSilent } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { ChorusError } from '../../src/errors.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'

const never = new AbortController().signal

// Debian's flite gives the same bytes for the same input, run after run (checked with cmp).
runEngineContract('cli flite', () => createEngine('cli', { settings: { program: 'flite' } }), {
  voice: 'slt',
  deterministic: true,
})

describe('cli flite', () => {
  let engine: Engine
  before(async () => {
    engine = await createEngine('cli', { settings: { program: 'flite' } })
  })
  after(async () => {
    await engine.close()
  })

  test('voices come from `flite -lv`, without the limited-domain awb_time; each speaks at its listed sample rate', async () => {
    const voices = await engine.listVoices()
    assert.deepEqual(voices.map((voice) => voice.id).sort(), ['awb', 'kal', 'kal16', 'rms', 'slt'])
    for (const voice of voices) {
      const audio = await collectAudio(engine.synthesize({ text: 'Testing one two three.', voice: voice.id }, never))
      assert.equal(audio.sampleRate, voice.sampleRate, `${voice.id} sample rate`)
      assert.ok(durationSeconds(audio) > 0.8 && !isSilent(audio.samples), `${voice.id} speaks`)
    }
  })

  test('speed uses flite duration_stretch: speed 2 roughly halves the duration, 0.5 doubles it', async () => {
    const text = 'Speaking rate changes should change duration and nothing else.'
    const normal = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'kal16' }, never)))
    const fast = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'kal16', speed: 2 }, never)))
    const slow = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'kal16', speed: 0.5 }, never)))
    assert.ok(fast / normal > 0.4 && fast / normal < 0.65, `speed 2 ratio ${(fast / normal).toFixed(2)}`)
    assert.ok(slow / normal > 1.6 && slow / normal < 2.4, `speed 0.5 ratio ${(slow / normal).toFixed(2)}`)
  })

  test('a long text streams sentence by sentence: one chunk per sentence', async () => {
    let chunks = 0
    for await (const _chunk of engine.synthesize(
      { text: 'First sentence. Second one here. And a third!', voice: 'slt' },
      never,
    ))
      chunks++
    assert.equal(chunks, 3)
  })

  test('a missing binary gives CHORUS_ERR_ENGINE_UNAVAILABLE naming the apt-get line', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'chorus-cli-test-'))
    const missing = await createEngine('cli', { settings: { program: 'flite', binary: join(scratch, 'flite') } })
    try {
      await assert.rejects(
        collectAudio(missing.synthesize({ text: 'Hello.', voice: 'slt' }, never)),
        (error: unknown) =>
          error instanceof ChorusError &&
          error.code === 'CHORUS_ERR_ENGINE_UNAVAILABLE' &&
          error.message.includes('apt-get install -y flite'),
      )
    } finally {
      await missing.close()
      await rm(scratch, { recursive: true, force: true })
    }
  })
})
