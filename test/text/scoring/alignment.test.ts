import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { alignSequences, countOperations, editDistance } from '../../../src/text/scoring/index.js'
import { integer, mulberry32, pick } from '../normalize/random.js'

/** [reference, hypothesis, operations]: M match, S substitution, I insertion, D deletion. */
const ALIGNMENTS: readonly (readonly [string, string, string])[] = [
  ['', '', ''],
  ['a', 'a', 'M'],
  ['a', 'b', 'S'],
  ['a', '', 'D'],
  ['', 'a', 'I'],
  ['', 'a b c', 'I I I'],
  ['a b c', '', 'D D D'],
  ['a b c', 'a b c', 'M M M'],
  ['a b c', 'a x c', 'M S M'],
  ['a b c', 'a c', 'M D M'],
  ['a c', 'a b c', 'M I M'],
  ['a b c', 'x y z', 'S S S'],
  ['a b c d', 'a c d', 'M D M M'],
  ['a b c d', 'b c d', 'D M M M'],
  ['a b c d', 'a b c', 'M M M D'],
  ['b c d', 'a b c d', 'I M M M'],
  ['a b c', 'a b c d', 'M M M I'],
  ['the cat sat', 'the cat sat down', 'M M M I'],
  ['the cat sat on the mat', 'the bat sat on mat', 'M S M M D M'],
  ['the the cat', 'the cat', 'D M M'],
  ['a b a b', 'b a b a', 'I M M M D'],
  ['their bookshelves are the the best', 'there book shelves are the best', 'S I S M D M M'],
  ['bookshelves', 'book shelves', 'I S'],
  ['every day', 'everyday', 'S D'],
  ['new york city', 'new york', 'M M D'],
  ['i scream', 'ice cream', 'S S'],
  ['one two three four five', 'one three five', 'M D M D M'],
  ['x a b c', 'a b c x', 'D M M M I'],
  ['go go go', 'go', 'D D M'],
  ['a b c d e f', 'a c e', 'M D M D M D'],
]

const LETTERS: Readonly<Record<string, string>> = {
  match: 'M',
  substitution: 'S',
  insertion: 'I',
  deletion: 'D',
}

const split = (text: string): string[] => (text === '' ? [] : text.split(' '))

describe('word alignment with a backtrace', () => {
  for (const [reference, hypothesis, expected] of ALIGNMENTS) {
    test(`${JSON.stringify(reference)} / ${JSON.stringify(hypothesis)} → ${expected || '(nothing)'}`, () => {
      const pairs = alignSequences(split(reference), split(hypothesis))
      assert.equal(pairs.map((pair) => LETTERS[pair.op]).join(' '), expected)
    })
  }
})

test('pairs carry the words and indices they align', () => {
  const pairs = alignSequences(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])
  assert.deepEqual(pairs, [
    { op: 'match', refIndex: 0, hypIndex: 0, ref: 'a', hyp: 'a' },
    { op: 'substitution', refIndex: 1, hypIndex: 1, ref: 'b', hyp: 'x' },
    { op: 'match', refIndex: 2, hypIndex: 2, ref: 'c', hyp: 'c' },
    { op: 'insertion', hypIndex: 3, hyp: 'd' },
  ])
})

test('a custom equality aligns other things than strings', () => {
  const pairs = alignSequences([1, 2, 3], [1.1, 2.2, 3], (a, b) => Math.round(a) === Math.round(b))
  assert.deepEqual(
    pairs.map((pair) => pair.op),
    ['match', 'match', 'match'],
  )
})

test('a similar word is paired with its look-alike when the edit count ties', () => {
  const pairs = alignSequences(['their', 'house'], ['there', 'nice', 'house'])
  assert.deepEqual(
    pairs.map((pair) => [pair.ref ?? null, pair.hyp ?? null]),
    [
      ['their', 'there'],
      [null, 'nice'],
      ['house', 'house'],
    ],
  )
})

test('random sequences: the alignment accounts for every word once and costs exactly the edit distance', () => {
  const random = mulberry32(42)
  const vocabulary = ['a', 'b', 'c', 'd', 'the', 'cat']
  for (let round = 0; round < 2000; round += 1) {
    const reference = Array.from({ length: integer(random, 0, 9) }, () => pick(random, vocabulary))
    const hypothesis = Array.from({ length: integer(random, 0, 9) }, () => pick(random, vocabulary))
    const pairs = alignSequences(reference, hypothesis)
    const counts = countOperations(pairs)
    assert.equal(counts.matches + counts.substitutions + counts.deletions, reference.length)
    assert.equal(counts.matches + counts.substitutions + counts.insertions, hypothesis.length)
    assert.equal(counts.substitutions + counts.deletions + counts.insertions, editDistance(reference, hypothesis))
    assert.deepEqual(
      pairs.flatMap((pair) => (pair.refIndex === undefined ? [] : [pair.refIndex])),
      reference.map((_, index) => index),
    )
    assert.deepEqual(
      pairs.flatMap((pair) => (pair.hypIndex === undefined ? [] : [pair.hypIndex])),
      hypothesis.map((_, index) => index),
    )
    for (const pair of pairs) assert.equal(pair.op === 'match', pair.ref !== undefined && pair.ref === pair.hyp)
  }
})

describe('edit distance', () => {
  const CASES: readonly (readonly [string, string, number])[] = [
    ['', '', 0],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['abc', 'abc', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['intention', 'execution', 5],
    ['ab', 'ba', 2],
  ]
  for (const [first, second, distance] of CASES) {
    test(`${JSON.stringify(first)} ↔ ${JSON.stringify(second)} = ${distance}`, () => {
      assert.equal(editDistance([...first], [...second]), distance)
      assert.equal(editDistance([...second], [...first]), distance)
    })
  }
})
