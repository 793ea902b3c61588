/**
 * The ONNX speaker embedder's loading paths: the coded errors a user sees (missing model, missing runtime package,
 * not a model), and a tiny ONNX model built by the test (tiny-onnx-model.ts) running for real on onnxruntime-node.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { isChorusError } from '../../src/errors.js'
import {
  createOnnxSpeakerEmbedder,
  importOnnxRuntime,
  ONNX_RUNTIME_INSTALL_COMMAND,
  speakerSimilarity,
} from '../../src/lab/similarity/index.js'
import { closeSpeechEngine, synthesize } from './speech-fixtures.js'
import { reduceMaxSpeakerModel } from './tiny-onnx-model.js'

let directory: string
let modelPath: string

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'chorus-onnx-'))
  modelPath = join(directory, 'reduce-max.onnx')
  await writeFile(modelPath, reduceMaxSpeakerModel())
})
after(async () => {
  await rm(directory, { recursive: true, force: true })
  await closeSpeechEngine()
})

const unavailable = (pattern: RegExp) => (error: unknown) => {
  assert.ok(isChorusError(error), `a ChorusError, got ${String(error)}`)
  assert.equal(error.code, 'CHORUS_ERR_ENGINE_UNAVAILABLE')
  assert.match(error.message, pattern)
  return true
}

test('a model path that does not exist is refused with a coded error naming it', async () => {
  await assert.rejects(
    createOnnxSpeakerEmbedder({ modelPath: join(directory, 'missing.onnx') }),
    unavailable(/speaker model file `.*missing\.onnx` does not exist/),
  )
})

test('without the runtime package, loading says how to install it', async () => {
  assert.equal(ONNX_RUNTIME_INSTALL_COMMAND, 'ONNXRUNTIME_NODE_INSTALL=skip npm i onnxruntime-node')
  await assert.rejects(importOnnxRuntime('onnxruntime-node-not-installed-here'), unavailable(/ONNXRUNTIME_NODE_INSTALL=skip npm i onnxruntime-node/))
  assert.ok(await importOnnxRuntime(), 'the real package is installed with Chorus')
})

test(
  'a file that is not an ONNX model is refused with the runtime’s reason',
  async () => {
    const garbage = join(directory, 'garbage.onnx')
    await writeFile(garbage, 'not a model')
    await assert.rejects(createOnnxSpeakerEmbedder({ modelPath: garbage }), unavailable(/cannot load the ONNX model/))
  },
)

test(
  'a real ONNX model embeds fbank features of real speech',
  async () => {
    const embedder = await createOnnxSpeakerEmbedder({ modelPath })
    try {
      assert.equal(embedder.id, 'onnx:reduce-max.onnx')
      const clip = await synthesize('The quick brown fox jumps over the lazy dog.', 'slt')
      const embedding = await embedder.embed(clip)
      assert.equal(embedding.length, 80)
      assert.ok(embedding.every(Number.isFinite))
      assert.ok(Math.abs((await speakerSimilarity(clip, clip, { embedder })) - 1) < 1e-6)
    } finally {
      await embedder.close?.()
    }
  },
)

test(
  'naming an input the model lacks lists the ones it has',
  async () => {
    await assert.rejects(
      createOnnxSpeakerEmbedder({ modelPath, inputName: 'waveform' }),
      unavailable(/no input `waveform`; its inputs are feats/),
    )
  },
)
