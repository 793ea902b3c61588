/**
 * TTS front-end text normalization: text written for reading → text an engine without its own normalizer (flite,
 * espeak, Chatterbox) speaks correctly, in English (US). Numbers, money, dates, times, units, abbreviations,
 * symbols, URLs, e-mail addresses and phone numbers become words; other words are left alone, and sentence
 * punctuation is kept so sentence splitting still works downstream.
 *
 * The pipeline is an ordered table of rule groups. Order is the whole design: spans (e-mail, URL, phone) are cut out
 * first so no prose rule can reach inside them; abbreviations come before dates so "Mar. 15" is a date; dates, times
 * and money claim their numbers before the generic number rules; a final sweep reads any digit left, so output from
 * numeric input never contains a digit. Already-normalized text passes through unchanged.
 *
 * @example normalizeForSpeech('Dr. Smith paid $3.50 on 2024-03-15.')
 * // 'Doctor Smith paid three dollars and fifty cents on March fifteenth, twenty twenty-four.'
 */
import { ABBREVIATION_RULES } from './abbreviations.js'
import { CURRENCY_RULES } from './currency.js'
import { DATE_RULES } from './dates.js'
import { FRACTION_RULES } from './fractions.js'
import { NUMBER_RULES } from './numbers.js'
import { PHONE } from './phone.js'
import { PLURALIZATION_RULES } from './pluralization.js'
import { applyRules, type Rule } from './rule.js'
import { cutSpans, type Piece, type SpanKind } from './spans.js'
import { INFIX_SYMBOL_RULES, PREFIX_SYMBOL_RULES } from './symbols.js'
import { TIME_RULES } from './times.js'
import { PERCENT_RULES, UNIT_RULES } from './units.js'
import { EMAIL, URL } from './web.js'
import { DECADE_RULES } from './years.js'

/** Mirrors Kokoro-FastAPI's `normalization_options` names where they overlap; every switch defaults to true. */
export interface NormalizationOptions {
  /** Master switch: false returns the text unchanged. */
  readonly normalize?: boolean
  /** "10 km" → "ten kilometers"; when off, the number is still read ("ten km"). */
  readonly unit_normalization?: boolean
  /** "https://example.com/a" → "example dot com slash a"; when off, URLs are left exactly as written. */
  readonly url_normalization?: boolean
  /** "a.b@c.org" → "a dot b at c dot org"; when off, addresses are left exactly as written. */
  readonly email_normalization?: boolean
  /** "+1 555-123-4567" read digit by digit in groups; when off, phone numbers are left exactly as written. */
  readonly phone_normalization?: boolean
  /** "item(s)" → "items". */
  readonly optional_pluralization_normalization?: boolean
}

type Switch = Exclude<keyof NormalizationOptions, 'normalize'>

export const DEFAULT_NORMALIZATION_OPTIONS: Readonly<Required<NormalizationOptions>> = Object.freeze({
  normalize: true,
  unit_normalization: true,
  url_normalization: true,
  email_normalization: true,
  phone_normalization: true,
  optional_pluralization_normalization: true,
})

/** Spans in the order they are cut out: an e-mail's domain is not a URL, and a URL's digits are not a phone. */
const SPAN_STAGES: readonly { readonly kind: SpanKind; readonly option: Switch }[] = [
  { kind: EMAIL, option: 'email_normalization' },
  { kind: URL, option: 'url_normalization' },
  { kind: PHONE, option: 'phone_normalization' },
]

const RULE_STAGES: readonly { readonly rules: readonly Rule[]; readonly option?: Switch }[] = [
  { rules: PLURALIZATION_RULES, option: 'optional_pluralization_normalization' },
  { rules: ABBREVIATION_RULES },
  { rules: PREFIX_SYMBOL_RULES },
  { rules: DATE_RULES },
  { rules: TIME_RULES },
  { rules: CURRENCY_RULES },
  { rules: DECADE_RULES },
  { rules: PERCENT_RULES },
  { rules: UNIT_RULES, option: 'unit_normalization' },
  { rules: FRACTION_RULES },
  { rules: INFIX_SYMBOL_RULES },
  { rules: NUMBER_RULES },
]

function tidySpaces(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').replace(/^[ \t]+|(?<![ \t])[ \t]+$/gm, '')
}

/**
 * Rewrites `text` so that a speech engine without a text normalizer reads it as a person would.
 * Pure and total: never throws, and text that is already normalized comes back unchanged, so normalizing twice is
 * harmless.
 */
export function normalizeForSpeech(text: string, options: NormalizationOptions = {}): string {
  // An option given as undefined means "the default", as it would over JSON.
  const enabled = (name: keyof NormalizationOptions): boolean => options[name] ?? DEFAULT_NORMALIZATION_OPTIONS[name]
  if (!enabled('normalize') || text === '') return text
  let pieces: Piece[] = [{ text, fixed: false }]
  for (const { kind, option } of SPAN_STAGES) pieces = cutSpans(pieces, kind, enabled(option))
  const rules = RULE_STAGES.filter(({ option }) => option === undefined || enabled(option)).flatMap(
    ({ rules }) => rules,
  )
  const spoken = pieces.map((piece) => (piece.fixed ? piece.text : applyRules(piece.text, rules))).join('')
  return tidySpaces(spoken)
}
