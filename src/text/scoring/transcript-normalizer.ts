/**
 * English transcript normalization for scoring, applied identically to the reference and to every ASR hypothesis
 * before words are compared. It follows the documented behaviour of OpenAI Whisper's `EnglishTextNormalizer`
 * (lower case; bracketed spans, fillers and punctuation removed; contractions expanded; spelled and written numbers
 * unified; British spellings made American; whitespace collapsed) and fixes its known faults:
 * - "3:30 p.m." and "three thirty pm" agree ("three thirty pm"), where Whisper gives "3 30 p m" and "330 pm";
 * - "St." is Street or Saint by context, not always "saint"; "Dr." likewise Doctor or Drive;
 * - a possessive "'s" is not turned into "is" ("John's car" → "johns car", not "john is car");
 * - "OK", "O.K." and "okay" → "okay"; "e-mail" and "email" → "email"; "U.S.A.", "USA" and "u s a" → "usa";
 * - "Mr." and "mister" → "mister"; hyphenated compounds are closed up or split by a table, not always split.
 *
 * The canonical number form is words (see spelled-numbers.ts): "$3.50" → "three dollars fifty cents", "21st" →
 * "twenty first", "1999" → "nineteen ninety nine", "50%" → "fifty percent". Readings the normalizer cannot unify on
 * its own — "three fifty" for "$3.50", "half past three" for "3:30" — are handled by the scorer, which may read the
 * reference in another of its spoken forms (`formChoices`, reference-forms.ts).
 *
 * The pipeline is a table: a character pass (text-cleanup.ts), written numbers to words (spoken-forms.ts), the
 * tokenizer (tokens.ts), then `TOKEN_STAGES` in order. Normalizing normalized text changes nothing.
 *
 * @example normalizeTranscript("Um, Dr. Smith's colour TV cost $3.50 at 3:30 p.m. [laughs]")
 * // 'doctor smiths color tv cost three dollars fifty cents at three thirty pm'
 */
import { CURRENCIES } from '../normalize/currency.js'
import { expandAbbreviations, joinDottedAcronyms } from './abbreviation-expansion.js'
import { resolveHyphens } from './compound-words.js'
import { LEADING_APOSTROPHE_WORDS, expandContractions } from './contraction-expansion.js'
import { isFillerWord } from './data/fillers.js'
import { joinLetterRuns } from './letter-runs.js'
import { findNumberRewrites, isNumberWord } from './spelled-numbers.js'
import { standardizeSpellings } from './spelling-standardization.js'
import { speakWrittenNumbers, type FormChoices, type SpokenExpression } from './spoken-forms.js'
import { cleanUpCharacters } from './text-cleanup.js'
import { rewriteSkippingFillers, tokenize, type TokenChange, type WorkToken } from './tokens.js'

/** One word of a normalized transcript, with what the verdicts need to know about where it came from. */
export interface TranscriptToken {
  readonly word: string
  /** How it was written before word-level rewrites ("Dr." for "doctor", "colour" for "color"). */
  readonly written: string
  readonly change?: TokenChange
  /** Filler words are kept here for the verdicts but are not part of `words`. */
  readonly filler: boolean
}

export interface TranscriptAnalysis {
  /** Every token, fillers included, in order. */
  readonly tokens: readonly TranscriptToken[]
  /** The normalized words: what WER is computed on. */
  readonly words: readonly string[]
  /** Written expressions with more than one spoken form, numbered as `formChoices` counts them. */
  readonly expressions: readonly SpokenExpression[]
}

export interface TranscriptOptions {
  /** Which spoken form to use for each expression (see spoken-forms.ts); the canonical form by default. */
  readonly formChoices?: FormChoices
}

interface TokenStage {
  readonly name: string
  readonly run: (tokens: readonly WorkToken[]) => WorkToken[]
}

const MAJOR_UNITS: ReadonlySet<string> = new Set(
  CURRENCIES.flatMap((currency) => currency.major.map((name) => name.toLowerCase().split(' ').at(-1) ?? '')),
)
const MINOR_UNITS: ReadonlySet<string> = new Set(
  CURRENCIES.flatMap((currency) => currency.minor ?? []).map((name) => name.toLowerCase()),
)
/** How far after "dollars and" the minor unit may come: "dollars and ninety nine cents". */
const MINOR_UNIT_REACH = 4

