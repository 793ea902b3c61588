import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SignalMetrics } from '../../src/audio/metrics/index.js'
import type { GateInput } from '../../src/lab/gates/index.js'
import {
  countSyllables,
  defaultThresholds,
  estimateSyllables,
  GATE_NAMES,
  gates,
  normalizeWords,
  runGates,
  worstRepetition,
} from '../../src/lab/gates/index.js'

/** Metrics of a healthy 3 s clip; tests override what they probe. */
const healthy: SignalMetrics = {
  durationSeconds: 3,
  sampleRate: 16000,
  peak: 0.7,
  peakDbfs: -3.1,
  rmsDbfs: -18,
  clippingPercent: 0,
  silencePercent: 15,
  silenceThresholdDbfs: -50,
  energyStdDb: 9,
  dynamicRangeDb: 30,
  zeroCrossingRate: 2000,
  spectralCentroidHz: 1400,
  spectralRolloffHz: 2600,
  leadingSilenceSeconds: 0.2,
  trailingSilenceSeconds: 0.15,
  edgeStartDb: -50,
  edgeEndDb: -50,
}

const TEXT = 'Please call Stella and ask her to bring these things.'
const WORDS = normalizeWords(TEXT)

function input(overrides: Partial<GateInput> = {}, metrics: Partial<SignalMetrics> = {}): GateInput {
  return { metrics: { ...healthy, ...metrics }, referenceText: TEXT, hypothesisWords: WORDS, wer: 0, ...overrides }
}

test('the gate names are stable and every gate is a documented data entry', () => {
  assert.deepEqual(Object.keys(gates), [...GATE_NAMES])
  for (const name of GATE_NAMES) {
    const entry = gates[name]
    assert.equal(entry.name, name)
    assert.ok(entry.description.length > 40, `${name} describes itself`)
    assert.deepEqual(defaultThresholds[name], entry.defaultThreshold)
  }
})

test('a healthy clip heard correctly passes every gate', async () => {
  const report = await runGates(input())
  assert.equal(report.pass, true)
  assert.ok(Object.values(report.gates).every((status) => status === 'pass'))
})

test('each signal gate fails on its own reading, at its default threshold', async () => {
  const cases: [keyof typeof gates, Partial<SignalMetrics>][] = [
    ['clipping', { clippingPercent: 0.11 }],
    ['silence', { silencePercent: 61 }],
    ['leading_silence', { leadingSilenceSeconds: 0.81 }],
    ['truncated_start', { edgeStartDb: -5 }],
    ['truncated_tail', { edgeEndDb: -5 }],
  ]
  for (const [name, metrics] of cases) {
    const report = await runGates(input({}, metrics))
    assert.equal(report.pass, false, name)
    assert.deepEqual(
      Object.entries(report.gates)
        .filter(([, status]) => status === 'fail')
        .map(([gate]) => gate),
      [name],
    )
  }
})

test('thresholds are configurable per gate name, the speaking-rate band per key', async () => {
  const report = await runGates(input({}, { clippingPercent: 0.5, leadingSilenceSeconds: 1 }), {
    clipping: 1,
    leading_silence: 1.2,
  })
  assert.equal(report.pass, true)
  assert.equal(report.details.clipping.threshold, 1)
  const strict = await runGates(input(), { speaking_rate: { maxSyllablesPerSecond: 3 } })
  assert.equal(strict.gates.speaking_rate, 'fail')
  assert.deepEqual(strict.details.speaking_rate.threshold, { minSyllablesPerSecond: 2, maxSyllablesPerSecond: 3 })
})

test('a misspelt gate or a non-number threshold is refused with the fix', async () => {
  await assert.rejects(runGates(input(), { clippng: 1 } as never), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'CHORUS_ERR_CONFIG_INVALID')
    assert.match(error.message, /unknown gate `clippng`.*did you mean `clipping`\?/)
    return true
  })
  await assert.rejects(runGates(input(), { silence: '60' } as never), /`silence` must be a number; got "60"/)
  await assert.rejects(
    runGates(input(), { speaking_rate: { maxSylablesPerSecond: 9 } } as never),
    /unknown speaking_rate key `maxSylablesPerSecond` in gate thresholds; did you mean `maxSyllablesPerSecond`\?/,
  )
})

test('the silence gate fails a silent or empty clip whatever its threshold', async () => {
  const silent = await runGates(input({}, { silencePercent: 100, peakDbfs: -Infinity }), { silence: 100 })
  assert.equal(silent.gates.silence, 'fail')
  const empty = await runGates(input({}, { durationSeconds: 0, silencePercent: 100 }), { silence: 100 })
  assert.match(empty.details.silence.detail, /empty/)
})

test('asr_wer fails above 20% by default and on a WER that is not a number', async () => {
  assert.equal((await runGates(input({ wer: 0.2 }))).gates.asr_wer, 'pass')
  assert.equal((await runGates(input({ wer: 0.25 }))).gates.asr_wer, 'fail')
  assert.equal((await runGates(input({ wer: NaN }))).gates.asr_wer, 'fail')
})

