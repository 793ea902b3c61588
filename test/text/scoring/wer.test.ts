import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  characterErrors,
  corpusRates,
  scoreCorpus,
  scoreUtterance,
  utteranceRates,
  wordErrors,
} from '../../../src/text/scoring/index.js'

const words = (text: string): string[] => (text === '' ? [] : text.split(' '))

/** [reference, hypothesis, substitutions, deletions, insertions, WER] — counted by hand. */
const WORD_CASES: readonly (readonly [string, string, number, number, number, number])[] = [
  ['the cat sat', 'the cat sat', 0, 0, 0, 0],
  ['the cat sat', 'the bat sat', 1, 0, 0, 1 / 3],
  ['the cat sat', 'the cat', 0, 1, 0, 1 / 3],
  ['the cat', 'the cat sat', 0, 0, 1, 1 / 2],
  ['the cat sat on the mat', 'the bat sat on mat', 1, 1, 0, 2 / 6],
  ['a b c d', '', 0, 4, 0, 1],
  ['a', 'x y z', 1, 0, 2, 3],
  ['a b c d', 'x y', 2, 2, 0, 1],
  ['one two three four five', 'one three five', 0, 2, 0, 2 / 5],
  ['i like green eggs', 'i like the green eggs and ham', 0, 0, 3, 3 / 4],
  ['go', 'go go go', 0, 0, 2, 2],
  ['x y z', 'z y x', 2, 0, 0, 2 / 3],
  ['alpha beta gamma delta', 'alpha gamma delta epsilon', 0, 1, 1, 2 / 4],
]

describe('WER by hand', () => {
  for (const [reference, hypothesis, substitutions, deletions, insertions, wer] of WORD_CASES) {
    test(`${JSON.stringify(reference)} / ${JSON.stringify(hypothesis)}: S=${substitutions} D=${deletions} I=${insertions}`, () => {
      const counts = wordErrors(words(reference), words(hypothesis))
      assert.deepEqual(
        [counts.substitutions, counts.deletions, counts.insertions],
        [substitutions, deletions, insertions],
      )
      assert.ok(Math.abs(utteranceRates(words(reference), words(hypothesis)).wer - wer) < 1e-12)
    })
  }
})

describe('empty references and hypotheses', () => {
  test('both empty: WER and CER 0', () => {
    const rates = utteranceRates([], [])
    assert.equal(rates.wer, 0)
    assert.equal(rates.cer, 0)
  })
  test('empty reference, something heard: WER and CER 1, never more', () => {
    const rates = utteranceRates([], ['hello', 'there', 'friend'])
    assert.equal(rates.wer, 1)
    assert.equal(rates.cer, 1)
    assert.equal(rates.words.insertions, 3)
  })
  test('nothing heard: WER and CER 1', () => {
    const rates = utteranceRates(['hello', 'there'], [])
    assert.equal(rates.wer, 1)
    assert.equal(rates.cer, 1)
  })
  test('a reference that is only noise annotations and fillers normalizes to empty', () => {
    const score = scoreUtterance({ reference: '[music] um', hypotheses: ['uh'] })
    assert.equal(score.normalizedReference, '')
    assert.equal(score.wer, 0)
  })
  test('in a corpus, an empty reference adds its insertions but no reference words', () => {
    const rates = corpusRates([utteranceRates(['a', 'b'], ['a', 'b']), utteranceRates([], ['x'])])
    assert.equal(rates.corpusWer, 1 / 2)
    assert.equal(rates.meanUtteranceWer, (0 + 1) / 2)
  })
  test('an empty corpus has rates of 0', () => {
    const rates = corpusRates([])
    assert.deepEqual(
      [rates.corpusWer, rates.meanUtteranceWer, rates.corpusCer, rates.meanUtteranceCer, rates.utterancesOverHalfWer],
      [0, 0, 0, 0, 0],
    )
  })
})

/** [reference, hypothesis, character errors, reference characters]. Spaces count. */
const CHARACTER_CASES: readonly (readonly [string, string, number, number])[] = [
  ['abc', 'abc', 0, 3],
  ['abc', 'abd', 1, 3],
  ['hello world', 'hello word', 1, 11],
  ['kitten', 'sitting', 3, 6],
  ['the cat', 'the bat', 1, 7],
  ['ab', '', 2, 2],
  ['one two', 'onetwo', 1, 7],
]

describe('CER by hand', () => {
  for (const [reference, hypothesis, errors, length] of CHARACTER_CASES) {
    test(`${JSON.stringify(reference)} / ${JSON.stringify(hypothesis)}: ${errors}/${length}`, () => {
      const counts = characterErrors(reference, hypothesis)
      assert.equal(counts.substitutions + counts.deletions + counts.insertions, errors)
      assert.equal(counts.referenceLength, length)
      assert.ok(Math.abs(utteranceRates(words(reference), words(hypothesis)).cer - errors / length) < 1e-12)
    })
  }
})

