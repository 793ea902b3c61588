/**
 * The ASR router: configured order, failover on engine failures only, language routing, pinning by engine id, lazy
 * construction, cancellation. Engines here are small stand-ins: the behaviour under test is the routing.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { PcmAudio } from '../../../src/audio/pcm.js'
import type { AsrEngine } from '../../../src/engines/asr/asr-engine.js'
import { AsrRouter } from '../../../src/engines/asr/asr-router.js'
import { ChorusError, isAbortError } from '../../../src/errors.js'

const audio: PcmAudio = { samples: new Float32Array(16_000).fill(0.1), sampleRate: 16_000 }
const never = new AbortController().signal

function standIn(
  id: string,
  behaviour: { languages?: string[]; fail?: () => Error; calls?: string[] } = {},
): AsrEngine {
  return {
    id,
    kind: 'embedded',
    capabilities: { wordTimestamps: false, languages: behaviour.languages ?? [] },
    async transcribe(_audio, options, signal) {
      behaviour.calls?.push(`${id}:${options.language ?? ''}`)
      signal.throwIfAborted()
      if (behaviour.fail) throw behaviour.fail()
      return { text: `from ${id}`, durationSeconds: 1 }
    },
    health: async () => ({ ok: !behaviour.fail }),
    close: async () => {},
  }
}

const codeOf = (code: string) => (error: unknown) => error instanceof ChorusError && error.code === code

describe('AsrRouter', () => {
  test('the first engine serves when it works', async () => {
    const calls: string[] = []
    const router = new AsrRouter([standIn('a', { calls }), standIn('b', { calls })])
    const result = await router.transcribe(audio, {}, never)
    assert.deepEqual([result.engineId, result.failovers, result.transcript.text], ['a', 0, 'from a'])
    assert.deepEqual(calls, ['a:'])
  })

  test('an engine failure (5xx code) fails over to the next, and is reported', async () => {
    const reported: string[] = []
    const down = () => new ChorusError('CHORUS_ERR_UPSTREAM_UNAVAILABLE', { engine: 'a', reason: 'ECONNREFUSED' })
    const router = new AsrRouter([standIn('a', { fail: down }), standIn('b')], {
      onFailover: (id, error) => reported.push(`${id}:${error.code}`),
    })
    const result = await router.transcribe(audio, {}, never)
    assert.deepEqual([result.engineId, result.failovers], ['b', 1])
    assert.deepEqual(reported, ['a:CHORUS_ERR_UPSTREAM_UNAVAILABLE'])
  })

  test('an uncoded crash counts as CHORUS_ERR_ASR_FAILED; when every engine fails, the last error is returned', async () => {
    const router = new AsrRouter([
      standIn('a', { fail: () => new Error('segfault') }),
      standIn('b', { fail: () => new Error('out of memory') }),
    ])
    await assert.rejects(
      router.transcribe(audio, {}, never),
      (error: unknown) => codeOf('CHORUS_ERR_ASR_FAILED')(error) && /`b`.*out of memory/.test((error as Error).message),
    )
  })

  test('the request’s own errors (4xx) are returned at once, not failed over', async () => {
    const calls: string[] = []
    const bad = () => new ChorusError('CHORUS_ERR_AUDIO_UNDECODABLE', { reason: 'empty' })
    const router = new AsrRouter([standIn('a', { fail: bad, calls }), standIn('b', { calls })])
    await assert.rejects(router.transcribe(audio, {}, never), codeOf('CHORUS_ERR_AUDIO_UNDECODABLE'))
    assert.deepEqual(calls, ['a:'])
  })

  test('a language goes to the first engine that knows it; none → 400 on `language` listing what is known', async () => {
    const router = new AsrRouter([standIn('english', { languages: ['en'] }), standIn('german', { languages: ['de'] })])
    assert.equal((await router.transcribe(audio, { language: 'de-AT' }, never)).engineId, 'german')
    assert.equal((await router.transcribe(audio, { language: 'en' }, never)).engineId, 'english')
    await assert.rejects(router.transcribe(audio, { language: 'fr' }, never), (error: unknown) => {
      assert.ok(codeOf('CHORUS_ERR_INVALID_PARAM')(error))
      assert.equal((error as ChorusError).param, 'language')
      assert.match((error as Error).message, /`fr`.*en, de/)
      return true
    })
  })

  test('engineId pins one engine; an unknown id or an empty router is CHORUS_ERR_ENGINE_UNAVAILABLE', async () => {
    const router = new AsrRouter([standIn('a'), standIn('b')])
    assert.equal((await router.transcribe(audio, { engineId: 'b' }, never)).engineId, 'b')
    await assert.rejects(router.transcribe(audio, { engineId: 'c' }, never), codeOf('CHORUS_ERR_ENGINE_UNAVAILABLE'))
    await assert.rejects(new AsrRouter([]).transcribe(audio, {}, never), codeOf('CHORUS_ERR_ENGINE_UNAVAILABLE'))
  })

  test('engines are built on first use; a build that fails fails over and is retried on the next request', async () => {
    let builds = 0
    const router = new AsrRouter([
      {
        id: 'flaky',
        create: async () => {
          builds += 1
          if (builds === 1) throw new Error('model file missing')
          return standIn('flaky')
        },
      },
      standIn('fallback'),
    ])
    assert.equal(builds, 0, 'nothing is built before a request')
    assert.equal((await router.transcribe(audio, {}, never)).engineId, 'fallback')
    assert.equal((await router.transcribe(audio, {}, never)).engineId, 'flaky')
    assert.equal(builds, 2)
    assert.deepEqual(Object.keys(await router.health()), ['flaky', 'fallback'])
  })

  test('an aborted request is CHORUS_ERR_ABORTED and tries no further engine', async () => {
    const calls: string[] = []
    const controller = new AbortController()
    controller.abort()
    const router = new AsrRouter([standIn('a', { calls }), standIn('b', { calls })])
    await assert.rejects(router.transcribe(audio, {}, controller.signal), isAbortError)
    assert.deepEqual(calls, [])
  })

  test('fromConfig builds engines from the ASR registry by kind', async () => {
    const router = AsrRouter.fromConfig([{ id: 'sphinx', kind: 'pocketsphinx', settings: { processes: 1 } }])
    assert.deepEqual(router.engineIds, ['sphinx'])
    const health = await router.health()
    assert.equal(health.sphinx?.ok, true, health.sphinx?.detail)
    await router.close()
  })
})
