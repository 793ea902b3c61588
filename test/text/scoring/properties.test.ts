import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeTranscript, scoreUtterance, utteranceRates, wordErrors } from '../../../src/text/scoring/index.js'
import { integer, mulberry32, pick, randomText } from '../normalize/random.js'
import * as normalizer from './cases/normalizer.js'
import * as verdicts from './cases/verdicts.js'

const NORMALIZER_INPUTS: readonly string[] = Object.values(normalizer)
  .flat()
  .flatMap((row) => [...row])
const VERDICT_INPUTS: readonly string[] = Object.values(verdicts)
  .flat()
  .flatMap((row) => [row.reference, ...row.hypotheses])
const INPUTS: readonly string[] = [...new Set([...NORMALIZER_INPUTS, ...VERDICT_INPUTS])]

/** Two to four case inputs run together, so rules meet each other's output. */
function composed(random: () => number): string {
  const separator = pick(random, [' ', ', ', '. ', ' and ', '\n', '; '])
  return Array.from({ length: integer(random, 2, 4) }, () => pick(random, INPUTS)).join(separator)
}

test('the case tables hold hundreds of inputs', () => {
  assert.ok(INPUTS.length >= 400, `${INPUTS.length} inputs`)
})

test('normalizing twice gives the same as normalizing once: every case input', () => {
  for (const input of INPUTS) {
    const once = normalizeTranscript(input)
    assert.equal(normalizeTranscript(once), once, JSON.stringify(input))
  }
})

test('normalizing twice gives the same as normalizing once: case inputs run together', () => {
  const random = mulberry32(31337)
  for (let round = 0; round < 1500; round += 1) {
    const input = composed(random)
    const once = normalizeTranscript(input)
    assert.equal(normalizeTranscript(once), once, JSON.stringify(input))
  }
})

test('normalizing twice gives the same as normalizing once: random characters', () => {
  const random = mulberry32(8080)
  for (let round = 0; round < 1500; round += 1) {
    const input = randomText(random)
    const once = normalizeTranscript(input)
    assert.equal(normalizeTranscript(once), once, JSON.stringify(input))
  }
})

test('normalized text is lower-case words separated by single spaces, without digits or punctuation', () => {
  const random = mulberry32(99)
  const inputs = [...INPUTS, ...Array.from({ length: 1500 }, () => randomText(random))]
  for (const input of inputs) {
    const output = normalizeTranscript(input)
    assert.doesNotMatch(
      output,
      /[A-Z0-9]|[!-/:-@[-`{-~]|\s{2}|^\s|\s$/,
      `${JSON.stringify(input)} → ${JSON.stringify(output)}`,
    )
  }
})

test('WER and CER of a transcript against itself are 0, and every word passes', () => {
  for (const input of INPUTS) {
    const score = scoreUtterance({ reference: input, hypotheses: [input] })
    assert.equal(score.wer, 0, JSON.stringify(input))
    assert.equal(score.cer, 0, JSON.stringify(input))
    assert.ok(
      score.words.every((row) => row.verdict === 'pass' || row.verdict === 'filler_word'),
      JSON.stringify(score.words),
    )
  }
})

test('WER is never negative, is 1 when nothing was heard, and is bounded by the longer side', () => {
  const random = mulberry32(2024)
  for (let round = 0; round < 400; round += 1) {
    const reference = composed(random)
    const hypothesis = composed(random)
    const score = scoreUtterance({ reference, hypotheses: [hypothesis] })
    const referenceWords = score.hypotheses[0]!.words.referenceLength
    const hypothesisWords = score.hypotheses[0]!.words.hypothesisLength
    assert.ok(score.wer >= 0)
    if (referenceWords > 0) assert.ok(score.wer <= Math.max(referenceWords, hypothesisWords) / referenceWords)
    const silent = scoreUtterance({ reference, hypotheses: [''] })
    assert.equal(silent.wer, referenceWords > 0 ? 1 : 0, JSON.stringify(reference))
  }
})

test('the number of word errors is symmetric, so WER(a, b) · |a| = WER(b, a) · |b|', () => {
  const random = mulberry32(77)
  for (let round = 0; round < 400; round += 1) {
    const first = normalizeTranscript(composed(random)).split(' ').filter(Boolean)
    const second = normalizeTranscript(composed(random)).split(' ').filter(Boolean)
    const forward = wordErrors(first, second)
    const backward = wordErrors(second, first)
    const total = (counts: typeof forward): number => counts.substitutions + counts.deletions + counts.insertions
    assert.equal(total(forward), total(backward))
    assert.equal(forward.deletions, backward.insertions)
    if (first.length > 0 && second.length > 0) {
      const a = utteranceRates(first, second).wer * first.length
      const b = utteranceRates(second, first).wer * second.length
      assert.ok(Math.abs(a - b) < 1e-9)
    }
  }
})

test('the word table accounts for every reference and hypothesis word exactly once', () => {
  const random = mulberry32(5150)
  for (let round = 0; round < 300; round += 1) {
    const reference = composed(random)
    const hypotheses = [composed(random), composed(random)]
    const score = scoreUtterance({ reference, hypotheses })
    const spoken = score.words.filter((row) => row.verdict !== 'filler_word')
    const column = (pick: (row: (typeof spoken)[number]) => string | null | undefined): string =>
      spoken.flatMap((row) => (pick(row) == null ? [] : [pick(row)])).join(' ')
    assert.equal(
      column((row) => row.ref),
      score.normalizedReference,
    )
    assert.equal(
      column((row) => row.hyp),
      score.normalizedHypotheses[0],
    )
    assert.equal(
      column((row) => row.hyp2),
      score.normalizedHypotheses[1],
    )
  }
})
