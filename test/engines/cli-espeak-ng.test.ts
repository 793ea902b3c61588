import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { durationSeconds, isSilent } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { ChorusError, isAbortError } from '../../src/errors.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'
import { hasExited, isAlive, waitFor, writeScript } from './process-probes.js'

const never = new AbortController().signal

// A fresh espeak-ng process per sentence renders identical input to identical samples (checked: same bytes every run).
runEngineContract('cli espeak-ng', () => createEngine('cli', { settings: { program: 'espeak-ng' } }), {
  voice: 'en-us',
  deterministic: true,
})

const isCode = (code: string) => (error: unknown) => error instanceof ChorusError && error.code === code

describe('cli espeak-ng', () => {
  let engine: Engine
  let scratch: string
  before(async () => {
    engine = await createEngine('cli', { settings: { program: 'espeak-ng' } })
    scratch = await mkdtemp(join(tmpdir(), 'chorus-cli-test-'))
  })
  after(async () => {
    await engine.close()
    await rm(scratch, { recursive: true, force: true })
  })

  test('voices are read from `espeak-ng --voices`: 100+ languages, ids as `-v` takes them, duplicates disambiguated', async () => {
    const voices = await engine.listVoices()
    assert.ok(voices.length > 100, `${voices.length} voices`)
    assert.equal(new Set(voices.map((voice) => voice.id)).size, voices.length, 'ids are unique')
    const german = voices.find((voice) => voice.id === 'de')
    assert.deepEqual(german, { id: 'de', name: 'German', languages: ['de'], gender: 'male', sampleRate: 22050 })
    const american = voices.find((voice) => voice.id === 'en-us')
    assert.equal(american?.name, 'English (America)')
    assert.ok(american?.languages.includes('en'), 'other languages column is parsed')
    // espeak-ng lists two `yue` voices: the second is named by its file.
    assert.ok(voices.some((voice) => voice.id === 'yue') && voices.some((voice) => voice.id === 'yue-latn-jyutping'))
  })

  test('speed maps to words per minute (175 = 1.0); below the 80 wpm floor the rest is time-stretched', async () => {
    const text = 'Speaking rate changes should change duration and nothing else.'
    const normal = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'en-us' }, never)))
    const fast = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'en-us', speed: 2 }, never)))
    const slowest = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'en-us', speed: 0.25 }, never)))
    assert.ok(fast / normal > 0.4 && fast / normal < 0.6, `speed 2 ratio ${(fast / normal).toFixed(2)}`)
    assert.ok(slowest / normal > 3.3 && slowest / normal < 4.7, `speed 0.25 ratio ${(slowest / normal).toFixed(2)}`)
  })

  test('speaks German with the de voice', async () => {
    const audio = await collectAudio(
      engine.synthesize({ text: 'Guten Morgen, wie geht es Ihnen heute?', voice: 'de' }, never),
    )
    assert.ok(!isSilent(audio.samples))
    assert.ok(durationSeconds(audio) > 1 && durationSeconds(audio) < 5, `${durationSeconds(audio).toFixed(2)} s`)
  })

  test('the voices setting narrows what is offered', async () => {
    const narrow = await createEngine('cli', { settings: { program: 'espeak-ng', voices: ['en-us', 'de', 'no-such'] } })
    try {
      assert.deepEqual((await narrow.listVoices()).map((voice) => voice.id).sort(), ['de', 'en-us'])
      await assert.rejects(
        collectAudio(narrow.synthesize({ text: 'Bonjour.', voice: 'fr' }, never)),
        isCode('CHORUS_ERR_VOICE_NOT_FOUND'),
      )
    } finally {
      await narrow.close()
    }
  })

  test('settings are strict: a misspelt key is rejected', async () => {
    await assert.rejects(createEngine('cli', { settings: { program: 'espeak-ng', concurency: 2 } }), /concurency/)
    await assert.rejects(createEngine('cli', { settings: { program: 'say' } }))
  })

  test('a missing binary gives CHORUS_ERR_ENGINE_UNAVAILABLE naming the apt-get line', async () => {
    const missing = await createEngine('cli', {
      settings: { program: 'espeak-ng', binary: join(scratch, 'no-espeak-ng') },
    })
    try {
      const hasAptLine = (error: unknown): boolean =>
        isCode('CHORUS_ERR_ENGINE_UNAVAILABLE')(error) &&
        (error as Error).message.includes('apt-get install -y espeak-ng')
      await assert.rejects(missing.listVoices(), hasAptLine)
      await assert.rejects(collectAudio(missing.synthesize({ text: 'Hello.', voice: 'en-us' }, never)), hasAptLine)
      const health = await missing.health()
      assert.equal(health.ok, false)
      assert.match(health.detail ?? '', /apt-get install -y espeak-ng/)
    } finally {
      await missing.close()
    }
  })

  /** A stand-in for espeak-ng that lists voices for real but, asked to speak, runs `speakBody` instead. */
  async function standIn(name: string, speakBody: string, settings: Record<string, unknown> = {}): Promise<Engine> {
    const binary = await writeScript(
      scratch,
      name,
      `if [ "$1" = "--voices" ]; then exec espeak-ng "$@"; fi\n${speakBody}`,
    )
    return createEngine('cli', { settings: { program: 'espeak-ng', binary, ...settings } })
  }

  test('abort SIGKILLs the running child and its process group, and removes its work directory', async () => {
    const started = join(scratch, 'abort-started')
    // The script and a `sleep` it starts: both must die, the grandchild through the process-group kill.
    const hanging = await standIn('hang-espeak', `sleep 30 &\necho "$$ $! $PWD" > ${started}\nwait`)
    try {
      const controller = new AbortController()
      const speaking = collectAudio(hanging.synthesize({ text: 'Hello there.', voice: 'en-us' }, controller.signal))
      const [pid, grandchild, workDir] = (
        await waitFor(() => (existsSync(started) ? readFile(started, 'utf8') : undefined))
      )
        .trim()
        .split(' ')
      assert.ok(isAlive(Number(pid)) && isAlive(Number(grandchild)), 'the child is running before the abort')
      const abortedAt = performance.now()
      controller.abort()
      await assert.rejects(speaking, isAbortError)
      assert.ok(performance.now() - abortedAt < 2000, 'the abort does not wait for the child to finish')
      assert.equal(isAlive(Number(pid)), false, 'the child is gone (killed and reaped) once synthesize() rejects')
      await waitFor(async () => ((await hasExited(Number(grandchild))) ? true : undefined), 2000)
      assert.equal(existsSync(workDir!), false, 'the work directory is removed')
    } finally {
      await hanging.close()
    }
  })

  test('a child still running after timeoutMs is killed and the request fails with CHORUS_ERR_UPSTREAM_TIMEOUT', async () => {
    const slow = await standIn('slow-espeak', 'echo "thinking hard" >&2\nexec sleep 30', { timeoutMs: 300 })
    try {
      await assert.rejects(
        collectAudio(slow.synthesize({ text: 'Hello.', voice: 'en-us' }, never)),
        (error: unknown) =>
          isCode('CHORUS_ERR_UPSTREAM_TIMEOUT')(error) && /300 ms.*thinking hard/.test((error as Error).message),
      )
    } finally {
      await slow.close()
    }
  })

  test('a non-zero exit gives CHORUS_ERR_SYNTHESIS_FAILED quoting stderr', async () => {
    const failing = await standIn('failing-espeak', 'echo "espeak-ng: phoneme table damaged" >&2\nexit 3')
    try {
      await assert.rejects(
        collectAudio(failing.synthesize({ text: 'Hello.', voice: 'en-us' }, never)),
        (error: unknown) =>
          isCode('CHORUS_ERR_SYNTHESIS_FAILED')(error) &&
          /exited with code 3: espeak-ng: phoneme table damaged/.test((error as Error).message),
      )
    } finally {
      await failing.close()
    }
  })

  test('empty or undecodable output gives CHORUS_ERR_SYNTHESIS_FAILED', async () => {
    const silent = await standIn('silent-espeak', 'exit 0')
    const garbled = await standIn('garbled-espeak', 'echo "this is not a WAV file"')
    try {
      await assert.rejects(
        collectAudio(silent.synthesize({ text: 'Hello.', voice: 'en-us' }, never)),
        (error: unknown) =>
          isCode('CHORUS_ERR_SYNTHESIS_FAILED')(error) && /wrote no audio/.test((error as Error).message),
      )
      await assert.rejects(
        collectAudio(garbled.synthesize({ text: 'Hello.', voice: 'en-us' }, never)),
        (error: unknown) =>
          isCode('CHORUS_ERR_SYNTHESIS_FAILED')(error) && /cannot be read/.test((error as Error).message),
      )
    } finally {
      await silent.close()
      await garbled.close()
    }
  })

  test('concurrency bounds the children running at once, across requests', async () => {
    const log = join(scratch, 'concurrency.log')
    const counted = await standIn(
      'counted-espeak',
      `echo + >> ${log}\nespeak-ng "$@"\nstatus=$?\necho - >> ${log}\nexit $status`,
      {
        processes: 2,
      },
    )
    try {
      const texts = Array.from({ length: 6 }, (_, i) => `Request ${i + 1}. It has two sentences.`)
      const results = await Promise.all(
        texts.map((text) => collectAudio(counted.synthesize({ text, voice: 'en-us' }, never))),
      )
      assert.ok(results.every((audio) => !isSilent(audio.samples)))
      let running = 0
      let most = 0
      for (const mark of (await readFile(log, 'utf8')).trim().split('\n')) {
        running += mark === '+' ? 1 : -1
        most = Math.max(most, running)
      }
      assert.equal(most, 2, 'two children at most, and the limit is used')
    } finally {
      await counted.close()
    }
  })

  test('text is passed on stdin, not through a shell: quotes and shell syntax are just text', async () => {
    const audio = await collectAudio(
      engine.synthesize({ text: `It's "$(rm -rf /)"; echo \`id\` & done.`, voice: 'en-us' }, never),
    )
    assert.ok(!isSilent(audio.samples))
  })
})
