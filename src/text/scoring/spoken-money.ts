/**
 * Amounts after a currency symbol and every common way of saying them: "$3.50" → "three dollars fifty cents",
 * "three fifty", "three dollars fifty"; "$3.05" → "three oh five" among them; "$1" → "one dollar"; "$0.99" →
 * "ninety-nine cents"; "99¢" → "ninety-nine cents". The canonical form has no "and" ("three dollars and fifty cents"
 * loses it in transcript-normalizer.ts). Currencies and their unit names come from the TTS front-end's table
 * (src/text/normalize/currency.ts), whose rules also read what is left here: ranges, magnitudes and rates.
 */
import { CURRENCIES } from '../normalize/currency.js'
import { belowHundredWords, isExactlyOne } from '../normalize/number-words.js'
import { alternation } from '../normalize/patterns.js'
import { textAfter } from '../normalize/rule.js'
import { formRule, unique, type FormRule } from './form-rules.js'
import { canonicalDecimalWords, canonicalIntegerWords } from './spelled-numbers.js'

const CURRENCY_BY_SYMBOL = new Map(
  CURRENCIES.flatMap((currency) => currency.symbols.map((symbol) => [symbol, currency] as const)),
)
const CURRENCY_SYMBOL = alternation(CURRENCY_BY_SYMBOL.keys())
/** Left to the TTS front-end's currency rules: ranges, magnitudes ("$2.5M") and rates ("$15/hr"). */
const NOT_A_PLAIN_AMOUNT =
  /^(?:\s?[-–]\s?\S?\d|\/\p{L}|\s?(?:thousand|million|billion|trillion)\b|(?:[kKmMbBT]|bn|mn|mln|tn)(?![\p{L}\p{N}]))/u

/** Every reading of an amount with a currency symbol: "$3.50" → "three dollars fifty cents", "three fifty", … */
export function moneyForms(symbol: string, whole: string, cents: string | undefined): string[] | undefined {
  const currency = CURRENCY_BY_SYMBOL.get(symbol)
  if (!currency) return undefined
  const [singular, plural] = currency.major
  const wholeDigits = whole.replace(/,/g, '') || '0'
  const wholeWords = canonicalIntegerWords(Number(wholeDigits))
  const major = `${wholeWords} ${isExactlyOne(wholeDigits) ? singular : plural}`
  if (cents === undefined || /^0+$/.test(cents)) return [major]
  if (!currency.minor) return [`${canonicalDecimalWords(wholeDigits, cents)} ${plural}`]
  const minorValue = Number(cents.padEnd(2, '0'))
  const minorWords = belowHundredWords(minorValue)
  const minor = `${minorWords} ${minorValue === 1 ? currency.minor[0] : currency.minor[1]}`
  if (/^0+$/.test(wholeDigits)) return [minor]
  const shortMinor = minorValue < 10 ? `oh ${minorWords}` : minorWords
  return unique([`${major} ${minor}`, `${wholeWords} ${shortMinor}`, `${major} ${minorWords}`])
}

export const MONEY_FORM_RULES: readonly FormRule[] = [
  formRule(
    'amount after a currency symbol',
    String.raw`(?<negative>(?<![\p{L}\p{N}])[-−])?(?<symbol>${CURRENCY_SYMBOL})\s?(?<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?<cents>\d{1,2}))?(?![\p{N}]|[.,]\d)`,
    (match) => {
      const { negative, symbol = '', whole = '', cents } = match.groups
      if ((whole === '' && cents === undefined) || NOT_A_PLAIN_AMOUNT.test(textAfter(match))) return undefined
      const forms = moneyForms(symbol, whole, cents)
      return negative ? forms?.map((form) => `minus ${form}`) : forms
    },
  ),
  formRule('cents', String.raw`(?<![\p{L}\p{N}.,])(?<amount>\d+)\s?¢`, ({ groups }) => {
    const amount = Number(groups.amount)
    return [`${canonicalIntegerWords(amount)} ${amount === 1 ? 'cent' : 'cents'}`]
  }),
]
