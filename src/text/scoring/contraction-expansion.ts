/**
 * Expands contractions, in any letter case, by the tables in data/contractions.ts: whole words first ("won't",
 * "gonna"), then the suffixes "n't", "'re", "'ve", "'ll", "'m", then "'d" (had before a participle, else would) and
 * "'s" (is/has after a pronoun, else a possessive that stays in the word). Both sides of a comparison are expanded
 * the same way, so which expansion is chosen for an ambiguous "'d" matters less than choosing it consistently.
 */
import {
  D_MEANS_HAD_BEFORE,
  S_MEANS_HAS_BEFORE,
  S_MEANS_IS_AFTER,
  SUFFIX_CONTRACTIONS,
  WHOLE_WORD_CONTRACTIONS,
} from './data/contractions.js'
import { applyRewrites, derivedTokens, type TokenRewrite, type WorkToken } from './tokens.js'

/** Words the tokenizer must not strip a leading apostrophe from. */
export const LEADING_APOSTROPHE_WORDS: ReadonlySet<string> = new Set(
  Object.keys(WHOLE_WORD_CONTRACTIONS).filter((word) => word.startsWith("'")),
)

function expansionOf(word: string, nextWord: string | undefined): string | undefined {
  const whole = WHOLE_WORD_CONTRACTIONS[word]
  if (whole) return whole
  for (const [suffix, expansion] of SUFFIX_CONTRACTIONS) {
    if (word.endsWith(suffix) && word.length > suffix.length) return `${word.slice(0, -suffix.length)} ${expansion}`
  }
  if (word.endsWith("'d") && word.length > 2) {
    return `${word.slice(0, -2)} ${nextWord !== undefined && D_MEANS_HAD_BEFORE.has(nextWord) ? 'had' : 'would'}`
  }
  const base = word.slice(0, -2)
  if (word.endsWith("'s") && S_MEANS_IS_AFTER.has(base)) {
    return `${base} ${nextWord !== undefined && S_MEANS_HAS_BEFORE.has(nextWord) ? 'has' : 'is'}`
  }
  return undefined
}

export function expandContractions(tokens: readonly WorkToken[]): WorkToken[] {
  const rewrites: TokenRewrite[] = []
  tokens.forEach((token, index) => {
    const expansion = expansionOf(token.text.toLowerCase(), tokens[index + 1]?.text.toLowerCase())
    if (expansion !== undefined) {
      rewrites.push({ start: index, end: index + 1, tokens: derivedTokens(expansion.split(' '), [token]) })
    }
  })
  return applyRewrites(tokens, rewrites)
}
