import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normalizeTranscript, scoreUtterance } from '../../../src/text/scoring/index.js'
import { integerForms } from '../../../src/text/scoring/spoken-integers.js'
import { moneyForms } from '../../../src/text/scoring/spoken-money.js'
import { timeForms } from '../../../src/text/scoring/spoken-times.js'

/** A written reference and the spoken forms a listener may have heard, each of which must score 0 WER. */
const SPOKEN_FORMS: readonly (readonly [string, readonly string[]])[] = [
  [
    'In 1999 we met.',
    [
      'in nineteen ninety nine we met',
      'in nineteen ninety-nine we met',
      'in one thousand nine hundred ninety nine we met',
      'in 1999 we met',
    ],
  ],
  ['2005', ['two thousand five', 'twenty oh five', 'two thousand and five']],
  ['2024', ['twenty twenty four', 'two thousand twenty four', 'two thousand and twenty-four']],
  ['1905', ['nineteen oh five', 'one thousand nine hundred five', 'nineteen hundred and five']],
  ['1101', ['eleven oh one', 'one thousand one hundred one']],
  ['1066', ['ten sixty six', 'one thousand sixty six']],
  ['1900', ['nineteen hundred', 'one thousand nine hundred']],
  ['Meet at 3:30.', ['meet at three thirty', 'meet at half past three', 'meet at thirty past three', 'meet at 3:30']],
  ['3:15', ['three fifteen', 'quarter past three', 'a quarter past three', 'quarter after three']],
  ['3:45', ['three forty five', 'quarter to four', 'a quarter to four', 'quarter of four']],
  ['3:10', ['three ten', 'ten past three', 'ten after three', 'ten minutes past three']],
  ['3:50', ['three fifty', 'ten to four', 'ten minutes to four']],
  ['3:05', ['three oh five', 'five past three', 'five after three']],
  ['3:00', ["three o'clock", 'three']],
  ['3:00 pm', ['three pm', "three o'clock pm", 'three p.m.']],
  ['3:30 p.m.', ['three thirty pm', 'half past three pm', 'three thirty p m', 'half past three p.m.']],
  ['12:00 pm', ['twelve pm', 'noon', 'twelve noon']],
  ['15:00', ['fifteen hundred', "three o'clock", 'three']],
  ['15:30', ['fifteen thirty', 'three thirty']],
  ['11:45', ['eleven forty five', 'quarter to twelve']],
  ['12:45', ['twelve forty five', 'quarter to one']],
  [
    'It costs $3.50.',
    [
      'it costs three dollars and fifty cents',
      'it costs three fifty',
      'it costs three dollars fifty',
      'it costs $3.50',
    ],
  ],
  ['$3.05', ['three dollars and five cents', 'three oh five', 'three dollars five']],
  ['$0.75', ['seventy five cents', 'seventy-five cents']],
  ['$20', ['twenty dollars']],
  ['£2.50', ['two pounds fifty pence', 'two pounds fifty', 'two fifty', 'two pounds and fifty pence']],
  ['$2.5 million', ['two point five million dollars', 'two and a half million dollars']],
  ['March 15', ['march fifteenth', 'march fifteen', 'march the fifteenth', 'the fifteenth of march']],
  [
    '15 March 2024',
    [
      'the fifteenth of march twenty twenty four',
      'fifteenth march twenty twenty four',
      'march fifteenth two thousand twenty four',
    ],
  ],
  ['Room 101', ['room one oh one', 'room one zero one', 'room one hundred one', 'room one hundred and one']],
  ['Call 555-1234', ['call five five five one two three four', 'call five five five one two three four']],
  ['Agent 007', ['agent zero zero seven', 'agent oh oh seven']],
  [
    'At 3:30 I paid $3.50 for the 1999 vintage.',
    [
      'at half past three i paid three fifty for the nineteen ninety nine vintage',
      'at three thirty i paid three dollars fifty cents for the nineteen ninety-nine vintage',
    ],
  ],
]

describe('a reference with several spoken forms scores 0 against any of them', () => {
  for (const [reference, forms] of SPOKEN_FORMS) {
    for (const heard of forms) {
      test(`${JSON.stringify(reference)} heard as ${JSON.stringify(heard)}`, () => {
        const score = scoreUtterance({ reference, hypotheses: [heard] })
        assert.equal(score.wer, 0, `${score.normalizedReference} / ${score.normalizedHypotheses[0]}`)
        assert.equal(score.cer, 0)
        assert.ok(
          score.words.every((row) => row.verdict === 'pass'),
          JSON.stringify(score.words),
        )
      })
    }
  }
})

