/**
 * Regular-expression fragments shared by the rules, so that "what a written number looks like" is decided once.
 * Fragments have no capture groups; rules wrap them in named groups of their own.
 */

/** "1,234,567" (strict groups of three) or a plain digit run "1234567". */
export const INTEGER = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)`

/** An integer with an optional decimal part, or a bare decimal ".5". */
export const NUMBER = String.raw`(?:${INTEGER}(?:\.\d+)?|\.\d+)`

/** A number may not start inside a word or inside another number ("A4" and "1.5" are handled elsewhere). */
export const NUMBER_START = String.raw`(?<![\p{L}\p{N}_/]|\p{N}[.,])`

/** A number ends where no digit, and no decimal part, follows. */
export const NUMBER_END = String.raw`(?![\p{N}]|[.,]\d)`

/** A sign counts only where it cannot be a hyphen or a dash inside a range ("COVID-19", "10-20"). */
export const SIGN = String.raw`(?:(?<![\p{L}\p{N}])[-−+])`

/** A dash between the two ends of a range: an unspaced hyphen, or an en or em dash with optional spaces. */
export const RANGE_DASH = String.raw`(?:-|\s?[–—]\s?)`

/** Nothing word-like follows: the end of a token. */
export const WORD_END = String.raw`(?![\p{L}\p{N}_])`

export function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** An alternation that tries longer spellings first, so "km/h" wins over "km" and "mAh" over "m". */
export function alternation(spellings: Iterable<string>): string {
  const sorted = [...new Set(spellings)].sort((a, b) => b.length - a.length || a.localeCompare(b))
  return `(?:${sorted.map(escapeForRegExp).join('|')})`
}