test('repetition: a phrase said again is flagged, a phrase the reference repeats is not', () => {
  const reference = normalizeWords('I said yes, I said yes again.')
  assert.equal(worstRepetition(reference, reference), undefined)
  const looped = normalizeWords('I said yes I said yes I said yes again')
  assert.deepEqual(worstRepetition(reference, looped), { phrase: 'i said', heard: 3, expected: 2 })
})

test('repetition: one word needs three in a row beyond the reference’s own run', () => {
  const reference = normalizeWords('No, no, no, not the cat.')
  assert.equal(worstRepetition(reference, normalizeWords('no no no not the cat')), undefined)
  assert.equal(worstRepetition(reference, normalizeWords('no no no not the the cat')), undefined)
  const stutter = worstRepetition(reference, normalizeWords('no no no not the the the the cat'))
  assert.deepEqual(stutter, { phrase: 'the', heard: 4, expected: 1 })
})

test('repetition gate value is the excess, and fails above the allowed excess', async () => {
  const hypothesis = normalizeWords('Please call Stella and ask her to bring to bring these things.')
  const report = await runGates(input({ hypothesisWords: hypothesis }))
  assert.equal(report.gates.repetition, 'fail')
  assert.equal(report.details.repetition.value, 1)
  assert.equal((await runGates(input({ hypothesisWords: hypothesis }), { repetition: 1 })).gates.repetition, 'pass')
})

test('truncation needs two kinds of evidence unless one is overwhelming', async () => {
  const lastWordMissing = WORDS.slice(0, -1)
  const check = async (edgeEndDb: number, hypothesisWords: readonly string[]): Promise<string> =>
    (await runGates(input({ hypothesisWords }, { edgeEndDb }))).gates.truncated_tail
  assert.equal(await check(-40, lastWordMissing), 'pass', 'quiet end, one word missing: the recogniser, probably')
  assert.equal(await check(-15, WORDS), 'pass', 'slightly loud end, every word heard')
  assert.equal(await check(-15, lastWordMissing), 'fail', 'loud end and a missing word')
  assert.equal(await check(-8, WORDS), 'fail', 'speech-level energy at the end: a cut regardless')
  assert.equal(await check(-60, WORDS.slice(0, -2)), 'fail', 'both closing words missing')
})

test('speaking rate is judged in syllables per second over the speech span', async () => {
  // 11 syllables ("Stella" has 2) over 3 − 0.2 − 0.15 = 2.65 s: 4.2/s.
  const normal = await runGates(input())
  assert.equal(normal.gates.speaking_rate, 'pass')
  assert.ok(Math.abs(normal.details.speaking_rate.value - 11 / 2.65) < 1e-9, `${normal.details.speaking_rate.value}`)
  const rushed = await runGates(input({}, { durationSeconds: 1.5 }))
  assert.equal(rushed.gates.speaking_rate, 'fail', rushed.details.speaking_rate.detail)
  const dragged = await runGates(input({}, { durationSeconds: 8 }))
  assert.equal(dragged.gates.speaking_rate, 'fail', dragged.details.speaking_rate.detail)
})

test('speaking rate uses ASR word timings for the span when given', async () => {
  const hypothesisTimings = WORDS.map((word, i) => ({ word, start: 1 + i * 0.5, end: 1.4 + i * 0.5 }))
  // 10 words from 1.0 s to 5.9 s: 11 syllables over 4.9 s.
  const report = await runGates(input({ hypothesisTimings }))
  assert.ok(Math.abs(report.details.speaking_rate.value - 11 / 4.9) < 1e-9)
  assert.match(report.details.speaking_rate.detail, /ASR word timings/)
})

test('speaking rate does not judge fewer than three words', async () => {
  const report = await runGates({
    ...input({ referenceText: 'Hello there.', hypothesisWords: ['hello', 'there'] }),
    metrics: { ...healthy, durationSeconds: 10 },
  })
  assert.equal(report.gates.speaking_rate, 'pass')
  assert.match(report.details.speaking_rate.detail, /too few/)
})

test('syllables come from the CMU dictionary, with a spelling estimate for unknown words', async () => {
  assert.equal(await countSyllables(['international', 'organizations']), 5 + 5)
  assert.equal(await countSyllables(['zorblaxian']), estimateSyllables('zorblaxian'))
  assert.equal(estimateSyllables('make'), 1)
  assert.equal(estimateSyllables('table'), 2)
  assert.equal(estimateSyllables('rhythm'), 1)
})

test('the fallback normaliser lowercases and drops punctuation but keeps inner apostrophes', () => {
  assert.deepEqual(normalizeWords('“Don’t stop,” she said — twice!'), ["don't", 'stop', 'she', 'said', 'twice'])
})
