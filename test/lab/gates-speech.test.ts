/**
 * The gates on real speech from the embedded flite engine and on deliberately corrupted copies of it. There is no ASR
 * in these tests: the hypothesis is what a recogniser would plausibly hear (the reference itself for clean speech,
 * with the damaged words dropped or repeated for the corruptions), and the WER is computed from it.
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { signalMetrics } from '../../src/audio/metrics/index.js'
import type { PcmAudio } from '../../src/audio/pcm.js'
import type { GateName, GateReport } from '../../src/lab/gates/index.js'
import { normalizeWords, runGates } from '../../src/lab/gates/index.js'
import {
  closeSpeechEngine,
  cutAt,
  FLITE_VOICES,
  loudestPoint,
  startAt,
  synthesize,
  withGain,
  withLeadingSilence,
  withRepeatedSegment,
} from './speech-fixtures.js'
import { wordErrorRate } from './wer.js'

after(closeSpeechEngine)

const TEXT = 'The quick brown fox jumps over the lazy dog near the river bank.'
const REFERENCE = normalizeWords(TEXT)
const SIGNAL_GATES: GateName[] = ['clipping', 'silence', 'leading_silence', 'truncated_start', 'truncated_tail']

async function gate(audio: PcmAudio, hypothesisWords: readonly string[] = REFERENCE): Promise<GateReport> {
  return runGates({
    metrics: await signalMetrics(audio),
    referenceText: TEXT,
    hypothesisWords,
    wer: wordErrorRate(REFERENCE, hypothesisWords),
  })
}

const failing = (report: GateReport): GateName[] =>
  (Object.keys(report.gates) as GateName[]).filter((name) => report.gates[name] === 'fail')

const explain = (report: GateReport): string =>
  Object.entries(report.details)
    .map(([name, result]) => `${name}: ${result.status} — ${result.detail}`)
    .join('\n')

test('clean speech from every flite voice passes every gate', async () => {
  for (const voice of FLITE_VOICES) {
    const report = await gate(await synthesize(TEXT, voice))
    assert.ok(report.pass, `${voice}:\n${explain(report)}`)
    for (const name of SIGNAL_GATES) assert.equal(report.gates[name], 'pass', name)
  }
})

test('a clip cut off inside its last word fails truncated_tail, and only that', async () => {
  for (const voice of FLITE_VOICES) {
    const clean = await synthesize(TEXT, voice)
    const { durationSeconds, trailingSilenceSeconds } = await signalMetrics(clean)
    const speechEnd = durationSeconds - trailingSilenceSeconds
    const cut = cutAt(clean, loudestPoint(clean, speechEnd - 0.3, speechEnd))
    const heardWithoutLastWord = await gate(cut, REFERENCE.slice(0, -1))
    assert.deepEqual(failing(heardWithoutLastWord), ['truncated_tail'], `${voice}:\n${explain(heardWithoutLastWord)}`)
    // Even when the recogniser guesses the clipped word from its start, the energy at the cut gives it away.
    const heardInFull = await gate(cut)
    assert.deepEqual(failing(heardInFull), ['truncated_tail'], `${voice} (full hypothesis):\n${explain(heardInFull)}`)
  }
})

test('two seconds of silence in front fail leading_silence, and only that', async () => {
  for (const voice of FLITE_VOICES) {
    const report = await gate(withLeadingSilence(await synthesize(TEXT, voice), 2))
    assert.deepEqual(failing(report), ['leading_silence'], `${voice}:\n${explain(report)}`)
    assert.ok(report.details.leading_silence.value > 2, 'the engine’s own lead-in adds to the 2 s')
  }
})

test('a repeated 0.6 s segment heard as repeated words fails repetition, and only that', async () => {
  const clean = await synthesize(TEXT, 'slt')
  const { leadingSilenceSeconds } = await signalMetrics(clean)
  // About 0.6 s into the speech flite says "brown fox"; the recogniser hears the words twice.
  const repeated = withRepeatedSegment(clean, leadingSilenceSeconds + 0.45, 0.6)
  const hypothesis = ['the', 'quick', 'brown', 'fox', 'brown', 'fox', ...REFERENCE.slice(4)]
  const report = await gate(repeated, hypothesis)
  assert.deepEqual(failing(report), ['repetition'], explain(report))
  assert.match(report.details.repetition.detail, /"brown fox" heard 2× where the reference has 1×/)
})

test('speech amplified eight times and clamped fails clipping, and only that', async () => {
  for (const voice of FLITE_VOICES) {
    const report = await gate(withGain(await synthesize(TEXT, voice), 8))
    assert.deepEqual(failing(report), ['clipping'], `${voice}:\n${explain(report)}`)
  }
})

test('a clip starting inside its first words fails truncated_start, and only that', async () => {
  for (const voice of FLITE_VOICES) {
    const clean = await synthesize(TEXT, voice)
    const { leadingSilenceSeconds } = await signalMetrics(clean)
    const cut = startAt(clean, loudestPoint(clean, leadingSilenceSeconds, leadingSilenceSeconds + 0.3))
    const report = await gate(cut, REFERENCE.slice(1))
    assert.deepEqual(failing(report), ['truncated_start'], `${voice}:\n${explain(report)}`)
  }
})

test('known blind spot: a cut in the soft onset of "the" losing one word passes; losing two words fails', async () => {
  // flite's "the" opens softly: 80 ms in, the first 30 ms sit about 25 dB under the clip. With the recogniser still
  // hearing "quick", one missing word at a quiet edge is not enough evidence of a cut.
  const clean = await synthesize(TEXT, 'slt')
  const { leadingSilenceSeconds } = await signalMetrics(clean)
  const report = await gate(startAt(clean, leadingSilenceSeconds + 0.08), REFERENCE.slice(1))
  assert.equal(report.gates.truncated_start, 'pass', explain(report))
  const withoutTwoWords = await gate(startAt(clean, leadingSilenceSeconds + 0.08), REFERENCE.slice(2))
  assert.equal(withoutTwoWords.gates.truncated_start, 'fail', 'both opening words missing')
})

test('silence and a clip gone quiet fail the silence gate', async () => {
  const clean = await synthesize(TEXT, 'kal16')
  const silent = { samples: new Float32Array(clean.samples.length), sampleRate: clean.sampleRate }
  const report = await gate(silent, [])
  assert.equal(report.gates.silence, 'fail')
  assert.match(report.details.silence.detail, /silent throughout/)
  const mostlyPause = await gate(withLeadingSilence(clean, 8))
  assert.equal(mostlyPause.gates.silence, 'fail', explain(mostlyPause))
})
