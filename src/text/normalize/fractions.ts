/**
 * Fractions: "1/2" → "one half", "3/4" → "three quarters", "2/3" → "two thirds", "1 1/2" → "one and one half",
 * "½" → "one half", and a few idioms that are not fractions at all ("24/7" → "twenty-four seven").
 * Denominators up to twenty, and 100 and 1000, are said as ordinals; larger ones with "over" ("3/64" → "three over
 * sixty-four"). A decimal over a whole number is a score: "4.5/5" → "four point five out of five".
 * Dates were claimed earlier by dates.ts, so a slash pair that reaches this rule is a fraction.
 */
import { cardinalWords, numberWords, ordinalWords, pluralOfWords } from './number-words.js'
import { alternation } from './patterns.js'
import { defineRule, type Rule } from './rule.js'

/** Denominators with a name of their own; the rest are ordinals ("fifths") or "over". */
const DENOMINATORS: Readonly<Record<string, readonly [singular: string, plural: string]>> = {
  '2': ['half', 'halves'],
  '4': ['quarter', 'quarters'],
}

// prettier-ignore
export const UNICODE_FRACTIONS: Readonly<Record<string, string>> = {
  '½': '1/2', '⅓': '1/3', '⅔': '2/3', '¼': '1/4', '¾': '3/4', '⅕': '1/5', '⅖': '2/5', '⅗': '3/5', '⅘': '4/5',
  '⅙': '1/6', '⅚': '5/6', '⅐': '1/7', '⅛': '1/8', '⅜': '3/8', '⅝': '5/8', '⅞': '7/8', '⅑': '1/9', '⅒': '1/10',
}

/** Slash pairs that are names, not fractions. */
export const SLASH_IDIOMS: Readonly<Record<string, string>> = {
  '24/7': 'twenty-four seven',
  '24/7/365': 'twenty-four seven three sixty-five',
  '9/11': 'nine eleven',
  '50/50': 'fifty fifty',
}

const ORDINAL_DENOMINATOR_LIMIT = 20

/**
 * "3/4" → "three quarters". Two cases are not fractions: equal parts are a score ("10/10" → "ten out of ten"), and a
 * two-digit top over a smaller bottom is a pair ("80/20" → "eighty twenty", "365/24").
 */
export function fractionWords(numerator: string, denominator: string): string {
  const top = cardinalWords(numerator)
  if (Number(numerator) === Number(denominator) && Number(numerator) > 1) return `${top} out of ${top}`
  if (Number(numerator) >= 10 && Number(numerator) > Number(denominator)) return `${top} ${cardinalWords(denominator)}`
  const bottom = denominator.replace(/^0+(?=\d)/, '')
  const one = /^0*1$/.test(numerator)
  const named = DENOMINATORS[bottom]
  if (named) return `${top} ${one ? named[0] : named[1]}`
  const ordinal = bottom.length <= 4 && (Number(bottom) <= ORDINAL_DENOMINATOR_LIMIT || /^10+$/.test(bottom))
  if (!ordinal || bottom === '0' || bottom === '1') return `${top} over ${cardinalWords(bottom)}`
  const words = ordinalWords(bottom).replace(/^one (?=hundredth|thousandth)/, '')
  return `${top} ${one ? words : pluralOfWords(words)}`
}

export const FRACTION_RULES: readonly Rule[] = [
  defineRule(
    'slash idiom',
    String.raw`(?<![\p{L}\p{N}_/.,])${alternation(Object.keys(SLASH_IDIOMS))}(?![\p{N}]|\/\d)`,
    ({ text }) => SLASH_IDIOMS[text],
  ),
  defineRule(
    'unicode fraction',
    String.raw`(?:(?<![\p{L}\p{N}_.,])(?<whole>\d+)\s?)?(?<glyph>[${Object.keys(UNICODE_FRACTIONS).join('')}])`,
    ({ groups }) => {
      const [numerator = '1', denominator = '2'] = (UNICODE_FRACTIONS[groups.glyph ?? ''] ?? '1/2').split('/')
      const fraction = fractionWords(numerator, denominator)
      return groups.whole ? `${cardinalWords(groups.whole)} and ${fraction}` : fraction
    },
  ),
  defineRule(
    'score',
    String.raw`(?<![\p{L}\p{N}_/.,])(?<score>\d+\.\d+)\/(?<scale>\d+)(?![\p{N}]|[/.,]\d)`,
    ({ groups }) => `${numberWords(groups.score ?? '')} out of ${cardinalWords(groups.scale ?? '')}`,
  ),
  defineRule(
    'fraction',
    String.raw`(?<![\p{L}\p{N}_/.,])(?:(?<whole>\d{1,3})\s)?(?<numerator>\d+)\/(?<denominator>\d+)(?![\p{N}]|[/.,]\d)`,
    ({ groups }) => {
      const { whole, numerator = '', denominator = '' } = groups
      const fraction = fractionWords(numerator, denominator)
      // "3 1/2" is a mixed number only when the fraction is proper; "2 3/2" is two numbers.
      if (whole === undefined) return fraction
      if (Number(numerator) >= Number(denominator)) return `${cardinalWords(whole)} ${fraction}`
      return `${cardinalWords(whole)} and ${fraction}`
    },
  ),
]
