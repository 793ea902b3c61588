/**
 * `chorus config check <file>` as a user runs it (the real bin/chorus in a child process): exit 0 and a summary for a
 * good file, a non-zero exit and the actionable message on stderr for a bad one.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { configFolder, runChorus, type ConfigFolder } from './config-files.js'

describe('chorus config check', () => {
  let folder: ConfigFolder
  before(async () => {
    folder = await configFolder()
  })
  after(() => folder.remove())

  test('a good file exits 0 and summarizes backends, voices and auth without printing secrets', async () => {
    const file = await folder.write('good.json', {
      backends: [
        { id: 'upstream', kind: 'openai-http', url: 'http://127.0.0.1:8881', voices: ['af_bella'] },
        { id: 'embedded', kind: 'flite-wasi' },
      ],
      voices: { bella: ['upstream:af_bella', 'embedded:slt'] },
      auth: { apiKeys: ['${API_KEY}'] },
    })
    const result = await runChorus(['config', 'check', file], { API_KEY: 'sk-very-secret-value' })
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /good\.json: OK/)
    assert.match(result.stdout, /upstream {2}kind=openai-http/)
    assert.match(result.stdout, /bella → upstream:af_bella → embedded:slt/)
    assert.match(result.stdout, /auth: 1 API key/)
    assert.doesNotMatch(result.stdout + result.stderr, /sk-very-secret-value/)
  })

  test('--json prints the validated configuration with every secret redacted, backend and ASR keys included', async () => {
    const file = await folder.write('secrets.json', {
      backends: [
        { id: 'upstream', kind: 'openai-http', url: 'http://127.0.0.1:8881', voices: ['af_bella'], apiKey: 'sk-backend-secret-1' },
        { id: 'box', kind: 'chatterbox-http', url: 'http://127.0.0.1:8882', token: 'chatterbox-secret-2', voices: { f1: {} } },
        { id: 'embedded', kind: 'flite-wasi' },
      ],
      asr: [{ id: 'whisper', kind: 'openai-transcriptions-http', url: 'http://127.0.0.1:8883', apiKey: 'sk-asr-secret-3' }],
      auth: { apiKeys: ['api-key-secret-4'], internalToken: 'internal-secret-5' },
    })
    const result = await runChorus(['config', 'check', file, '--json'])
    assert.equal(result.code, 0, result.stderr)
    const parsed = JSON.parse(result.stdout) as { backends: { id: string; settings: Record<string, unknown> }[] }
    assert.equal(parsed.backends.find((backend) => backend.id === 'upstream')?.settings.apiKey, '***')
    assert.doesNotMatch(result.stdout, /secret-[1-5]/)
  })

  test('a bad file exits non-zero with the coded, actionable message on stderr', async () => {
    const file = await folder.write('bad.json', { backends: [{ id: 'a', kind: 'flite-wasi', concurency: 2 }] })
    const result = await runChorus(['config', 'check', file])
    assert.notEqual(result.code, 0)
    assert.match(result.stderr, /CHORUS_ERR_CONFIG_INVALID/)
    assert.match(result.stderr, /unknown key `concurency` in backends\[0\]; did you mean `concurrency`\?/)
    assert.equal(result.stdout, '')
  })

  test('an unset ${VARIABLE} fails the check naming the variable and the key', async () => {
    const file = await folder.write('unset.yaml', 'auth:\n  apiKeys: ["${CHORUS_API_KEY}"]\n')
    const result = await runChorus(['config', 'check', file])
    assert.notEqual(result.code, 0)
    assert.match(result.stderr, /auth\.apiKeys\[0\]: environment variable CHORUS_API_KEY is not set/)
  })
})
