/**
 * One spelling per word: British spellings become American (data/uk-us-spellings.ts) and informal or alternative
 * spellings their usual form (data/spelling-variants.ts: "OK" → "okay", "per cent" → "percent"). Two-word keys are
 * tried before one-word ones. Rewritten tokens are marked as a `spelling` change, so the verdicts can report
 * "colour" against "color" as a `spelling_variant`.
 */
import { SPELLING_VARIANTS } from './data/spelling-variants.js'
import { UK_TO_US } from './data/uk-us-spellings.js'
import { rewriteSkippingFillers, type WorkToken } from './tokens.js'

export const STANDARD_SPELLINGS: ReadonlyMap<string, string> = new Map([...UK_TO_US, ...SPELLING_VARIANTS])

export function findSpellingRewrites(words: readonly string[]): { start: number; end: number; words: string[] }[] {
  const rewrites: { start: number; end: number; words: string[] }[] = []
  for (let start = 0; start < words.length; start += 1) {
    const pair = STANDARD_SPELLINGS.get(`${words[start]} ${words[start + 1]}`)
    const single = STANDARD_SPELLINGS.get(words[start] ?? '')
    const replacement = pair ?? single
    if (replacement === undefined) continue
    const end = start + (pair === undefined ? 1 : 2)
    rewrites.push({ start, end, words: replacement.split(' ') })
    start = end - 1
  }
  return rewrites
}

export function standardizeSpellings(tokens: readonly WorkToken[]): WorkToken[] {
  return rewriteSkippingFillers(tokens, findSpellingRewrites, 'spelling')
}
