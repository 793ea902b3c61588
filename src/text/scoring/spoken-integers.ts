/**
 * Whole numbers and the readings a listener may hear for them. Integers of three or more digits may be read digit by
 * digit, with "zero" or "oh" ("room 101" → "one hundred one", "one zero one", "one oh one"); a leading zero means
 * digit by digit ("007"); a local phone number ("555-1234") is always digit by digit. Year-like numbers (1100–2099)
 * are not offered digit by digit — "2024" read "two zero two four" in prose is a misreading — but are offered their
 * year reading, which matters for 1101–1209 ("eleven oh one"): the canonical form reads those as cardinals so that
 * "ten oh five" can stay a clock time (spelled-numbers.ts).
 */
import { belowHundredWords } from '../normalize/number-words.js'
import { yearWords } from '../normalize/years.js'
import { formRule, unique, type FormRule } from './form-rules.js'
import { canonicalIntegerWords } from './spelled-numbers.js'

const ZERO_AS_OH = (words: string): string => words.replace(/\bzero\b/g, 'oh')
const digitByDigit = (digits: string): string => [...digits].map((digit) => belowHundredWords(Number(digit))).join(' ')

const YEAR_LIKE = { from: 1100, to: 2099 } as const

export function integerForms(digits: string): string[] {
  if (digits.length > 1 && digits.startsWith('0'))
    return unique([digitByDigit(digits), ZERO_AS_OH(digitByDigit(digits))])
  const value = Number(digits)
  const canonical = canonicalIntegerWords(value)
  const yearLike = digits.length === 4 && value >= YEAR_LIKE.from && value <= YEAR_LIKE.to
  if (yearLike) return unique([canonical, yearWords(digits)])
  if (digits.length < 3) return [canonical]
  return unique([canonical, digitByDigit(digits), ZERO_AS_OH(digitByDigit(digits))])
}

export const INTEGER_FORM_RULES: readonly FormRule[] = [
  formRule(
    'local phone number',
    String.raw`(?<![\p{L}\p{N}_.,-])(?<exchange>\d{3})-(?<line>\d{4})(?![\p{N}]|-\d)`,
    ({ groups }) => {
      const digits = `${groups.exchange}${groups.line}`
      return unique([digitByDigit(digits), ZERO_AS_OH(digitByDigit(digits))])
    },
  ),
  formRule(
    'whole number',
    String.raw`(?<![\p{L}\p{N}_.,:/#-])(?<digits>\d{1,15})(?![\p{L}\p{N}_]|[.,:/]\d|[-–]\d)`,
    ({ groups }) => integerForms(groups.digits ?? ''),
  ),
]
