/**
 * Hyphenated words. Whisper's normalizer turns every hyphen into a space, so "e-mail" never matches "email"; here a
 * hyphenated word is closed up when it is in `CLOSED_COMPOUNDS`, or when its first part is a prefix
 * (`JOINING_PREFIXES`: "co-worker", "re-enter", "pre-school", "e-book") and the joined word is in the CMU
 * dictionary. Every other hyphen separates words ("well-known" → "well known", "twenty-one" → "twenty one"), which
 * is also how it is said. An open compound that the other side writes closed ("every day" / "everyday") is not
 * changed here: the verdicts call it a `compound`.
 */
import { isDictionaryWord } from './pronunciation.js'
import { applyRewrites, derivedTokens, type TokenRewrite, type WorkToken } from './tokens.js'

/** Hyphenated spellings whose closed form is the usual one. */
// prettier-ignore
export const CLOSED_COMPOUNDS: ReadonlySet<string> = new Set([
  'e-mail', 'e-mails', 'e-mailed', 'e-mailing', 'on-line', 'web-site', 'web-sites', 'web-page', 'home-page',
  'log-in', 'to-day', 'to-morrow', 'to-night', 'any-more', 'any-one', 'every-one', 'some-one', 'no-one',
  'good-bye', 'week-end', 'week-ends', 'cell-phone', 'smart-phone', 'key-board', 'down-load', 'up-load',
  'data-base', 'fire-fighter', 'health-care', 'life-style', 'over-all', 'short-cut', 'tool-kit',
])

// prettier-ignore
export const JOINING_PREFIXES: ReadonlySet<string> = new Set([
  'co', 're', 'pre', 'non', 'e', 'un', 'multi', 'semi', 'anti', 'mid', 'sub', 'inter', 'bi', 'tri', 'micro', 'mini',
])

/** Runs before lower-casing (abbreviations still need capitals), so lookups ignore case and parts keep theirs. */
function partsOf(word: string): string[] | undefined {
  if (!word.includes('-')) return undefined
  const parts = word.split('-').filter((part) => part !== '')
  const joined = parts.join('')
  if (CLOSED_COMPOUNDS.has(word.toLowerCase())) return [joined]
  const closes =
    parts.length === 2 && JOINING_PREFIXES.has(parts[0]!.toLowerCase()) && isDictionaryWord(joined.toLowerCase())
  return closes ? [joined] : parts
}

export function resolveHyphens(tokens: readonly WorkToken[]): WorkToken[] {
  const rewrites: TokenRewrite[] = []
  tokens.forEach((token, index) => {
    const parts = partsOf(token.text)
    if (parts) rewrites.push({ start: index, end: index + 1, tokens: derivedTokens(parts, [token]) })
  })
  return applyRewrites(tokens, rewrites)
}