/** Wrong readings stay wrong: the alternatives are readings of the same value, not of any value. */
const MISREADINGS: readonly (readonly [string, string])[] = [
  ['$3.50', 'three fifteen'],
  ['$3.50', 'three dollars fifteen cents'],
  ['3:30', 'half past four'],
  ['3:45', 'quarter to three'],
  ['3:15', 'quarter to three'],
  ['1999', 'nineteen ninety eight'],
  ['1999', 'one nine nine nine'],
  ['March 15', 'march sixteenth'],
  ['Room 101', 'room one oh two'],
  ['2024', 'twenty twenty'],
]

describe('a misreading is still an error', () => {
  for (const [reference, heard] of MISREADINGS) {
    test(`${JSON.stringify(reference)} heard as ${JSON.stringify(heard)}`, () => {
      const score = scoreUtterance({ reference, hypotheses: [heard] })
      assert.ok(score.wer > 0)
      assert.ok(score.words.some((row) => row.verdict === 'tts_failure'))
    })
  }
})

test('the reference is reported in the form it was scored against', () => {
  const score = scoreUtterance({ reference: 'Meet at 3:30.', hypotheses: ['meet at half past three'] })
  assert.equal(score.normalizedReference, 'meet at half past three')
})

test('on a tie the canonical reading is kept', () => {
  // "three o'clock" and "three" are both one edit away from "three pm".
  const score = scoreUtterance({ reference: 'at 3:00', hypotheses: ['at three pm'] })
  assert.equal(score.normalizedReference, normalizeTranscript('at 3:00'))
  assert.equal(score.normalizedReference, 'at three oclock')
})

test('a strictly closer reading wins even when it is not an exact match', () => {
  const score = scoreUtterance({ reference: 'It costs $3.50.', hypotheses: ['it costs three sixty'] })
  assert.equal(score.normalizedReference, 'it costs three fifty')
  assert.equal(score.wer, 1 / 4)
})

test('an unrelated hypothesis is a full failure whichever reading is used', () => {
  const score = scoreUtterance({ reference: 'It costs $3.50.', hypotheses: ['something else entirely'] })
  assert.equal(score.wer, 1)
})

test('two engines may each hear a different valid form: both score 0, every word passes', () => {
  const score = scoreUtterance({
    reference: 'It costs $3.50 at 3:30.',
    hypotheses: ['it costs three fifty at half past three', 'it costs three dollars and fifty cents at three thirty'],
  })
  assert.deepEqual(
    score.hypotheses.map((hypothesis) => hypothesis.wer),
    [0, 0],
  )
  assert.ok(
    score.words.every((row) => row.verdict === 'pass'),
    JSON.stringify(score.words),
  )
})

test('an engine excused by its own reading is still blamed where it was wrong', () => {
  const score = scoreUtterance({
    reference: 'It costs $3.50.',
    hypotheses: ['it costs three sixty', 'it costs three dollars fifty cents'],
  })
  const blamed = score.words.filter((row) => row.verdict !== 'pass')
  assert.deepEqual(
    blamed.map((row) => [row.ref, row.verdict]),
    [['fifty', 'stt_error']],
  )
})

describe('the spoken forms offered', () => {
  test('times', () => {
    assert.deepEqual(timeForms(3, 30, ''), ['three thirty', 'half past three', 'thirty past three'])
    assert.deepEqual(timeForms(3, 45, 'pm').slice(0, 2), ['three forty-five pm', 'quarter to four pm'])
    assert.deepEqual(timeForms(12, 0, 'pm'), ['twelve pm', "twelve o'clock pm", 'noon', 'twelve noon'])
    assert.deepEqual(timeForms(0, 0, ''), ['zero hundred', "twelve o'clock", 'twelve', 'midnight', 'twelve midnight'])
  })
  test('money', () => {
    assert.deepEqual(moneyForms('$', '3', '50'), ['three dollars fifty cents', 'three fifty', 'three dollars fifty'])
    assert.deepEqual(moneyForms('$', '1', undefined), ['one dollar'])
    assert.deepEqual(moneyForms('$', '0', '05'), ['five cents'])
    assert.deepEqual(moneyForms('¥', '500', '5'), ['five hundred point five yen'])
    assert.equal(moneyForms('₿', '1', undefined), undefined)
  })
  test('integers', () => {
    assert.deepEqual(integerForms('42'), ['forty two'])
    assert.deepEqual(integerForms('101'), ['one hundred one', 'one zero one', 'one oh one'])
    assert.deepEqual(integerForms('1999'), ['nineteen ninety nine', 'nineteen ninety-nine'])
    assert.deepEqual(integerForms('007'), ['zero zero seven', 'oh oh seven'])
  })
})
