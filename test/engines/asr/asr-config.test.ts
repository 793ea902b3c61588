/** The `asr` section of the configuration: defaults, per-kind settings validation, actionable messages. */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { loadConfig } from '../../../src/config/load.js'
import { ChorusError } from '../../../src/errors.js'

let scratch: string
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'chorus-asr-config-'))
})
after(async () => {
  await rm(scratch, { recursive: true, force: true })
})

async function load(document: unknown) {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, JSON.stringify(document))
  return loadConfig({ file, env: {} })
}

const rejectsWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof ChorusError && error.code === 'CHORUS_ERR_CONFIG_INVALID' && pattern.test(error.message)

test('without an asr section, PocketSphinx transcribes with its defaults', async () => {
  const config = await loadConfig({ env: {} })
  assert.equal(config.asr.length, 1)
  assert.equal(config.asr[0]!.id, 'pocketsphinx')
  assert.equal(config.asr[0]!.kind, 'pocketsphinx')
  assert.equal(config.asr[0]!.settings.binary, 'pocketsphinx_continuous')
  assert.ok(Object.isFrozen(config.asr[0]!.settings))
})

test('entries keep their order and get their kind’s defaults', async () => {
  const config = await load({
    asr: [
      {
        id: 'whisper',
        kind: 'openai-transcriptions-http',
        url: 'http://127.0.0.1:8000/v1',
        model: 'Systran/faster-whisper-small',
      },
      { id: 'sphinx', kind: 'pocketsphinx', processes: 1 },
    ],
  })
  assert.deepEqual(
    config.asr.map((engine) => engine.id),
    ['whisper', 'sphinx'],
  )
  assert.equal(config.asr[0]!.settings.firstByteTimeoutMs, 120_000)
  assert.equal(config.asr[1]!.settings.processes, 1)
})

test('a misspelt setting names the entry and the key that was meant', async () => {
  await assert.rejects(
    load({ asr: [{ id: 'sphinx', kind: 'pocketsphinx', procesess: 2 }] }),
    rejectsWith(/unknown key `procesess` in asr\[0\]; did you mean `processes`\?/),
  )
})

test('an unknown kind lists the kinds, with a guess', async () => {
  await assert.rejects(
    load({ asr: [{ id: 'x', kind: 'pocketsfinx' }] }),
    rejectsWith(
      /asr\[0\]\.kind: unknown ASR kind `pocketsfinx`; did you mean `pocketsphinx`\?.*openai-transcriptions-http/,
    ),
  )
})

test('a bad url, a bad id and a duplicate id are refused', async () => {
  await assert.rejects(
    load({ asr: [{ id: 'w', kind: 'openai-transcriptions-http', url: 'ftp://x' }] }),
    rejectsWith(/asr\[0\]\.url/),
  )
  await assert.rejects(load({ asr: [{ id: 'has space', kind: 'pocketsphinx' }] }), rejectsWith(/asr\[0\]\.id/))
  await assert.rejects(
    load({
      asr: [
        { id: 'a', kind: 'pocketsphinx' },
        { id: 'a', kind: 'pocketsphinx' },
      ],
    }),
    rejectsWith(/asr\[1\]\.id: `a` is used twice/),
  )
})

test('an empty asr section turns transcription off', async () => {
  assert.deepEqual((await load({ asr: [] })).asr, [])
})
