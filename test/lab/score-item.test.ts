/**
 * scoreItem on real speech (the embedded flite engine, voice kal16) with the real pocketsphinx recognizer — once
 * with its `continuous` decoder, once with `continuous` and `batch` side by side as two ASR engines.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { AsrEngine } from '../../src/engines/asr/asr-engine.js'
import { createAsrEngine } from '../../src/engines/asr/registry.js'
import { GATE_NAMES } from '../../src/lab/gates/index.js'
import { scoreItem } from '../../src/lab/score-item.js'
import { closeSpeechEngine, synthesize, withLeadingSilence } from './speech-fixtures.js'

const never = new AbortController().signal
const TEXT = 'There is no milk left.'
let continuous: AsrEngine
let batch: AsrEngine

before(async () => {
  continuous = await createAsrEngine('pocketsphinx')
  batch = await createAsrEngine('pocketsphinx', { id: 'pocketsphinx-batch', settings: { decoder: 'batch' } })
})

after(async () => {
  await Promise.all([continuous.close(), batch.close(), closeSpeechEngine()])
})

test('clean speech heard by one recognizer passes every gate, with words, verdicts and metrics', async () => {
  const audio = await synthesize(TEXT, 'kal16')
  const result = await scoreItem({ id: 'milk', audio, reference: TEXT, asr: [continuous], signal: never })
  assert.equal(result.id, 'milk')
  assert.equal(result.wer, 0)
  assert.equal(result.gateWer, 0)
  assert.equal(result.pass, true, JSON.stringify(result.gateDetails))
  assert.deepEqual(Object.keys(result.gates), [...GATE_NAMES])
  assert.equal(result.normalizedReference, 'there is no milk left')
  assert.deepEqual(
    result.words.map((row) => [row.ref, row.verdict]),
    ['there', 'is', 'no', 'milk', 'left'].map((word) => [word, 'pass']),
  )
  assert.equal(result.transcripts.length, 1)
  assert.equal(result.transcripts[0]!.engine, 'pocketsphinx')
  assert.ok((result.transcripts[0]!.timings?.length ?? 0) >= 5, 'word timings feed the speaking-rate gate')
  assert.match(result.gateDetails.speaking_rate.detail, /by ASR word timings/)
  assert.ok(Math.abs(result.metrics.durationSeconds - audio.samples.length / audio.sampleRate) < 1e-9)
})

test('with two recognizers the word table has both hypotheses and the gates read the better one', async () => {
  const audio = await synthesize('Turn left on Elm Avenue.', 'kal16')
  const result = await scoreItem({
    id: 'elm',
    audio,
    reference: 'turn left on elm avenue',
    asr: [continuous, batch],
    signal: never,
  })
  assert.deepEqual(
    result.transcripts.map((transcript) => transcript.engine),
    ['pocketsphinx', 'pocketsphinx-batch'],
  )
  assert.ok(
    result.words.every((row) => 'hyp2' in row),
    'every row carries the second hypothesis',
  )
  const best = Math.min(...result.transcripts.map((transcript) => transcript.wer))
  assert.equal(result.transcripts.find((transcript) => transcript.engine === result.gatedEngine)!.wer, best)
  assert.equal(result.wer, result.transcripts[0]!.wer, '`wer` is the first engine’s')
  // A word only one recognizer got wrong is its slip, not the TTS's: the gate counts at most what both missed.
  const slips = result.words.filter((row) => row.verdict === 'stt_error').length
  const blamed = result.words.filter((row) => row.verdict === 'tts_failure' || row.verdict === 'ambiguous').length
  assert.equal(result.gateWer, blamed / 5)
  assert.ok(result.gateWer <= best, `gate WER ${result.gateWer} ≤ the better engine's ${best} (${slips} slips excused)`)
})

test('thresholds override one gate and leave the others at their defaults', async () => {
  const audio = withLeadingSilence(await synthesize(TEXT, 'kal16'), 1)
  const strict = await scoreItem({ id: 'late', audio, reference: TEXT, asr: [continuous], signal: never })
  assert.equal(strict.gates.leading_silence, 'fail')
  const lenient = await scoreItem({
    id: 'late',
    audio,
    reference: TEXT,
    asr: [continuous],
    signal: never,
    thresholds: { leading_silence: 2 },
  })
  assert.equal(lenient.gates.leading_silence, 'pass')
  assert.equal(lenient.gateDetails.clipping.threshold, 0.1)
})

test('an empty clip is a failed item (nothing heard, silence gate), not an error', async () => {
  const audio = { samples: new Float32Array(0), sampleRate: 16000 }
  const result = await scoreItem({ id: 'empty', audio, reference: TEXT, asr: [continuous], signal: never })
  assert.equal(result.pass, false)
  assert.equal(result.gates.silence, 'fail')
  assert.match(result.gateDetails.silence.detail, /empty/)
  assert.equal(result.wer, 1)
  assert.equal(result.transcripts[0]!.text, '')
})

test('no engine, or three, is refused with a coded error', async () => {
  const audio = await synthesize(TEXT, 'kal16')
  for (const asr of [[], [continuous, batch, continuous]]) {
    await assert.rejects(scoreItem({ id: 'x', audio, reference: TEXT, asr, signal: never }), {
      code: 'CHORUS_ERR_INVALID_PARAM',
    })
  }
})
