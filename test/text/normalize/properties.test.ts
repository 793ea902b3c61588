import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeForSpeech } from '../../../src/text/normalize/index.js'
import * as abbreviations from './cases/abbreviations.js'
import * as datesTimes from './cases/dates-times.js'
import * as money from './cases/money.js'
import * as numbers from './cases/numbers.js'
import * as sentences from './cases/sentences.js'
import * as symbols from './cases/symbols.js'
import * as units from './cases/units.js'
import { integer, mulberry32, pick, randomNumeric, randomText } from './random.js'
import type { Case } from './table.js'

const ALL_CASES: readonly Case[] = [abbreviations, datesTimes, money, numbers, sentences, symbols, units].flatMap(
  (module) => Object.values(module).flat(),
)

test('the case tables hold hundreds of rows', () => {
  assert.ok(ALL_CASES.length >= 400, `${ALL_CASES.length} rows`)
})

test('already-normalized text is a fixed point: every expected output normalizes to itself', () => {
  for (const [, spoken] of ALL_CASES) assert.equal(normalizeForSpeech(spoken), spoken, JSON.stringify(spoken))
})

test('no digit survives in text made only of numbers, money, dates, times, units and symbols', () => {
  const random = mulberry32(20240315)
  for (let i = 0; i < 3000; i += 1) {
    const separator = pick(random, [' ', ', ', ' and ', '. ', '\n', ' to '])
    const input = Array.from({ length: integer(random, 1, 5) }, () => randomNumeric(random)).join(separator)
    const output = normalizeForSpeech(input)
    assert.doesNotMatch(output, /\d/, `${JSON.stringify(input)} → ${JSON.stringify(output)}`)
  }
})

test('normalizing numeric text twice gives the same text as normalizing once', () => {
  // Random garbage is not held to this: "5e.g." becomes "five e.g.", and the second pass then sees an abbreviation.
  const random = mulberry32(7)
  for (let i = 0; i < 3000; i += 1) {
    const input = Array.from({ length: integer(random, 1, 4) }, () => randomNumeric(random)).join(
      pick(random, [' ', ', ', '. ']),
    )
    const once = normalizeForSpeech(input)
    assert.equal(normalizeForSpeech(once), once, JSON.stringify(input))
  }
})

test('normalize: false returns every input unchanged', () => {
  const random = mulberry32(99)
  for (let i = 0; i < 2000; i += 1) {
    const input = randomText(random)
    assert.equal(normalizeForSpeech(input, { normalize: false }), input)
  }
  for (const [written] of ALL_CASES) assert.equal(normalizeForSpeech(written, { normalize: false }), written)
})

test('with every switch on, no ASCII digit survives in any random string', () => {
  const random = mulberry32(2718)
  for (let i = 0; i < 3000; i += 1) {
    const input = randomText(random)
    assert.doesNotMatch(normalizeForSpeech(input), /[0-9]/, JSON.stringify(input))
  }
})

test('never throws on random strings of mixed characters, and leaves no doubled or edge spaces', () => {
  const random = mulberry32(12345)
  for (let i = 0; i < 5000; i += 1) {
    const input = randomText(random)
    let output = ''
    assert.doesNotThrow(() => {
      output = normalizeForSpeech(input)
    }, JSON.stringify(input))
    assert.equal(typeof output, 'string')
    assert.doesNotMatch(output, / {2}|^ | $/m, `${JSON.stringify(input)} → ${JSON.stringify(output)}`)
  }
})

test('every switch combination runs on random strings without throwing', () => {
  const random = mulberry32(31337)
  const switches = [
    'unit_normalization',
    'url_normalization',
    'email_normalization',
    'phone_normalization',
    'optional_pluralization_normalization',
  ] as const
  for (let mask = 0; mask < 2 ** switches.length; mask += 1) {
    const options = Object.fromEntries(switches.map((name, bit) => [name, (mask & (1 << bit)) !== 0]))
    for (let i = 0; i < 100; i += 1) assert.doesNotThrow(() => normalizeForSpeech(randomText(random), options))
  }
})

test('long adversarial inputs run in linear time (no regular-expression backtracking blow-up)', () => {
  const units = [
    '1',
    '1,000',
    '1.',
    '1-',
    ' ',
    '1 - ',
    '-%',
    'a.',
    'St. ',
    '+1 ',
    '1:',
    '1/',
    "'1",
    '1x',
    'on ',
    'Ab ',
    '$1',
    '@a.',
  ]
  for (const unit of units) {
    const input = unit.repeat(Math.ceil(50_000 / unit.length))
    const started = performance.now()
    normalizeForSpeech(input)
    const elapsed = performance.now() - started
    assert.ok(elapsed < 3000, `${JSON.stringify(unit)} × ${input.length / unit.length} took ${Math.round(elapsed)} ms`)
  }
})
