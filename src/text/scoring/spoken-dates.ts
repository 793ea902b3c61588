/**
 * Dates with a month name and every common way of saying them: "March 15" → "march fifteenth", "march fifteen",
 * "march the fifteenth", "the fifteenth of march"; "15 March" and "15th of March" → "fifteenth of march" first, with
 * the same alternatives. A year after the day is read year-style ("twenty twenty four"). Month names must be
 * capitalised, so the verb "march" and the modal "may" are left alone (src/text/normalize/months.ts).
 */
import { MONTH_PATTERN, monthName } from '../normalize/months.js'
import type { Match } from '../normalize/rule.js'
import { formRule, unique, type FormRule } from './form-rules.js'
import { canonicalIntegerWords, canonicalOrdinalWords } from './spelled-numbers.js'

const YEAR_AFTER = String.raw`(?:,?\s+(?<year>\d{4})(?![\p{L}\p{N}]|[.,:]\d))?`

function dateParts(
  groups: Match['groups'],
): { month: string; ordinal: string; cardinal: string; year: string } | undefined {
  const month = monthName(groups.month ?? '')
  const day = Number(groups.day)
  if (!month || day < 1 || day > 31) return undefined
  const year = groups.year ? ` ${canonicalIntegerWords(Number(groups.year))}` : ''
  return { month, ordinal: canonicalOrdinalWords(day), cardinal: canonicalIntegerWords(day), year }
}

export const DATE_FORM_RULES: readonly FormRule[] = [
  formRule(
    'month and day',
    String.raw`(?<![\p{L}])(?<month>${MONTH_PATTERN})\s+(?<day>\d{1,2})(?:st|nd|rd|th)?(?![\p{L}\p{N}]|[.,:]\d|\s?(?:%|[-–]\s?\d))${YEAR_AFTER}`,
    ({ groups }) => {
      const date = dateParts(groups)
      if (!date) return undefined
      const { month, ordinal, cardinal, year } = date
      return [
        `${month} ${ordinal}${year}`,
        `${month} ${cardinal}${year}`,
        `${month} the ${ordinal}${year}`,
        `the ${ordinal} of ${month}${year}`,
      ]
    },
  ),
  formRule(
    'day and month',
    String.raw`(?<![\p{L}\p{N}_.,])(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?<of>of\s+)?(?<month>${MONTH_PATTERN})${YEAR_AFTER}`,
    ({ groups }) => {
      const date = dateParts(groups)
      if (!date) return undefined
      const { month, ordinal, cardinal, year } = date
      return unique([
        `${ordinal} of ${month}${year}`,
        `the ${ordinal} of ${month}${year}`,
        `${ordinal} ${month}${year}`,
        `${cardinal} ${month}${year}`,
        `${month} ${ordinal}${year}`,
      ])
    },
  ),
]
