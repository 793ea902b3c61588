/**
 * Years, read the way people say them, and the heuristic that decides when a four-digit number is a year.
 *
 * Reading: "1999" → "nineteen ninety-nine", "1905" → "nineteen oh five", "1900" → "nineteen hundred",
 * "2000" → "two thousand", "2005" → "two thousand five", "2024" → "twenty twenty-four", "1990s" → "nineteen nineties".
 *
 * When a bare four-digit number is a year (nothing else in the pipeline claimed it first):
 * 1. it follows a year word (`YEAR_CONTEXT_WORDS`: in, since, by, of, from, until, …) or a month name
 *    ("in 1066", "by 2150", "May 1850") — any value from 1000 to 9999;
 * 2. or it stands alone, with no separator, sign or decimals, between 1100 and 2099 ("1500 apples" is
 *    "fifteen hundred apples", which is also a fine way to say the count);
 * 3. but never after a word that introduces a count or an identifier (`NOT_YEAR_WORDS`: number, page, room, …),
 *    nor, in case 2, before arithmetic or dimensions ("1920 by 1080", "1500 × 2").
 * Dates ("March 15, 2024", "2024-03-15") are read by dates.ts with the same year words.
 */
import { belowHundredWords, cardinalWords, pluralOfWords } from './number-words.js'
import { MONTH_PATTERN } from './months.js'
import { defineRule, textAfter, textBefore, wordBefore, type Match, type Rule } from './rule.js'

// prettier-ignore
export const YEAR_CONTEXT_WORDS: readonly string[] = [
  'in', 'since', 'by', 'of', 'from', 'until', 'till', 'through', 'during', 'circa', 'year',
]

/** Words after which a four-digit number is a count or an identifier, never a year. */
// prettier-ignore
export const NOT_YEAR_WORDS: ReadonlySet<string> = new Set([
  'number', 'numbers', 'no', 'page', 'pages', 'room', 'flight', 'model', 'code', 'pin', 'version', 'chapter', 'step',
  'item', 'items', 'route', 'unit', 'suite', 'exit', 'apartment', 'id', 'total', 'about', 'approximately', 'over',
  'under', 'than', 'only', 'just', 'nearly', 'almost', 'exactly', 'plus', 'minus', 'times', 'equals',
])

export const STANDALONE_YEARS = { from: 1100, to: 2099 } as const

/** Words for a four-digit year; anything else falls back to cardinal words. */
export function yearWords(digits: string): string {
  if (!/^\d{4}$/.test(digits) || digits.startsWith('0')) return cardinalWords(digits)
  const century = Number(digits.slice(0, 2))
  const rest = Number(digits.slice(2))
  if (rest === 0) return century % 10 === 0 ? cardinalWords(digits) : `${belowHundredWords(century)} hundred`
  if (rest < 10) {
    return century % 10 === 0 ? cardinalWords(digits) : `${belowHundredWords(century)} oh ${belowHundredWords(rest)}`
  }
  return `${belowHundredWords(century)} ${belowHundredWords(rest)}`
}

const AFTER_YEAR_WORD = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:${YEAR_CONTEXT_WORDS.join('|')}|${MONTH_PATTERN}),?\s+$`,
  'iu',
)
/** "1920 by 1080", "1500 times": arithmetic and dimensions are counts, never years. */
const BEFORE_ARITHMETIC = /^\s*(?:[x×*/+=^÷]|(?:by|times|plus|minus|divided|equals|over|percent)\b)/i

/** Whether a four-digit integer in running text should be read as a year (see the rules at the top). */
export function isYear(digits: string, match: Match): boolean {
  if (!/^[1-9]\d{3}$/.test(digits) || NOT_YEAR_WORDS.has(wordBefore(match))) return false
  if (AFTER_YEAR_WORD.test(textBefore(match))) return true
  if (BEFORE_ARITHMETIC.test(textAfter(match))) return false
  const value = Number(digits)
  return value >= STANDALONE_YEARS.from && value <= STANDALONE_YEARS.to
}

/** Words before "20s" that make it an age or a decade ("in her 20s") rather than twenty seconds. */
// prettier-ignore
export const DECADE_WORDS: ReadonlySet<string> = new Set([
  'the', 'his', 'her', 'their', 'your', 'my', 'our', 'its', 'early', 'mid', 'late', 'roaring', 'swinging',
])

function isPluralNumber(digits: string, apostrophe: boolean, match: Match): boolean {
  if (/^[12]\d{2}0$/.test(digits) || (apostrophe && digits.endsWith('0'))) return true
  if (/^10+$/.test(digits) && /^\s+of\b/.test(textAfter(match))) return true
  return /^[1-9]0$/.test(digits) && (DECADE_WORDS.has(wordBefore(match)) || /mid-$/i.test(textBefore(match, 4)))
}

/**
 * Decades and round plurals: "the 1990s" → "the nineteen nineties", "'90s" and "90's" → "nineties", "in her 20s" →
 * "in her twenties", "10s of" → "tens of". Other "<number>s" ("5s", "30s") are seconds, left to units.ts;
 * "2024's" is a possessive and keeps its "'s".
 */
const decades = defineRule(
  'decade or plural number',
  String.raw`(?<![\p{L}\p{N}_.,])(?<lead>['’])?(?<digits>\d{2,4})(?<apostrophe>['’])?s(?![\p{L}\p{N}_])`,
  (match) => {
    const { lead, digits = '', apostrophe } = match.groups
    const asYear = digits.length === 4
    const words = asYear ? yearWords(digits) : cardinalWords(digits)
    if (apostrophe && !lead && !digits.endsWith('0')) return `${words}'s`
    if (!isPluralNumber(digits, Boolean(lead ?? apostrophe), match)) return undefined
    // "1000s" and "100s" are "thousands" and "hundreds", not "one thousands".
    return pluralOfWords(words).replace(/^one (?=hundreds|thousands)/, '')
  },
)

/** Runs before units: "30s" is thirty seconds unless it is a decade. */
export const DECADE_RULES: readonly Rule[] = [decades]
