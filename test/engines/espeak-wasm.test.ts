import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { durationSeconds, isSilent } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { escapeForSsml } from '../../src/engines/espeak-wasm/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { collectAudio, runEngineContract } from '../contracts/engine.contract.js'

const never = new AbortController().signal

// Not deterministic: one eSpeak NG instance serves many requests and its random generator (used in the waveform
// generator) carries on from call to call, so a repeat of the same text differs in its samples and by a few in length.
runEngineContract('espeak-wasm', () => createEngine('espeak-wasm'), { voice: 'en-us', deterministic: false })

describe('espeak-wasm', () => {
  let engine: Engine
  before(async () => {
    engine = await createEngine('espeak-wasm')
  })
  after(async () => {
    await engine.close()
  })

  test('lists 100+ voices, with the ids espeak-ng -v takes (the same as the cli engine)', async () => {
    const voices = await engine.listVoices()
    assert.ok(voices.length > 100, `${voices.length} voices`)
    assert.equal(new Set(voices.map((voice) => voice.id)).size, voices.length, 'ids are unique')
    for (const id of ['en-us', 'en-gb', 'de', 'fr-fr', 'es', 'ja', 'cmn', 'yue', 'yue-latn-jyutping']) {
      assert.ok(
        voices.some((voice) => voice.id === id),
        `voice ${id} is listed`,
      )
    }
    assert.deepEqual(
      voices.find((voice) => voice.id === 'de'),
      { id: 'de', name: 'German', languages: ['de'], sampleRate: 22050 },
    )
  })

  test('speaks German with the de voice, differently from the English voice', async () => {
    const text = 'Guten Morgen, wie geht es Ihnen heute?'
    const german = await collectAudio(engine.synthesize({ text, voice: 'de' }, never))
    const english = await collectAudio(engine.synthesize({ text, voice: 'en-us' }, never))
    assert.equal(german.sampleRate, 22050)
    assert.ok(!isSilent(german.samples))
    const seconds = durationSeconds(german)
    assert.ok(seconds > 1 && seconds < 5, `${seconds.toFixed(2)} s`)
    assert.ok(Math.abs(seconds - durationSeconds(english)) > 0.05, 'German rules, not English ones, were applied')
  })

  test('speed sets the rate; past the 450 wpm this build reaches, the rest is time-stretched', async () => {
    const text = 'Speaking rate changes should change duration and nothing else.'
    const normal = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'en-us' }, never)))
    const double = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'en-us', speed: 2 }, never)))
    const quadruple = durationSeconds(await collectAudio(engine.synthesize({ text, voice: 'en-us', speed: 4 }, never)))
    assert.ok(double / normal > 0.4 && double / normal < 0.6, `speed 2 ratio ${(double / normal).toFixed(2)}`)
    assert.ok(quadruple / normal > 0.2 && quadruple / normal < 0.32, `speed 4 ratio ${(quadruple / normal).toFixed(2)}`)
  })

  test('markup characters are text: they are escaped for the SSML reader, and a tag in the input is not obeyed', async () => {
    assert.equal(escapeForSsml('a < b & c > d'), 'a &lt; b &amp; c &gt; d')
    // Read as SSML this would be 3 s of silence; as text it is a few spoken words.
    const audio = await collectAudio(
      engine.synthesize({ text: 'Wait <break time="3s"/> here.', voice: 'en-us' }, never),
    )
    const plain = await collectAudio(engine.synthesize({ text: 'Wait here.', voice: 'en-us' }, never))
    assert.ok(!isSilent(audio.samples))
    assert.ok(durationSeconds(audio) - durationSeconds(plain) < 2.5, 'no three-second break was inserted')
  })
})
