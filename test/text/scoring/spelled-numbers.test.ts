import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { cardinalWords, ordinalWords } from '../../../src/text/normalize/number-words.js'
import { yearWords } from '../../../src/text/normalize/years.js'
import { normalizeTranscript } from '../../../src/text/scoring/index.js'
import {
  canonicalDecimalWords,
  canonicalIntegerWords,
  canonicalizeNumberWords,
  canonicalOrdinalWords,
} from '../../../src/text/scoring/spelled-numbers.js'
import { integer, mulberry32 } from '../normalize/random.js'

const CANONICAL_INTEGERS: readonly (readonly [number, string])[] = [
  [0, 'zero'],
  [5, 'five'],
  [19, 'nineteen'],
  [20, 'twenty'],
  [21, 'twenty one'],
  [100, 'one hundred'],
  [101, 'one hundred one'],
  [999, 'nine hundred ninety nine'],
  [1000, 'one thousand'],
  [1001, 'one thousand one'],
  [1005, 'one thousand five'],
  [1010, 'ten ten'],
  [1066, 'ten sixty six'],
  [1100, 'eleven hundred'],
  [1205, 'one thousand two hundred five'],
  [1305, 'thirteen oh five'],
  [1900, 'nineteen hundred'],
  [1905, 'nineteen oh five'],
  [1999, 'nineteen ninety nine'],
  [2000, 'two thousand'],
  [2001, 'two thousand one'],
  [2009, 'two thousand nine'],
  [2010, 'twenty ten'],
  [2024, 'twenty twenty four'],
  [2099, 'twenty ninety nine'],
  [2100, 'two thousand one hundred'],
  [10000, 'ten thousand'],
  [123456, 'one hundred twenty three thousand four hundred fifty six'],
  [1000000, 'one million'],
]

describe('canonical words for a whole number', () => {
  for (const [value, words] of CANONICAL_INTEGERS) {
    test(`${value} → ${words}`, () => assert.equal(canonicalIntegerWords(value), words))
  }
})

test('ordinals and decimals have one canonical spelling', () => {
  assert.equal(canonicalOrdinalWords(1), 'first')
  assert.equal(canonicalOrdinalWords(22), 'twenty second')
  assert.equal(canonicalOrdinalWords(1900), 'one thousand nine hundredth')
  assert.equal(canonicalDecimalWords('3', '14'), 'three point one four')
  assert.equal(canonicalDecimalWords('', '5'), 'point five')
  assert.equal(canonicalDecimalWords('2024', '0'), 'twenty twenty four point zero')
})

const WORD_RUNS: readonly (readonly [string, string])[] = [
  ['a hundred and five', 'one hundred five'],
  ['one hundred and five dogs and six cats', 'one hundred five dogs and six cats'],
  ['two thousand and twenty', 'twenty twenty'],
  ['nineteen ninety nine', 'nineteen ninety nine'],
  ['nineteen hundred and ninety nine', 'nineteen ninety nine'],
  ['twelve hundred', 'twelve hundred'],
  ['one thousand two hundred', 'twelve hundred'],
  ['five six seven', 'five six seven'],
  ['twenty five', 'twenty five'],
  ['twenty twenty', 'twenty twenty'],
  ['ten ten', 'ten ten'],
  ['zero', 'zero'],
  ['zero five', 'zero five'],
  ['oh five', 'oh five'],
  ['three oh five', 'three oh five'],
  ['twelve oh five', 'twelve oh five'],
  ['a thousand and one nights', 'one thousand one nights'],
  ['a few hundred', 'a few hundred'],
  ['one million two hundred thousand', 'one million two hundred thousand'],
  ['a hundred thousand', 'one hundred thousand'],
  ['five thousand thousand', 'five thousand thousand'],
  ['three point one four', 'three point one four'],
  ['three point', 'three point'],
  ['three and a half six', 'three and a half six'],
  ['one and a half', 'one point five'],
  ['twenty first', 'twenty first'],
  ['one hundredth', 'one hundredth'],
  ['two thousandth', 'two thousandth'],
  ['first second', 'first second'],
  ['twenty first second', 'twenty first second'],
  ['the one i want', 'the one i want'],
  ['and and', 'and and'],
]

describe('spelled number runs', () => {
  for (const [words, canonical] of WORD_RUNS) {
    test(`${JSON.stringify(words)} → ${JSON.stringify(canonical)}`, () => {
      assert.equal(canonicalizeNumberWords(words.split(' ')).join(' '), canonical)
    })
  }
})

describe('every common reading of a number normalizes like its digits', () => {
  test('cardinal words of 0–2500 and of random large numbers', () => {
    const random = mulberry32(1234)
    const values = [
      ...Array.from({ length: 2501 }, (_, n) => n),
      ...Array.from({ length: 500 }, () => integer(random, 0, 999_999_999)),
    ]
    for (const value of values) {
      const digits = String(value)
      assert.equal(normalizeTranscript(cardinalWords(digits)), normalizeTranscript(digits), digits)
    }
  })
  test('British readings with "and" agree with American ones', () => {
    for (const value of [101, 115, 250, 999, 1001, 1050, 2005, 2019, 10_001, 123_456]) {
      const british = cardinalWords(String(value)).replace(/hundred (?=\w)/g, 'hundred and ')
      assert.equal(normalizeTranscript(british), normalizeTranscript(String(value)), british)
    }
  })
  test('year readings of 1000–2099 agree with the digits, except "eleven oh one" … "twelve oh nine"', () => {
    // Those read like clock times ("ten oh five"), so the canonical form keeps them apart; the scorer offers the
    // year reading as an alternative (see multi-form.test.ts).
    const clockLike = (year: number): boolean => year > 1100 && year < 1210 && year % 100 < 10
    for (let year = 1000; year <= 2099; year += 1) {
      if (clockLike(year)) continue
      assert.equal(normalizeTranscript(yearWords(String(year))), normalizeTranscript(String(year)), String(year))
    }
  })
  test('ordinal words of 1–1000 agree with "1st", "22nd" …', () => {
    const suffix = (n: number): string =>
      n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
    for (let value = 1; value <= 1000; value += 1) {
      const written = `${value}${suffix(value)}`
      assert.equal(normalizeTranscript(ordinalWords(String(value))), normalizeTranscript(written), written)
    }
  })
})