describe('corpus WER and mean per-utterance WER are different figures', () => {
  // Utterance 1: 2 reference words, 1 error (WER 0.5). Utterance 2: 8 words, no error (WER 0).
  const items = [
    { reference: 'hello world', hypotheses: ['hello word'] },
    { reference: 'the quick brown fox jumps over the dog', hypotheses: ['the quick brown fox jumps over the dog'] },
  ]
  const corpus = scoreCorpus(items)
  test('corpus WER pools words: 1 error / 10 words = 0.1', () => assert.equal(corpus.corpusWer, 0.1))
  test('mean per-utterance WER weighs utterances: (0.5 + 0) / 2 = 0.25', () =>
    assert.equal(corpus.meanUtteranceWer, 0.25))
  test('an utterance at exactly 50% is not over 50%', () => assert.equal(corpus.utterancesOverHalfWer, 0))
  test('CER follows the same split', () => {
    // "hello world" / "hello word": 1 of 11 characters; the other utterance has none wrong.
    assert.equal(corpus.meanUtteranceCer, (1 / 11 + 0) / 2)
    assert.equal(corpus.corpusCer, 1 / (11 + 38))
  })
})

describe('utterances over 50% WER', () => {
  const corpus = scoreCorpus([
    { reference: 'one two three four', hypotheses: ['one two three four'] },
    { reference: 'alpha beta', hypotheses: ['gamma'] },
    { reference: 'red green blue', hypotheses: ['red'] },
    { reference: 'yes', hypotheses: [''] },
    { reference: 'the end', hypotheses: ['the bend'] },
  ])
  test('counts WER strictly above one half: 1.0, 0.67 and 1.0', () => assert.equal(corpus.utterancesOverHalfWer, 3))
  test('corpus WER: (0 + 2 + 2 + 1 + 1) / (4 + 2 + 3 + 1 + 2)', () => assert.equal(corpus.corpusWer, 6 / 12))
  test('mean per-utterance WER: (0 + 1 + 2/3 + 1 + 1/2) / 5', () =>
    assert.ok(Math.abs(corpus.meanUtteranceWer - (0 + 1 + 2 / 3 + 1 + 1 / 2) / 5) < 1e-12))
})

describe('WER is computed after normalization', () => {
  const CASES: readonly (readonly [string, string, number])[] = [
    ['Hello, World!', 'hello world', 0],
    ["Don't panic.", 'do not panic', 0],
    ['It costs $3.50.', 'it costs three dollars and fifty cents', 0],
    ['The colour is grey.', 'the color is gray', 0],
    ['Um, I think so.', 'i think so', 0],
    ['Meet at 3:30 p.m.', 'meet at three thirty pm', 0],
    ['Mr. Smith went to Washington.', 'mister smith went to washington', 0],
    ['Mr. Smith went to Washington.', 'mister smith went to washing ton', 2 / 5],
  ]
  for (const [reference, hypothesis, wer] of CASES) {
    test(`${JSON.stringify(reference)} / ${JSON.stringify(hypothesis)} → ${wer}`, () => {
      assert.equal(scoreUtterance({ reference, hypotheses: [hypothesis] }).wer, wer)
    })
  }
})

test('with two hypotheses, each gets its own WER and the corpus reports both engines', () => {
  const corpus = scoreCorpus([
    { reference: 'one two three four', hypotheses: ['one two three four', 'one too three four'] },
    { reference: 'five six', hypotheses: ['five sticks', 'five six'] },
  ])
  assert.deepEqual(
    corpus.utterances.map((utterance) => utterance.hypotheses.map((hypothesis) => hypothesis.wer)),
    [
      [0, 0.25],
      [0.5, 0],
    ],
  )
  assert.equal(corpus.byHypothesis.length, 2)
  assert.equal(corpus.byHypothesis[0]?.corpusWer, 1 / 6)
  assert.equal(corpus.byHypothesis[1]?.corpusWer, 1 / 6)
  assert.equal(corpus.byHypothesis[0]?.meanUtteranceWer, 0.25)
  assert.equal(corpus.byHypothesis[1]?.meanUtteranceWer, 0.125)
  assert.equal(corpus.corpusWer, corpus.byHypothesis[0]?.corpusWer)
})

test('scoring without a hypothesis is refused', () => {
  assert.throws(() => scoreUtterance({ reference: 'hello', hypotheses: [] }), RangeError)
})