/** "three dollars and fifty cents" → "three dollars fifty cents", as "$3.50" is spoken canonically. */
function findMoneyAnds(words: readonly string[]): { start: number; end: number; words: string[] }[] {
  return words.flatMap((word, index) => {
    if (word !== 'and' || !MAJOR_UNITS.has(words[index - 1] ?? '') || !isNumberWord(words[index + 1] ?? '')) return []
    const after = words.slice(index + 1, index + 1 + MINOR_UNIT_REACH)
    const minor = after.findIndex((next) => MINOR_UNITS.has(next))
    const numbersOnly = minor > 0 && after.slice(0, minor).every(isNumberWord)
    return numbersOnly ? [{ start: index, end: index + 1, words: [] }] : []
  })
}

function removePunctuation(tokens: readonly WorkToken[]): WorkToken[] {
  return tokens
    .map((token) => ({ ...token, text: token.text.replace(/[^\p{L}\p{N}]/gu, '') }))
    .filter((token) => token.text !== '')
}

/** Repeats the number stage until nothing changes, so numbers run together ("1900 1999") settle for good. */
const MAX_NUMBER_PASSES = 8

function canonicalizeNumbers(tokens: readonly WorkToken[]): WorkToken[] {
  let current = [...tokens]
  for (let pass = 0; pass < MAX_NUMBER_PASSES; pass += 1) {
    const next = rewriteSkippingFillers(rewriteSkippingFillers(current, findNumberRewrites), findMoneyAnds)
    const unchanged =
      next.length === current.length && next.every((token, index) => token.text === current[index]?.text)
    current = next
    if (unchanged) break
  }
  return current
}

const markFillers = (tokens: readonly WorkToken[]): WorkToken[] =>
  tokens.map((token) => (isFillerWord(token.text.toLowerCase()) ? { ...token, filler: true } : token))

/**
 * In order. Every stage that can make a new word — splitting at hyphens, expanding contractions, dropping
 * apostrophes, joining spelled letters — runs before the stages that look words up (fillers, abbreviations), so a
 * second run finds nothing new to do. Abbreviations need capitals, so lower-casing comes after them.
 */
export const TOKEN_STAGES: readonly TokenStage[] = [
  { name: 'hyphenated words', run: resolveHyphens },
  { name: 'dotted acronyms', run: joinDottedAcronyms },
  { name: 'contractions', run: expandContractions },
  { name: 'punctuation', run: removePunctuation },
  { name: 'fillers', run: markFillers },
  { name: 'spelled letters', run: (tokens) => markFillers(joinLetterRuns(tokens)) },
  { name: 'abbreviations in context', run: expandAbbreviations },
  { name: 'lower case', run: (tokens) => tokens.map((token) => ({ ...token, text: token.text.toLowerCase() })) },
  { name: 'spelled numbers', run: canonicalizeNumbers },
  { name: 'spellings', run: standardizeSpellings },
]

export function analyzeTranscript(text: string, options: TranscriptOptions = {}): TranscriptAnalysis {
  const spoken = speakWrittenNumbers(cleanUpCharacters(text), options.formChoices)
  let working = tokenize(spoken.text, LEADING_APOSTROPHE_WORDS)
  for (const stage of TOKEN_STAGES) working = stage.run(working)
  const tokens = working.map((token): TranscriptToken => ({
    word: token.text,
    written: token.written,
    filler: token.filler === true,
    ...(token.change ? { change: token.change } : {}),
  }))
  return {
    tokens,
    words: tokens.filter((token) => !token.filler).map((token) => token.word),
    expressions: spoken.expressions,
  }
}

/** The normalized words of a transcript, fillers left out. */
export function normalizeTranscriptWords(text: string): string[] {
  return [...analyzeTranscript(text).words]
}

/** The normalized transcript: lower-case words separated by single spaces. */
export function normalizeTranscript(text: string): string {
  return analyzeTranscript(text).words.join(' ')
}
