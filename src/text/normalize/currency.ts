/**
 * Money: "$3.50" → "three dollars and fifty cents", "$1" → "one dollar", "$0.99" → "ninety-nine cents",
 * "$2.5 million" and "$2.5M" → "two point five million dollars", "€20" and "20 €" → "twenty euros",
 * "£0.50" → "fifty pence", "$5-10" → "five to ten dollars", "-$5" → "minus five dollars", "$15/hr" → "fifteen
 * dollars per hour".
 * One decimal digit is tenths of the major unit ("$3.5" is three dollars and fifty cents); three or more decimals,
 * or a currency without minor units (yen), are read with "point".
 */
import { cardinalWords, decimalWords, isExactlyOne, numberWords } from './number-words.js'
import { NUMBER, NUMBER_END, NUMBER_START, alternation } from './patterns.js'
import { defineRule, type Match, type Rule } from './rule.js'

interface Currency {
  /** Written before or after the amount: "$", "US$", "€". */
  readonly symbols: readonly string[]
  /** ISO 4217 codes, written with a space: "USD 20", "20 EUR". */
  readonly codes: readonly string[]
  readonly major: readonly [singular: string, plural: string]
  readonly minor?: readonly [singular: string, plural: string]
}

export const CURRENCIES: readonly Currency[] = [
  { symbols: ['$'], codes: ['USD'], major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
  { symbols: ['US$'], codes: [], major: ['US dollar', 'US dollars'], minor: ['cent', 'cents'] },
  {
    symbols: ['A$', 'AU$'],
    codes: ['AUD'],
    major: ['Australian dollar', 'Australian dollars'],
    minor: ['cent', 'cents'],
  },
  { symbols: ['C$', 'CA$'], codes: ['CAD'], major: ['Canadian dollar', 'Canadian dollars'], minor: ['cent', 'cents'] },
  { symbols: ['€'], codes: ['EUR'], major: ['euro', 'euros'], minor: ['cent', 'cents'] },
  { symbols: ['£'], codes: ['GBP'], major: ['pound', 'pounds'], minor: ['penny', 'pence'] },
  { symbols: ['¥'], codes: ['JPY'], major: ['yen', 'yen'] },
  { symbols: ['₹'], codes: ['INR'], major: ['rupee', 'rupees'], minor: ['paisa', 'paise'] },
]

/** Scale words after an amount; the one-letter forms must touch the number ("$5k", "$2.5M", "$3bn"). */
// prettier-ignore
export const MAGNITUDES: Readonly<Record<string, string>> = {
  thousand: 'thousand', million: 'million', billion: 'billion', trillion: 'trillion',
  k: 'thousand', K: 'thousand', m: 'million', M: 'million', mn: 'million', mln: 'million',
  b: 'billion', B: 'billion', bn: 'billion', tn: 'trillion', T: 'trillion',
}

const BY_SPELLING: ReadonlyMap<string, Currency> = new Map(
  CURRENCIES.flatMap((currency) =>
    [...currency.symbols, ...currency.codes].map((spelling) => [spelling, currency] as const),
  ),
)
const SYMBOL = alternation(CURRENCIES.flatMap((currency) => currency.symbols))
const CODE = String.raw`(?<![\p{L}])${alternation(CURRENCIES.flatMap((currency) => currency.codes))}(?![\p{L}])`
const FULL_MAGNITUDE = alternation(['thousand', 'million', 'billion', 'trillion'])
const SHORT_MAGNITUDE = alternation(Object.keys(MAGNITUDES).filter((word) => word.length <= 3))
const MAGNITUDE = String.raw`(?:\s?(?<magnitude>${FULL_MAGNITUDE})(?![\p{L}])|(?<short>${SHORT_MAGNITUDE})(?![\p{L}\p{N}]))`
const AMOUNTS = String.raw`(?<amount>${NUMBER})${NUMBER_END}(?:\s?[-–]\s?(?:${SYMBOL})?(?<upper>${NUMBER})${NUMBER_END})?`
const NEGATIVE = String.raw`(?<negative>(?<![\p{L}\p{N}])[-−])?`

/** "$5/hr" → "five dollars per hour"; the period after a slash, by its usual short spellings. */
// prettier-ignore
export const PER_PERIOD: Readonly<Record<string, string>> = {
  h: 'hour', hr: 'hour', hour: 'hour', d: 'day', day: 'day', wk: 'week', week: 'week', mo: 'month', month: 'month',
  yr: 'year', year: 'year', person: 'person', night: 'night', kg: 'kilogram', lb: 'pound', unit: 'unit', user: 'user',
}
const PER = String.raw`(?:\/(?<per>${alternation(Object.keys(PER_PERIOD))})(?![\p{L}\p{N}]))?`

function splitAmount(written: string): { integer: string; fraction: string | undefined } {
  const [integer = '', fraction] = written.replace(/,/g, '').split('.')
  return { integer: integer === '' ? '0' : integer, fraction }
}

/** "3.50" dollars → "three dollars and fifty cents"; the whole phrase for one amount. */
function amountWords(currency: Currency, written: string): string {
  const { integer, fraction } = splitAmount(written)
  const [singular, plural] = currency.major
  const majorWords = (count: string): string => `${cardinalWords(count)} ${isExactlyOne(count) ? singular : plural}`
  if (fraction === undefined) return majorWords(integer)
  if (!currency.minor || fraction.length > 2) return `${decimalWords(integer, fraction)} ${plural}`
  const minor = fraction.padEnd(2, '0')
  const minorWords = `${cardinalWords(minor)} ${isExactlyOne(minor) ? currency.minor[0] : currency.minor[1]}`
  if (/^0+$/.test(minor)) return majorWords(integer)
  if (/^0+$/.test(integer)) return minorWords
  return `${majorWords(integer)} and ${minorWords}`
}

function moneyWords(match: Match, currency: Currency): string {
  const { amount = '', upper, magnitude, short, negative } = match.groups
  const sign = negative ? 'minus ' : ''
  const scale = magnitude ?? (short ? MAGNITUDES[short] : undefined)
  const plural = currency.major[1]
  if (scale) return `${sign}${numberWords(amount)}${upper ? ` to ${numberWords(upper)}` : ''} ${scale} ${plural}`
  if (!upper) return `${sign}${amountWords(currency, amount)}`
  // "$5-10" → "five to ten dollars"; with cents on either end, say both amounts in full.
  if (!amount.includes('.') && !upper.includes('.'))
    return `${sign}${cardinalWords(amount)} to ${cardinalWords(upper)} ${plural}`
  return `${sign}${amountWords(currency, amount)} to ${amountWords(currency, upper)}`
}

function speakWith(spellingGroup: 'prefix' | 'suffix') {
  return (match: Match): string | undefined => {
    const spelling = (match.groups[spellingGroup] ?? '').trim()
    const currency = BY_SPELLING.get(spelling)
    if (!currency) return undefined
    const per = match.groups.per ? ` per ${PER_PERIOD[match.groups.per]}` : ''
    return `${moneyWords(match, currency)}${per}`
  }
}

export const CURRENCY_RULES: readonly Rule[] = [
  defineRule(
    'currency before the amount',
    String.raw`${NEGATIVE}(?<prefix>${SYMBOL}|${CODE}\s?)\s?${AMOUNTS}(?:${MAGNITUDE})?${PER}`,
    speakWith('prefix'),
  ),
  defineRule(
    'currency after the amount',
    String.raw`${NEGATIVE}${NUMBER_START}${AMOUNTS}(?:${MAGNITUDE})?\s?(?<suffix>${SYMBOL}|${CODE})(?!\s?\d)${PER}`,
    speakWith('suffix'),
  ),
]
