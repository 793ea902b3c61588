/**
 * The `chatterbox-http` engine: the shared conformance suite and the wire format against a real HTTP server speaking
 * Chatterbox's `/v1/tts` (real speech from the embedded engine), switched into each failure a real server shows.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { durationSeconds, isSilent } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { startChatterboxServer, type ChatterboxServer } from '../helpers/chatterbox-server.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'
import { closedPort, withCode } from './http-fixtures.js'

const never = new AbortController().signal
const VOICES = {
  slt: { reference_audio: 'voices/slt.wav' },
  narrator: { reference_audio: 'voices/rms.wav', exaggeration: 0.7, cfg_weight: 0.3, temperature: 0.9 },
  default: {},
}

let contractServer: Promise<ChatterboxServer> | undefined
after(async () => {
  if (contractServer) await (await contractServer).close()
})

runEngineContract(
  'chatterbox-http → a Chatterbox wire-format server',
  async () => {
    const server = await (contractServer ??= startChatterboxServer({ token: 'contract-token' }))
    return createEngine('chatterbox-http', { settings: { url: server.url, token: 'contract-token', voices: VOICES } })
  },
  { voice: 'slt', deterministic: true },
)

describe('chatterbox-http wire format and failures', () => {
  let server: ChatterboxServer
  let engine: Engine
  const speak = (voice = 'slt', signal = never, text = 'Cloned voices speak through Chatterbox.') =>
    collectAudio(engine.synthesize({ text, voice }, signal))

  before(async () => {
    server = await startChatterboxServer({ token: 'secret' })
    engine = await createEngine('chatterbox-http', {
      id: 'chatterbox',
      settings: { url: `${server.url}/`, token: 'secret', voices: VOICES, firstByteTimeoutMs: 2000 },
    })
  })
  after(async () => {
    await engine.close()
    await server.close()
  })

  test('capabilities: cloning, streaming and seeds, no native speed (the router time-stretches)', () => {
    assert.deepEqual(engine.capabilities, {
      streaming: true,
      speed: false,
      instructions: false,
      cloning: true,
      sampleRate: 24000,
      seed: true,
    })
  })

  test('sends the token header and each voice’s reference clip and settings, with defaults filled in', async () => {
    const before = server.requests.length
    await speak('narrator')
    await speak('default')
    const [narrator, fallback] = server.requests.slice(before)
    assert.equal(narrator!.headers['x-internal-token'], 'secret')
    assert.deepEqual(narrator!.body, {
      text: 'Cloned voices speak through Chatterbox.',
      reference_audio: 'voices/rms.wav',
      exaggeration: 0.7,
      cfg_weight: 0.3,
      temperature: 0.9,
    })
    assert.deepEqual(fallback!.body, {
      text: 'Cloned voices speak through Chatterbox.',
      exaggeration: 0.5,
      cfg_weight: 0.5,
      temperature: 0.8,
    })
  })

  test('different reference clips give different voices', async () => {
    const slt = await speak('slt')
    const narrator = await speak('narrator')
    assert.notDeepEqual(slt.samples.subarray(0, 4000), narrator.samples.subarray(0, 4000))
  })

  test('an unknown voice is CHORUS_ERR_VOICE_NOT_FOUND listing the configured voices', async () => {
    await assert.rejects(speak('alloy'), withCode('CHORUS_ERR_VOICE_NOT_FOUND', /Valid voices: slt, narrator, default/))
  })

  test('a wrong or missing token is CHORUS_ERR_UPSTREAM_ERROR naming the token problem', async () => {
    for (const [token, message] of [
      ['wrong', /HTTP 401: Invalid or missing X-Internal-Token.*configured `token`/],
      [undefined, /HTTP 401.*No `token` is configured/],
    ] as const) {
      const other = await createEngine('chatterbox-http', { settings: { url: server.url, token, voices: VOICES } })
      try {
        await assert.rejects(
          collectAudio(other.synthesize({ text: 'Hello.', voice: 'slt' }, never)),
          withCode('CHORUS_ERR_UPSTREAM_ERROR', message),
        )
      } finally {
        await other.close()
      }
    }
  })

  test('a body cut off mid-stream is CHORUS_ERR_UPSTREAM_BAD_AUDIO', async () => {
    await server.setFault('cutBody')
    try {
      await assert.rejects(speak(), withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /truncated/))
    } finally {
      await server.setFault('none')
    }
  })

  test('a body that ends cleanly but short of X-Audio-Duration is CHORUS_ERR_UPSTREAM_BAD_AUDIO', async () => {
    await server.setFault('shortBody')
    try {
      await assert.rejects(
        speak(),
        withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /X-Audio-Duration .* implies \d+: the audio is truncated/),
      )
    } finally {
      await server.setFault('none')
    }
  })

  test('a wrong X-Format is rejected as CHORUS_ERR_UPSTREAM_BAD_AUDIO before any audio is yielded', async () => {
    await server.setFault('garbage')
    try {
      let chunks = 0
      await assert.rejects(
        (async () => {
          for await (const _chunk of engine.synthesize({ text: 'Hello.', voice: 'slt' }, never)) chunks++
        })(),
        withCode('CHORUS_ERR_UPSTREAM_BAD_AUDIO', /X-Format is "mp3"/),
      )
      assert.equal(chunks, 0)
    } finally {
      await server.setFault('none')
    }
  })

  test('HTTP 500 is CHORUS_ERR_UPSTREAM_ERROR with the server’s detail; health fails with it', async () => {
    await server.setFault('status500')
    try {
      await assert.rejects(speak(), withCode('CHORUS_ERR_UPSTREAM_ERROR', /HTTP 500: CUDA out of memory/))
      const health = await engine.health()
      assert.equal(health.ok, false)
    } finally {
      await server.setFault('none')
    }
    const health = await engine.health()
    assert.equal(health.ok, true)
    assert.match(health.detail ?? '', /version chatterbox-test-1/)
  })

  test('a server that stops listening is CHORUS_ERR_UPSTREAM_UNAVAILABLE, and serves again once back', async () => {
    await server.setFault('refuse')
    try {
      await assert.rejects(speak(), withCode('CHORUS_ERR_UPSTREAM_UNAVAILABLE'))
      assert.equal((await engine.health()).ok, false)
    } finally {
      await server.setFault('none')
    }
    assert.ok(durationSeconds(await speak()) > 1)
  })

  test('a server slower than firstByteTimeoutMs is CHORUS_ERR_UPSTREAM_TIMEOUT', async () => {
    await server.setFault({ delayMs: 4000 })
    try {
      await assert.rejects(speak(), withCode('CHORUS_ERR_UPSTREAM_TIMEOUT', /firstByteTimeoutMs \(2000 ms\)/))
    } finally {
      await server.setFault('none')
    }
  })

  test('aborting while the server works closes the upstream request', async () => {
    await server.setFault({ delayMs: 1500 })
    try {
      const controller = new AbortController()
      const pending = speak('slt', controller.signal)
      while (server.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      const record = server.requests.at(-1)!
      controller.abort()
      await assert.rejects(pending, withCode('CHORUS_ERR_ABORTED'))
      for (let waited = 0; !record.closedEarly && waited < 1000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10))
      assert.equal(record.closedEarly, true, 'the server saw its request closed')
    } finally {
      await server.setFault('none')
    }
  })

  test('all-zero audio passes through as silence (the router’s audible check is what rejects it)', async () => {
    await server.setFault('silence')
    try {
      const audio = await speak()
      assert.ok(durationSeconds(audio) > 1)
      assert.ok(isSilent(audio.samples))
    } finally {
      await server.setFault('none')
    }
  })

  test('requests run concurrently upstream; the engine does not serialize them', async () => {
    const texts = ['One.', 'Two two.', 'Three three three.', 'Four four four four.', 'Five five five five five.']
    await Promise.all(texts.map((text) => speak('slt', never, text)))
    assert.ok(server.maxConcurrent >= 2, `max concurrent ${server.maxConcurrent}`)
  })
})

describe('chatterbox-http response headers', () => {
  test('X-Sample-Rate is honoured and stereo is mixed down to the same mono samples', async () => {
    const mono = await startChatterboxServer({ sampleRate: 16000 })
    const stereo = await startChatterboxServer({ sampleRate: 16000, channels: 2, chunkBytes: 999 })
    const engines = await Promise.all(
      [mono, stereo].map((server) =>
        createEngine('chatterbox-http', { settings: { url: server.url, voices: VOICES } }),
      ),
    )
    try {
      const [fromMono, fromStereo] = await Promise.all(
        engines.map((engine) => collectAudio(engine.synthesize({ text: 'Left and right.', voice: 'slt' }, never))),
      )
      assert.equal(fromMono!.sampleRate, 16000)
      assert.equal(fromStereo!.sampleRate, 16000)
      assert.deepEqual(fromStereo!.samples, fromMono!.samples)
    } finally {
      await Promise.all(engines.map((engine) => engine.close()))
      await mono.close()
      await stereo.close()
    }
  })

  test('a refused connection on a closed port is CHORUS_ERR_UPSTREAM_UNAVAILABLE', async () => {
    const engine = await createEngine('chatterbox-http', {
      settings: { url: `http://127.0.0.1:${await closedPort()}`, voices: VOICES },
    })
    try {
      await assert.rejects(
        collectAudio(engine.synthesize({ text: 'Hello.', voice: 'slt' }, never)),
        withCode('CHORUS_ERR_UPSTREAM_UNAVAILABLE', /ECONNREFUSED/),
      )
    } finally {
      await engine.close()
    }
  })
})

describe('chatterbox-http settings', () => {
  test('need at least one voice, reject unknown keys, and fill voice defaults', async () => {
    const { chatterboxHttpSettingsSchema } = await import('../../src/engines/chatterbox-http/config.js')
    assert.throws(
      () => chatterboxHttpSettingsSchema.parse({ url: 'http://127.0.0.1:1', voices: {} }),
      /at least one voice/,
    )
    assert.throws(
      () => chatterboxHttpSettingsSchema.parse({ url: 'http://127.0.0.1:1', voices: { a: { exageration: 1 } } }),
      /exageration/,
    )
    const settings = chatterboxHttpSettingsSchema.parse({ url: 'http://127.0.0.1:1', voices: { a: {} } })
    assert.deepEqual(settings.voices.a, { exaggeration: 0.5, cfg_weight: 0.5, temperature: 0.8, languages: ['en'] })
    assert.equal(settings.connectTimeoutMs, 2000)
    assert.equal(settings.firstByteTimeoutMs, 15000)
    assert.equal(settings.healthPath, '/health')
  })
})
