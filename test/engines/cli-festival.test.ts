import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { durationSeconds } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { ChorusError, isAbortError } from '../../src/errors.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'
import { childPids, isAlive, waitFor } from './process-probes.js'

const never = new AbortController().signal
const SLT = 'cmu_us_slt_arctic_hts'

// Festival's HTS synthesis has no randomness: the same text gives the same bytes in every process (checked with cmp).
runEngineContract('cli festival', () => createEngine('cli', { settings: { program: 'festival' } }), {
  voice: SLT,
  deterministic: true,
})

describe('cli festival', () => {
  let engine: Engine
  before(async () => {
    engine = await createEngine('cli', { settings: { program: 'festival' } })
  })
  after(async () => {
    await engine.close()
  })

  test('voices are the default list (slt HTS, kal diphone) filtered by what `(voice.list)` says is installed', async () => {
    const ids = (await engine.listVoices()).map((voice) => voice.id)
    const kalInstalled = existsSync('/usr/share/festival/voices/english/kal_diphone')
    assert.deepEqual(ids.sort(), kalInstalled ? ['cmu_us_slt_arctic_hts', 'kal_diphone'] : ['cmu_us_slt_arctic_hts'])
    const [slt] = await engine.listVoices()
    assert.equal(slt?.name, 'CMU US SLT (female, HTS)')
    const audio = await collectAudio(engine.synthesize({ text: 'Hello.', voice: SLT }, never))
    assert.equal(audio.sampleRate, slt?.sampleRate, 'the listed sample rate is what the voice gives')
  })

  test('the voices setting lists festival voices; ones not installed are skipped', async () => {
    const configured = await createEngine('cli', {
      settings: { program: 'festival', voices: [SLT, 'no_such_voice_diphone'] },
    })
    try {
      assert.deepEqual(
        (await configured.listVoices()).map((voice) => voice.id),
        [SLT],
      )
    } finally {
      await configured.close()
    }
  })

  test("speed: the HTS voice takes hts_engine's -r rate (it ignores Duration_Stretch)", async () => {
    const text = 'Speed changes duration.'
    const normal = durationSeconds(await collectAudio(engine.synthesize({ text, voice: SLT }, never)))
    const fast = durationSeconds(await collectAudio(engine.synthesize({ text, voice: SLT, speed: 2 }, never)))
    assert.ok(fast / normal > 0.4 && fast / normal < 0.6, `speed 2 ratio ${(fast / normal).toFixed(2)}`)
  })

  test('a missing binary gives CHORUS_ERR_ENGINE_UNAVAILABLE naming the apt-get line with the voice package', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'chorus-cli-test-'))
    const missing = await createEngine('cli', { settings: { program: 'festival', binary: join(scratch, 'text2wave') } })
    try {
      await assert.rejects(
        missing.listVoices(),
        (error: unknown) =>
          error instanceof ChorusError &&
          error.code === 'CHORUS_ERR_ENGINE_UNAVAILABLE' &&
          error.message.includes('apt-get install -y festival festvox-us-slt-hts'),
      )
    } finally {
      await missing.close()
      await rm(scratch, { recursive: true, force: true })
    }
  })

  test('abort kills the festival process that is synthesizing', async () => {
    await engine.listVoices()
    // text2wave is a festival script run through its #! line: the process is festival, named after the script.
    const before = new Set(await childPids('text2wave'))
    const controller = new AbortController()
    const speaking = collectAudio(
      engine.synthesize({ text: 'This sentence keeps festival busy for a while.', voice: SLT }, controller.signal),
    )
    const [pid] = await waitFor(async () => {
      const fresh = (await childPids('text2wave')).filter((candidate) => !before.has(candidate))
      return fresh.length > 0 ? fresh : undefined
    })
    controller.abort()
    await assert.rejects(speaking, isAbortError)
    assert.equal(isAlive(pid!), false, `festival (pid ${pid}) is gone once synthesize() rejects`)
  })
})
