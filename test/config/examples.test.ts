/**
 * The configurations in examples/ stay valid and do what they say: both load through loadConfig and pass
 * `chorus config check`, and examples/failover.json really fails over to the embedded engine when its upstream is down.
 */
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { aliasTable } from '../../src/router/build.js'
import { startServer } from '../../src/server/chorus-server.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { closedPort } from '../engines/http-fixtures.js'
import { runChorus } from './config-files.js'

const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url))
const FAILOVER = example('failover.json')
const FULL = example('chorus.config.yaml')
const FULL_ENV = { CHORUS_API_KEY: 'sk-example-key-0001', CHORUS_INTERNAL_TOKEN: 'example-internal-token' }

describe('examples/', () => {
  test('failover.json loads: failover-demo chains the openai-http upstream, then the embedded engine', async () => {
    const config = await loadConfig({ file: FAILOVER, env: { CHORUS_UPSTREAM_URL: 'http://127.0.0.1:8881' } })
    assert.deepEqual(config.voices['failover-demo'], ['upstream:alloy', 'embedded:slt'])
    const [upstream, embedded] = config.backends
    assert.equal(upstream!.kind, 'openai-http')
    assert.equal(upstream!.settings.url, 'http://127.0.0.1:8881')
    assert.equal(upstream!.timeouts.connectMs, 1000)
    assert.equal(upstream!.timeouts.firstByteMs, 5000)
    assert.equal(upstream!.settings.connectTimeoutMs, 1000, 'the generic connect timeout reaches the HTTP client')
    assert.equal(upstream!.settings.firstByteTimeoutMs, 5000)
    assert.equal(embedded!.kind, 'flite-wasi')
  })

  test('failover.json needs CHORUS_UPSTREAM_URL and says so', async () => {
    await assert.rejects(
      loadConfig({ file: FAILOVER, env: {} }),
      /backends\[0\]\.url: environment variable CHORUS_UPSTREAM_URL is not set/,
    )
  })

  test('chorus.config.yaml loads with every section: each backend kind, voices, auth, chatterbox, shadow', async () => {
    const config = await loadConfig({ file: FULL, env: FULL_ENV })
    assert.deepEqual([...new Set(config.backends.map((backend) => backend.kind))].sort(), [
      'chatterbox-http',
      'cli',
      'flite-wasi',
      'openai-http',
    ])
    assert.deepEqual(config.auth.apiKeys, [FULL_ENV.CHORUS_API_KEY])
    assert.equal(config.auth.internalToken, FULL_ENV.CHORUS_INTERNAL_TOKEN)
    assert.ok(config.chatterbox.referencesDir)
    assert.ok(config.shadow.length > 0)
    assert.ok(Object.keys(config.voices).length > 0)
    const aliases = aliasTable(config)
    for (const targets of Object.values(aliases)) {
      for (const target of targets)
        assert.ok(
          config.backends.some((backend) => backend.id === target.engine),
          target.engine,
        )
    }
  })

  test('both pass `chorus config check` (exit 0) with their variables set', async () => {
    const failover = await runChorus(['config', 'check', FAILOVER], { CHORUS_UPSTREAM_URL: 'http://127.0.0.1:8881' })
    assert.equal(failover.code, 0, failover.stderr)
    assert.match(failover.stdout, /failover-demo → upstream:alloy → embedded:slt/)
    const full = await runChorus(['config', 'check', FULL], FULL_ENV)
    assert.equal(full.code, 0, full.stderr)
    assert.match(full.stdout, /chorus\.config\.yaml: OK/)
  })

  test('failover.json serves failover-demo from the embedded engine when the upstream port is closed', async () => {
    const port = await closedPort()
    const config = await loadConfig({
      file: FAILOVER,
      env: { CHORUS_UPSTREAM_URL: `http://127.0.0.1:${port}` },
      overrides: { port: 0, logLevel: 'silent' },
    })
    const server = await startServer(config)
    try {
      const started = performance.now()
      const response = await fetch(`${server.url}/v1/audio/speech`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'tts-1',
          voice: 'failover-demo',
          input: 'The upstream is down, so the embedded engine answers.',
          response_format: 'wav',
        }),
        signal: AbortSignal.timeout(30_000),
      })
      const bytes = new Uint8Array(await response.arrayBuffer())
      assert.equal(response.status, 200, Buffer.from(bytes).toString())
      assert.equal(response.headers.get('x-chorus-backend'), 'embedded')
      assert.equal(response.headers.get('x-chorus-voice'), 'slt')
      assert.equal(response.headers.get('x-chorus-failovers'), '1')
      assertSpeechLike(await decodeAudio('wav', bytes), { minSeconds: 1.5, maxSeconds: 8 })
      // A refused connection fails over at once, well inside the 1 s connect timeout.
      assert.ok(performance.now() - started < 10_000)
    } finally {
      await server.close()
    }
  })
})
