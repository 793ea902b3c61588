/**
 * Generators of random inputs on the project's seeded PRNG (mulberry32, re-exported here for the tests that import it
 * from this file), so property tests are reproducible: the same seed gives the same strings on every machine.
 */
export { mulberry32 } from '../../../src/util/seeded-random.js'

export type Random = () => number

export function integer(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

export function digits(random: Random, length: number): string {
  return Array.from({ length }, () => String(integer(random, 0, 9))).join('')
}

/** Characters chosen to hit every rule: digits and their punctuation, currency, units, letters, emoji, odd Unicode. */
const ALPHABETS: readonly string[] = [
  '0123456789',
  '0123456789.,-/:',
  ' \t\n',
  '$£€¥₹%°#@&+=<>~±×^*()[]{}"\'`!?;|\\_',
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'kmgsMBGThzWVinftlbozpa',
  'éßçñøåΩπЖ日本語한국어عربي',
  '½¾⅓′″²³ºªℓ℃℉µμ‰−–—…“”‘’',
  '😀🎉👍🏽❤️‍🔥🇺🇸',
  '\u0301\u200b\u200d\ufeff\ud800\udc00\ud83d',
]

const WORDS: readonly string[] = [
  'Dr.',
  'St.',
  'Mr',
  'No.',
  'e.g.',
  'etc.',
  'in',
  'on',
  'May',
  'March',
  'Jan.',
  'pm',
  'a.m.',
  'km',
  'www.',
  '.com',
  'https://',
  '@',
  '+1',
  'x',
  's',
  "'",
  '(s)',
  'vs',
  'the',
  'of',
  'by',
]

/** A random string of 0–40 pieces, each a run from one alphabet or a word that triggers a rule. */
export function randomText(random: Random): string {
  const pieces = integer(random, 0, 40)
  let text = ''
  for (let i = 0; i < pieces; i += 1) {
    if (random() < 0.25) {
      text += pick(random, WORDS)
      continue
    }
    const alphabet = [...pick(random, ALPHABETS)]
    const length = integer(random, 1, 6)
    for (let j = 0; j < length; j += 1) text += pick(random, alphabet)
  }
  return text
}

/** A random number in one of the written forms the normalizer reads. */
export function randomNumeric(random: Random): string {
  const small = (): string => String(integer(random, 0, 99))
  const forms: readonly (() => string)[] = [
    () => digits(random, integer(random, 1, 25)),
    () => Number(digits(random, integer(random, 1, 12)) || '0').toLocaleString('en-US'),
    () => `${integer(random, 0, 9999)}.${digits(random, integer(random, 1, 4))}`,
    () => `-${integer(random, 0, 100000)}`,
    () =>
      `${pick(random, ['$', '£', '€', '¥', '₹', 'US$'])}${integer(random, 0, 99999)}${random() < 0.5 ? `.${digits(random, 2)}` : ''}`,
    () => `$${integer(random, 1, 999)}${pick(random, ['k', 'M', 'bn', ' million', ' billion'])}`,
    () => `${integer(random, 0, 200)}%`,
    () => `${integer(random, 1, 2199)}${pick(random, ['st', 'nd', 'rd', 'th'])}`,
    () => String(integer(random, 1000, 2999)),
    () =>
      `${integer(random, 1900, 2099)}-${String(integer(random, 1, 12)).padStart(2, '0')}-${String(integer(random, 1, 28)).padStart(2, '0')}`,
    () => `${integer(random, 1, 12)}/${integer(random, 1, 31)}/${integer(random, 1900, 2099)}`,
    () => `${integer(random, 0, 23)}:${String(integer(random, 0, 59)).padStart(2, '0')}`,
    () =>
      `${integer(random, 1, 12)}:${String(integer(random, 0, 59)).padStart(2, '0')} ${pick(random, ['am', 'pm', 'a.m.', 'PM'])}`,
    () => `${small()}-${small()}`,
    () => `${integer(random, 1, 20)}/${integer(random, 1, 200)}`,
    () => `${small()}${pick(random, [' km', 'kg', ' GB', ' ms', ' s', '°C', ' mph', ' in', ' ft', ' mAh', ' Hz'])}`,
    () => `${small()}:${small()}`,
    () => `${small()}.${small()}.${small()}`,
    () => `${digits(random, 3)}-${digits(random, 3)}-${digits(random, 4)}`,
    () => `${small()}s`,
    () => `#${small()}`,
    () => `${small()}x${small()}`,
    () => `${small()}+${small()}=${small()}`,
  ]
  return pick(random, forms)()
}
