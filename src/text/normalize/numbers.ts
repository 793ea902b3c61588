/**
 * The number rules that run last, once dates, times, money, units and fractions have taken their share:
 * ordinals ("22nd" → "twenty-second"), IP addresses, version numbers ("2.0.1" → "two point zero point one"),
 * hyphenated digit groups ("978-3-16" read digit by digit), dimensions ("1920x1080" → "… by …"), ranges
 * ("10-20" → "ten to twenty", "1990-95" → "nineteen ninety to ninety-five"),
 * and finally every other written number: "-1,234.5", "3.14", ".5", "007", bare years, and digits inside words
 * ("MP3" → "MP three"). A last sweep reads any digit still left one by one, so no digit survives.
 */
import { belowHundredWords, cardinalWords, digitWords, numberWords, ordinalWords } from './number-words.js'
import { INTEGER, NUMBER, NUMBER_END, NUMBER_START, RANGE_DASH, SIGN } from './patterns.js'
import { defineRule, padAgainstLetters, type Match, type Rule } from './rule.js'
import { isYear, yearWords } from './years.js'

/** Digit runs glued to letters this long or longer are codes, read digit by digit ("ABC123456"). */
const CODE_DIGITS = 5

/** A written number in running text: a year when the heuristic in years.ts says so, else its plain reading. */
function runningNumberWords(written: string, match: Match): string {
  return isYear(written, match) ? yearWords(written) : numberWords(written)
}

/** "1990-95": a two-digit end after a year is the last two digits of a year ("ninety-five"). */
function upperYearWords(lower: string, upper: string): string {
  if (upper.length !== 2) return yearWords(upper)
  const full = yearWords(`${lower.slice(0, 2)}${upper}`)
  return Number(upper) >= 10 && !full.includes('thousand') ? belowHundredWords(Number(upper)) : full
}

function rangeWords(lower: string, upper: string, match: Match): string {
  if (!isYear(lower, match)) return `${numberWords(lower)} to ${numberWords(upper)}`
  const upperIsYear = /^\d{2}$/.test(upper) || isYear(upper, match)
  return `${yearWords(lower)} to ${upperIsYear ? upperYearWords(lower, upper) : numberWords(upper)}`
}

/** Whether a letter touches the match on either side ("MP3", "4K"). */
function gluedToLetters(match: Match): boolean {
  const before = match.input.slice(Math.max(0, match.start - 1), match.start)
  return /\p{L}/u.test(before + match.input.slice(match.end, match.end + 1))
}

export const NUMBER_RULES: readonly Rule[] = [
  defineRule(
    'ordinal',
    String.raw`${NUMBER_START}(?<digits>${INTEGER})(?:st|nd|rd|th|ST|ND|RD|TH)(?![\p{L}\p{N}_])`,
    (match) => padAgainstLetters(match, ordinalWords(match.groups.digits ?? '')),
  ),
  defineRule('IP address', String.raw`(?<![\p{L}\p{N}_.])\d{1,3}(?:\.\d{1,3}){3}(?![\p{N}]|\.\d)`, ({ text }) =>
    text.split('.').every((part) => Number(part) <= 255) ? text.split('.').map(digitWords).join(' dot ') : undefined,
  ),
  defineRule('version number', String.raw`(?<![\p{N}_.])\d+(?:\.\d+){2,}(?![\p{N}]|\.\d)`, (match) =>
    padAgainstLetters(match, match.text.split('.').map(cardinalWords).join(' point ')),
  ),
  defineRule('hyphenated digit groups', String.raw`(?<![\p{L}\p{N}_.,-])\d+(?:-\d+){2,}(?![\p{N}]|-\d)`, ({ text }) =>
    text.split('-').map(digitWords).join(', '),
  ),
  defineRule(
    'dimensions',
    String.raw`(?<![\p{L}\p{N}_.,])${NUMBER}${NUMBER_END}(?:(?:\s?x\s?|×)${NUMBER}${NUMBER_END}){1,2}(?![\p{L}_])`,
    ({ text }) =>
      text
        .split(/\s?[x×]\s?/)
        .map(numberWords)
        .join(' by '),
  ),
  defineRule(
    'range',
    String.raw`(?<![\p{L}\p{N}_.,-])(?<lower>${NUMBER})${NUMBER_END}${RANGE_DASH}(?<upper>${NUMBER})(?![\p{N}]|[.,]\d|[-–—][\p{L}\p{N}])`,
    (match) => rangeWords(match.groups.lower ?? '', match.groups.upper ?? '', match),
  ),
  defineRule('number', String.raw`(?<sign>${SIGN})?(?<![\p{N}])(?<number>${NUMBER})${NUMBER_END}`, (match) => {
    const { sign = '', number = '' } = match.groups
    if (!gluedToLetters(match)) return sign ? numberWords(`${sign}${number}`) : runningNumberWords(number, match)
    const long = /^\d+$/.test(number) && number.length >= CODE_DIGITS
    return padAgainstLetters(match, long ? digitWords(number) : numberWords(`${sign}${number}`))
  }),
  defineRule('any digit left', String.raw`\d+`, (match) => padAgainstLetters(match, digitWords(match.text))),
]
