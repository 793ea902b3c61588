/**
 * Tokens of a transcript while it is being normalized, and the tokenizer that makes them from text whose numbers are
 * already words. A token keeps what later stages and the verdicts need: its written form, whether a full stop
 * followed it (abbreviations: "St."), whether it starts a sentence (a capital there is not a name), and which benign
 * rewrite produced it ("colour" → "color" is a `spelling` change, "Dr." → "doctor" an `abbreviation`).
 */

/** A rewrite the verdicts report when the two sides were written differently but mean the same. */
export type TokenChange = 'spelling' | 'abbreviation'

export interface WorkToken {
  /** The current text; capitals are kept until the lower-casing stage. */
  readonly text: string
  /** The written form this token came from ("Dr." for "doctor", "don't" for "do" and "not"). */
  readonly written: string
  /** A full stop followed it, or it is a dotted acronym ("U.S.A."). */
  readonly period: boolean
  readonly sentenceStart: boolean
  readonly change?: TokenChange
  /** A filler word ("um"): kept for the verdicts, left out of the transcript. */
  readonly filler?: boolean
}

/** "U.S.A.", "U.S.A", "e.g.", "a.m.", "Ph.D." — letters separated by full stops. */
export const DOTTED_ACRONYM = /^\p{L}{1,2}(?:\.\p{L}{1,2})+\.?$/u

/** Words that keep a leading apostrophe ("'em", "'cause"); any other leading apostrophe is a quotation mark. */
function keepsLeadingApostrophe(piece: string, leadingApostropheWords: ReadonlySet<string>): boolean {
  return leadingApostropheWords.has(piece.toLowerCase())
}

interface Part {
  readonly text: string
  readonly period: boolean
}

/** Strips quotation apostrophes and stray hyphens from the edges of one word. */
function trimWord(word: string, leadingApostropheWords: ReadonlySet<string>): string {
  const trimmed = word.replace(/^-+|['-]+$/g, '')
  if (!trimmed.startsWith("'") || keepsLeadingApostrophe(trimmed, leadingApostropheWords)) return trimmed
  return trimmed.replace(/^'+/, '')
}

function splitPiece(piece: string, leadingApostropheWords: ReadonlySet<string>): Part[] {
  const acronym = piece.replace(/^[.'-]+/, '')
  if (DOTTED_ACRONYM.test(acronym)) return [{ text: acronym, period: true }]
  const period = /\.[.'-]*$/.test(piece)
  const parts = piece
    .split(/\.+/)
    .map((part) => trimWord(part, leadingApostropheWords))
    .filter((part) => part !== '')
  return parts.map((part, index) => ({ text: part, period: index < parts.length - 1 || period }))
}

/**
 * Words are runs of letters, digits, apostrophes, hyphens and full stops; everything else separates them. "!" and
 * "?" end a sentence, as does a full stop after a word.
 */
export function tokenize(text: string, leadingApostropheWords: ReadonlySet<string> = new Set()): WorkToken[] {
  const tokens: WorkToken[] = []
  let sentenceStart = true
  for (const [piece] of text.matchAll(/[\p{L}\p{N}'.-]+|[!?]/gu)) {
    if (piece === '!' || piece === '?') {
      sentenceStart = true
      continue
    }
    for (const part of splitPiece(piece, leadingApostropheWords)) {
      tokens.push({ text: part.text, written: part.text, period: part.period, sentenceStart })
      sentenceStart = part.period
    }
  }
  return tokens
}

/** A replacement of `tokens[start, end)`. */
export interface TokenRewrite {
  readonly start: number
  readonly end: number
  readonly tokens: readonly WorkToken[]
}

/** Applies non-overlapping rewrites given in order. */
export function applyRewrites(tokens: readonly WorkToken[], rewrites: readonly TokenRewrite[]): WorkToken[] {
  const out: WorkToken[] = []
  let last = 0
  for (const rewrite of rewrites) {
    out.push(...tokens.slice(last, rewrite.start), ...rewrite.tokens)
    last = rewrite.end
  }
  return [...out, ...tokens.slice(last)]
}

/** New tokens for `words`, all carrying the written form, stop and change of the token(s) they replace. */
export function derivedTokens(words: readonly string[], from: readonly WorkToken[], change?: TokenChange): WorkToken[] {
  const first = from[0]
  const lastToken = from[from.length - 1]
  if (!first || !lastToken) return []
  const written = from.map((token) => token.written).join(' ')
  return words.map((text, index) => ({
    text,
    written,
    period: index === words.length - 1 ? lastToken.period : false,
    sentenceStart: index === 0 ? first.sentenceStart : false,
    ...((change ?? first.change) ? { change: change ?? first.change } : {}),
  }))
}

/**
 * Runs `rewrite` over the words of the non-filler tokens only, so "twenty um five" is still one number and
 * "u um s a" one acronym; fillers inside a rewritten span move to just after it.
 */
export function rewriteSkippingFillers(
  tokens: readonly WorkToken[],
  findRewrites: (words: readonly string[]) => readonly { start: number; end: number; words: readonly string[] }[],
  change?: TokenChange,
): WorkToken[] {
  const positions = tokens.flatMap((token, index) => (token.filler ? [] : [index]))
  const words = positions.map((index) => tokens[index]?.text ?? '')
  const rewrites: TokenRewrite[] = findRewrites(words).map(({ start, end, words: replacement }) => {
    const first = positions[start] ?? 0
    const last = positions[end - 1] ?? first
    const covered = tokens.slice(first, last + 1)
    const spoken = covered.filter((token) => !token.filler)
    const fillers = covered.filter((token) => token.filler)
    return { start: first, end: last + 1, tokens: [...derivedTokens(replacement, spoken, change), ...fillers] }
  })
  return applyRewrites(tokens, rewrites)
}
