/** `${ENV}` interpolation in configuration files: substitution, the `$${` escape, and errors naming the key path. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { interpolateEnv } from '../../src/config/interpolate.js'
import { ChorusError } from '../../src/errors.js'
import { loadDocument } from './config-files.js'

function configError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ChorusError, String(error))
    assert.equal(error.code, 'CHORUS_ERR_CONFIG_INVALID')
    assert.match(error.message, pattern)
    return true
  }
}

describe('${ENV} interpolation', () => {
  test('every string value, at any depth, has ${NAME} replaced from the environment', async () => {
    const config = await loadDocument(
      {
        server: { host: '${BIND}' },
        auth: { apiKeys: ['${KEY_A}', 'prefix-${KEY_B}-suffix'], internalToken: '${TOKEN}' },
        backends: [
          {
            id: 'upstream',
            kind: 'openai-http',
            url: 'http://${UPSTREAM_HOST}:${UPSTREAM_PORT}/v1',
            apiKey: '${KEY_A}',
            voices: ['af_bella'],
          },
          { id: 'embedded', kind: 'flite-wasi' },
        ],
      },
      {
        env: {
          BIND: '127.0.0.1',
          KEY_A: 'sk-alpha-123',
          KEY_B: 'beta',
          TOKEN: 'internal-token',
          UPSTREAM_HOST: '127.0.0.1',
          UPSTREAM_PORT: '8881',
        },
      },
    )
    assert.equal(config.server.host, '127.0.0.1')
    assert.deepEqual(config.auth.apiKeys, ['sk-alpha-123', 'prefix-beta-suffix'])
    assert.equal(config.auth.internalToken, 'internal-token')
    assert.equal(config.backends[0]!.settings.url, 'http://127.0.0.1:8881/v1')
    assert.equal(config.backends[0]!.settings.apiKey, 'sk-alpha-123')
  })

  test('$${NAME} is a literal ${NAME}, and the variable is not looked up', async () => {
    const config = await loadDocument(
      { auth: { apiKeys: ['$${NOT_A_VARIABLE}', 'a$${X}b${Y}'] } },
      { env: { Y: '-why' } },
    )
    assert.deepEqual(config.auth.apiKeys, ['${NOT_A_VARIABLE}', 'a${X}b-why'])
  })

  test('an unset variable is an error naming the variable and the key path where it is used', async () => {
    await assert.rejects(
      loadDocument({
        backends: [
          { id: 'a', kind: 'flite-wasi' },
          { id: 'b', kind: 'openai-http', url: '${MISSING_URL}' },
        ],
      }),
      configError(/backends\[1\]\.url: environment variable MISSING_URL is not set/),
    )
    await assert.rejects(
      loadDocument({ auth: { apiKeys: ['sk-ok-key-1', '${NO_KEY}'] } }),
      configError(/auth\.apiKeys\[1\]: .*NO_KEY/),
    )
    await assert.rejects(
      loadDocument({ shadow: [{ from: 'a', to: 'b', voiceMap: { alloy: '${STANDBY_VOICE}' } }] }),
      configError(/shadow\[0\]\.voiceMap\.alloy: .*STANDBY_VOICE/),
    )
  })

  test('an empty variable is set (to the empty string), unlike an unset one', () => {
    assert.equal(interpolateEnv('x${EMPTY}y', { EMPTY: '' }), 'xy')
  })

  test('numbers, booleans, null and keys are left alone; only well-formed ${NAME} references are substituted', () => {
    const input = { port: 8880, on: true, none: null, '${KEY}': 'value', text: '$HOME ${ not a ref } ${1BAD} $${' }
    assert.deepEqual(interpolateEnv(input, { KEY: 'k', HOME: '/root' }), input)
  })
})
