/**
 * Phone numbers, read digit by digit in their written groups with a pause (comma) between groups:
 * "+1 555-123-4567" → "plus one, five five five, one two three, four five six seven".
 * Recognised: anything starting with "+" and holding 8–15 digits; North American "(555) 123-4567", "555-123-4567",
 * "555.123.4567" and "1-800-555-1234"; a seven-digit "555-1234" only after a phone word ("call 555-1234"), since
 * alone it could be a range.
 */
import { digitWords } from './number-words.js'
import type { SpanKind } from './spans.js'

// prettier-ignore
export const PHONE_WORDS: readonly string[] = [
  'call', 'phone', 'tel', 'telephone', 'fax', 'dial', 'text', 'mobile', 'cell', 'contact', 'number', 'line', 'at',
]

const DIGITS_IN_A_PHONE_NUMBER = { min: 7, max: 15 } as const

export function phoneWords(written: string): string | undefined {
  const groups = written.match(/\d+/g) ?? []
  const digits = groups.join('').length
  if (digits < DIGITS_IN_A_PHONE_NUMBER.min || digits > DIGITS_IN_A_PHONE_NUMBER.max) return undefined
  if (written.startsWith('+') && digits < 8) return undefined
  return `${written.startsWith('+') ? 'plus ' : ''}${groups.map(digitWords).join(', ')}`
}

export const PHONE: SpanKind = {
  name: 'phone number',
  pattern: new RegExp(
    [
      String.raw`(?<![\p{L}\p{N}_+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\p{N}]|[.-]\d)`,
      String.raw`(?<![\p{L}\p{N}_+.\-/])(?:1[ .-])?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?![\p{N}]|[.-]\d)`,
      String.raw`(?=[2-9])(?<=(?<![\p{L}])(?:${PHONE_WORDS.join('|')})\.?:?\s+)[2-9]\d{2}-\d{4}(?![\p{N}]|[.-]\d)`,
    ].join('|'),
    'giu',
  ),
  speak: phoneWords,
}
