/**
 * Acronyms and abbreviations, the two token stages that still see capitals and full stops.
 *
 * Dotted acronyms lose their dots ("U.S.A." → "USA", "a.m." → "am", "O.K." → "OK"), so with the spelled-letter
 * stage (letter-runs.ts) "U.S.A.", "USA" and "u s a" all become "usa" — Whisper's normalizer leaves "u s a".
 * Abbreviations are then expanded by the readings in data/abbreviations.ts, judged from the neighbouring tokens:
 * "St. Louis" → "saint louis" but "Main St." and "5th St." → "street"; "Dr. Smith" → "doctor" but "Elm Dr." →
 * "drive"; "Mr." and "Mr" → "mister"; "No. 5" → "number five"; "e.g." → "for example".
 */
import { SENTENCE_STARTERS } from '../normalize/abbreviations.js'
import { ABBREVIATIONS_BY_SPELLING, type AbbreviationContext, type AbbreviationReading } from './data/abbreviations.js'
import { isNumberWord } from './spelled-numbers.js'
import { DOTTED_ACRONYM, applyRewrites, derivedTokens, type TokenRewrite, type WorkToken } from './tokens.js'

export function joinDottedAcronyms(tokens: readonly WorkToken[]): WorkToken[] {
  return tokens.map((token) =>
    DOTTED_ACRONYM.test(token.text) ? { ...token, text: token.text.replace(/\./g, ''), period: true } : token,
  )
}

interface Neighbourhood {
  readonly token: WorkToken
  readonly previous: WorkToken | undefined
  readonly next: WorkToken | undefined
  /** The text has capitals somewhere; without any (typical ASR output) names cannot be told from words. */
  readonly cased: boolean
}

const STARTERS: ReadonlySet<string> = new Set(SENTENCE_STARTERS)

/**
 * A capitalised word other than a common sentence starter. A name at the start of a sentence still counts: "Main St.
 * is closed" is a street, and "Visit St. Louis" is settled by `before-name`, which is tried first.
 */
function looksLikeName(token: WorkToken | undefined): boolean {
  return token !== undefined && /^\p{Lu}/u.test(token.text) && !STARTERS.has(token.text)
}

const capitalised = (token: WorkToken): boolean => /^\p{Lu}/u.test(token.text)

const isNumber = (token: WorkToken | undefined): boolean =>
  token !== undefined && isNumberWord(token.text.toLowerCase())

/** Where each reading context holds; see `AbbreviationContext`. */
const CONTEXT_FITS: Readonly<Record<AbbreviationContext, (around: Neighbourhood) => boolean>> = {
  anywhere: () => true,
  'before-name': ({ next }) => looksLikeName(next),
  'after-name': ({ previous }) => looksLikeName(previous),
  'after-number': ({ previous }) => isNumber(previous),
  'before-number': ({ next }) => isNumber(next),
  'before-word-lowercase': ({ next, cased }) => !cased && next !== undefined,
  'at-end-after-word': ({ previous, next }) =>
    previous !== undefined && (next === undefined || (next.sentenceStart && capitalised(next))),
}

function readingFor(around: Neighbourhood): AbbreviationReading | undefined {
  const row = ABBREVIATIONS_BY_SPELLING.get(around.token.text.toLowerCase())
  return row?.readings.find(
    (reading) => (reading.period === 'optional' || around.token.period) && CONTEXT_FITS[reading.context](around),
  )
}

export function expandAbbreviations(tokens: readonly WorkToken[]): WorkToken[] {
  const cased = tokens.some((token) => /\p{Lu}/u.test(token.text))
  const rewrites: TokenRewrite[] = []
  tokens.forEach((token, index) => {
    const reading = readingFor({ token, previous: tokens[index - 1], next: tokens[index + 1], cased })
    if (reading) {
      rewrites.push({
        start: index,
        end: index + 1,
        tokens: derivedTokens(reading.expansion.split(' '), [token], 'abbreviation'),
      })
    }
  })
  return applyRewrites(tokens, rewrites)
}
