/**
 * Calendar dates, spoken in US order: "2024-03-15", "03/15/2024", "March 15, 2024", "15 March 2024" and
 * "Mar. 15th" all become "March fifteenth, twenty twenty-four" (or just "March fifteenth").
 *
 * Ambiguities and how they are settled:
 * - Slashes and dashes are month/day/year (US) unless the first number cannot be a month and the second can
 *   ("15/03/2024" is day first); dots are day.month.year (European) with the same escape the other way.
 * - Two-digit years follow POSIX `strptime`: 69–99 are 19xx, 00–68 are 20xx ("3/15/24" → 2024).
 * - "15th of March" keeps its order ("the fifteenth of March"); "15 March" is reordered to "March fifteenth".
 * - A slash pair without a year ("3/4") is a fraction (fractions.ts), except right after "on" ("on 3/15").
 * Impossible dates (month 13, day 32) are left for the number rules.
 */
import { ordinalWords } from './number-words.js'
import { MONTH_PATTERN, monthName, monthNameOf } from './months.js'
import { defineRule, sentenceEndsAfter, wordBefore, type Rule } from './rule.js'
import { yearWords } from './years.js'

/** Day words without the year, or undefined when the date cannot exist. */
function monthDayWords(month: number, day: number): string | undefined {
  const name = monthNameOf(month)
  if (!name || day < 1 || day > 31) return undefined
  return `${name} ${ordinalWords(String(day))}`
}

function fullYear(written: string): string {
  if (written.length !== 2) return written
  return `${Number(written) >= 69 ? '19' : '20'}${written}`
}

function dateWords(month: number, day: number, year: string | undefined): string | undefined {
  const monthDay = monthDayWords(month, day)
  if (!monthDay) return undefined
  return year === undefined ? monthDay : `${monthDay}, ${yearWords(fullYear(year))}`
}

/** Picks month and day from two numbers, given which one the separator puts first. */
function orderMonthDay(first: number, second: number, monthFirst: boolean): [month: number, day: number] {
  if (monthFirst) return first > 12 && second <= 12 ? [second, first] : [first, second]
  return second > 12 && first <= 12 ? [first, second] : [second, first]
}

const ORDINAL_SUFFIX = String.raw`(?:st|nd|rd|th)?`

export const DATE_RULES: readonly Rule[] = [
  defineRule(
    'ISO date',
    String.raw`(?<![\p{L}\p{N}_.,/-])(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?![\p{N}]|[-/]\d)`,
    ({ groups }) => dateWords(Number(groups.month), Number(groups.day), groups.year),
  ),
  defineRule(
    'numeric date',
    String.raw`(?<![\p{L}\p{N}_.,/-])(?<first>\d{1,2})(?<separator>[/.-])(?<second>\d{1,2})\k<separator>(?<year>\d{4}|\d{2})(?![\p{N}]|[-/.]\d)`,
    ({ groups }) => {
      const { separator, year = '' } = groups
      // "1.2.24" is a version number far more often than a date; dotted dates need a four-digit year.
      if (separator !== '/' && year.length !== 4) return undefined
      const [month, day] = orderMonthDay(Number(groups.first), Number(groups.second), separator !== '.')
      return dateWords(month, day, year)
    },
  ),
  defineRule(
    'month-name date',
    String.raw`(?<![\p{L}])(?<month>${MONTH_PATTERN})\s+(?<day>\d{1,2})${ORDINAL_SUFFIX}(?![\p{L}\p{N}]|[.,:]\d|\s?(?:%|[-–]\s?\d))(?:,?\s+(?<year>\d{4})(?![\p{L}\p{N}]|[.,:]\d))?`,
    ({ groups }) => {
      const name = monthName(groups.month ?? '')
      const day = Number(groups.day)
      if (!name || day < 1 || day > 31) return undefined
      const monthDay = `${name} ${ordinalWords(String(day))}`
      return groups.year ? `${monthDay}, ${yearWords(groups.year)}` : monthDay
    },
  ),
  defineRule(
    'day-first date',
    String.raw`(?<![\p{L}\p{N}_.,])(?<day>\d{1,2})${ORDINAL_SUFFIX}\s+(?<of>of\s+)?(?<month>${MONTH_PATTERN})(?:,?\s+(?<year>\d{4})(?![\p{L}\p{N}]|[.,:]\d))?`,
    (match) => {
      const { groups } = match
      const name = monthName(groups.month ?? '')
      const day = Number(groups.day)
      if (!name || day < 1 || day > 31) return undefined
      const year = groups.year ? `, ${yearWords(groups.year)}` : ''
      // "15 Mar." at a sentence end: the full stop was the abbreviation's and the sentence's.
      const stop = !groups.year && groups.month?.endsWith('.') && sentenceEndsAfter(match) ? '.' : ''
      if (!groups.of) return `${name} ${ordinalWords(String(day))}${year}${stop}`
      const article = wordBefore(match) === 'the' ? '' : 'the '
      return `${article}${ordinalWords(String(day))} of ${name}${year}${stop}`
    },
  ),
  defineRule(
    'month/day after "on"',
    String.raw`(?=\d)(?<=(?<![\p{L}])[Oo]n\s+)(?<month>\d{1,2})\/(?<day>\d{1,2})(?![\p{N}]|[/.]\d)`,
    ({ groups }) => monthDayWords(Number(groups.month), Number(groups.day)),
  ),
]
