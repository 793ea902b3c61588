/**
 * Configuration errors are actionable: each names the key path, and a misspelt key or kind gets a "did you mean".
 * Everything is CHORUS_ERR_CONFIG_INVALID, raised once at start-up.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { closestKey } from '../../src/config/suggest.js'
import { ChorusError } from '../../src/errors.js'
import { loadDocument } from './config-files.js'

async function rejection(document: unknown): Promise<string> {
  try {
    await loadDocument(document)
  } catch (error) {
    assert.ok(error instanceof ChorusError, String(error))
    assert.equal(error.code, 'CHORUS_ERR_CONFIG_INVALID')
    return error.message
  }
  assert.fail(`expected ${JSON.stringify(document)} to be rejected`)
}

const embedded = { id: 'embedded', kind: 'flite-wasi' }

describe('configuration validation messages', () => {
  test('an unknown key in a backend suggests the key that was meant', async () => {
    const message = await rejection({ backends: [{ id: 'a', kind: 'flite-wasi', concurency: 2 }] })
    assert.match(message, /unknown key `concurency` in backends\[0\]; did you mean `concurrency`\?/)
  })

  test('an unknown key at the root suggests the root key', async () => {
    const message = await rejection({ bakends: [embedded] })
    assert.match(message, /unknown key `bakends` in the configuration; did you mean `backends`\?/)
  })

  test('unknown keys in nested sections name the section and suggest its keys', async () => {
    assert.match(await rejection({ server: { prot: 1 } }), /unknown key `prot` in server; did you mean `port`\?/)
    assert.match(
      await rejection({ auth: { apiKey: ['sk-12345678'] } }),
      /unknown key `apiKey` in auth; did you mean `apiKeys`\?/,
    )
    assert.match(
      await rejection({ backends: [{ ...embedded, timeouts: { conectMs: 5 } }] }),
      /unknown key `conectMs` in backends\[0\]\.timeouts; did you mean `connectMs`\?/,
    )
    assert.match(
      await rejection({ backends: [embedded], shadow: [{ from: 'embedded', to: 'x', fracton: 0.5 }] }),
      /unknown key `fracton` in shadow\[0\]; did you mean `fraction`\?/,
    )
  })

  test('a kind-specific key is suggested from that kind’s own settings', async () => {
    const message = await rejection({
      backends: [{ id: 'up', kind: 'openai-http', url: 'http://127.0.0.1:1', modle: 'kokoro' }],
    })
    assert.match(message, /unknown key `modle` in backends\[0\]; did you mean `model`\?/)
  })

  test('an unknown key far from every known key gets no guess', async () => {
    const message = await rejection({ backends: [{ ...embedded, zzzzzzzzzz: 1 }] })
    assert.match(message, /unknown key `zzzzzzzzzz` in backends\[0\]/)
    assert.doesNotMatch(message, /did you mean/)
  })

  test('a bad kind suggests the closest kind and lists them all', async () => {
    const message = await rejection({ backends: [{ id: 'a', kind: 'flite-wasm' }] })
    assert.match(message, /backends\[0\]\.kind: unknown kind `flite-wasm`; did you mean `flite-wasi`\?/)
    assert.match(message, /kinds: .*openai-http.*chatterbox-http/)
    assert.match(await rejection({ backends: [{ id: 'a', kind: 'opnai-http' }] }), /did you mean `openai-http`\?/)
    assert.match(await rejection({ backends: [{ id: 'a' }] }), /backends\[0\]\.kind: missing/)
  })

  test('kind-specific settings errors name backends[i].url', async () => {
    assert.match(
      await rejection({ backends: [embedded, { id: 'up', kind: 'openai-http', url: 'ftp://127.0.0.1/v1' }] }),
      /backends\[1\]\.url: expected an http:\/\/ or https:\/\/ base URL/,
    )
    assert.match(await rejection({ backends: [embedded, { id: 'up', kind: 'openai-http' }] }), /backends\[1\]\.url:/)
    assert.match(
      await rejection({ backends: [{ id: 'cb', kind: 'chatterbox-http', url: 'not a url', voices: { default: {} } }] }),
      /backends\[0\]\.url:/,
    )
    assert.match(
      await rejection({ backends: [{ id: 'cb', kind: 'chatterbox-http', url: 'http://127.0.0.1:8004', voices: {} }] }),
      /backends\[0\]\.voices: configure at least one voice/,
    )
    assert.match(await rejection({ backends: [{ id: 'x', kind: 'cli', program: 'say' }] }), /backends\[0\]\.program:/)
  })

  test('generic backend settings are range-checked with their path', async () => {
    assert.match(await rejection({ backends: [{ ...embedded, concurrency: 0 }] }), /backends\[0\]\.concurrency:/)
    assert.match(
      await rejection({ backends: [{ ...embedded, timeouts: { firstByteMs: -5 } }] }),
      /backends\[0\]\.timeouts\.firstByteMs:/,
    )
    assert.match(
      await rejection({ backends: [{ id: 'has space', kind: 'flite-wasi' }] }),
      /backends\[0\]\.id: use letters, digits/,
    )
  })

  test('a backend id used twice is an error naming the second one', async () => {
    const message = await rejection({
      backends: [embedded, { id: 'other', kind: 'flite-wasi' }, { id: 'embedded', kind: 'flite-wasi' }],
    })
    assert.match(message, /backends\[2\]\.id: `embedded` is used twice/)
  })

  test('an empty backend list is an error', async () => {
    assert.match(await rejection({ backends: [] }), /backends: at least one backend is needed/)
  })

  test('a voice naming an unknown backend is an error naming the alias, the position and the closest backend', async () => {
    const message = await rejection({
      backends: [{ id: 'kokoro', kind: 'flite-wasi' }],
      voices: { bella: ['kokoro:slt', 'kokor:slt'] },
    })
    assert.match(message, /voices\.bella\[1\]: unknown backend `kokor`; did you mean `kokoro`\?/)
    assert.match(
      await rejection({ backends: [embedded], voices: { demo: 'nowhere:slt' } }),
      /voices\.demo\[0\]: unknown backend `nowhere`/,
    )
    assert.match(
      await rejection({ backends: [embedded], voices: { demo: 'no-colon' } }),
      /voices\.demo: .*backend:voice/,
    )
  })

  test('shadow from/to must name configured backends, and differ', async () => {
    const backends = [embedded, { id: 'standby', kind: 'flite-wasi' }]
    assert.match(
      await rejection({ backends, shadow: [{ from: 'primary', to: 'standby' }] }),
      /shadow\[0\]\.from: unknown backend `primary`/,
    )
    assert.match(
      await rejection({ backends, shadow: [{ from: 'embedded', to: 'nowhere' }] }),
      /shadow\[0\]\.to: unknown backend `nowhere`/,
    )
    assert.match(
      await rejection({ backends, shadow: [{ from: 'embedded', to: 'embedded' }] }),
      /shadow\[0\]: `from` and `to` are the same/,
    )
    assert.match(
      await rejection({ backends, shadow: [{ from: 'embedded', to: 'standby', fraction: 2 }] }),
      /shadow\[0\]\.fraction:/,
    )
  })

  test('auth secrets have a minimum length', async () => {
    assert.match(
      await rejection({ auth: { apiKeys: ['short'] } }),
      /auth\.apiKeys\[0\]: API keys must be at least 8 characters/,
    )
    assert.match(
      await rejection({ auth: { internalToken: 'short' } }),
      /auth\.internalToken: the internal token must be at least 8/,
    )
  })

  test('closestKey suggests within a small edit distance only', () => {
    assert.equal(closestKey('concurency', ['concurrency', 'queue']), 'concurrency')
    assert.equal(closestKey('QUEUE', ['concurrency', 'queue']), 'queue')
    assert.equal(closestKey('timeout', ['timeouts', 'circuit']), 'timeouts')
    assert.equal(closestKey('somethingelse', ['timeouts', 'circuit']), undefined)
  })
})
