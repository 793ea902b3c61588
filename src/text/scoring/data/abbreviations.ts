/**
 * Abbreviations on the scoring side. Each row lists the expansions an abbreviation may stand for; rows with
 * `readings` are expanded by the transcript normalizer (the first reading whose context and full stop fit wins),
 * rows without are only used by the verdicts, to call "km" against "kilometers" an `abbreviation` rather than a TTS
 * failure.
 *
 * This fixes a known fault of Whisper's English normalizer, which expands "st" to "saint" everywhere ("Main St." →
 * "main saint"): here "St." is Street after a number or a name and Saint before a name, the same rule the TTS
 * front-end uses (src/text/normalize/abbreviations.ts). Words that are also ordinary words ("gen", "rep", "no",
 * "col") are expanded only with their full stop or before a name, never bare.
 */

/**
 * Where a reading applies, judged from the neighbouring written tokens:
 * - `before-name`: the next token is capitalised and not a common sentence starter ("St. Louis", "Dr. Smith");
 * - `after-name`: the previous token is capitalised and does not start a sentence ("Main St.", "Elm Dr.");
 * - `after-number` / `before-number`: a number word is next to it ("fifth St.", "No. five");
 * - `before-word-lowercase`: the text has no capitals at all (typical ASR output) and a word follows ("st louis");
 * - `at-end-after-word`: a word precedes it and nothing follows in the sentence ("elm dr");
 * - `anywhere`.
 */
export type AbbreviationContext =
  | 'anywhere'
  | 'before-name'
  | 'after-name'
  | 'after-number'
  | 'before-number'
  | 'before-word-lowercase'
  | 'at-end-after-word'

export interface AbbreviationReading {
  readonly expansion: string
  readonly context: AbbreviationContext
  /** `required`: only with its full stop ("Gen."), or as a dotted acronym ("e.g."). */
  readonly period: 'required' | 'optional'
}

export interface ScoringAbbreviation {
  /** Lower case, without full stops: "st", "eg", "mph". */
  readonly spelling: string
  readonly expansions: readonly string[]
  readonly readings: readonly AbbreviationReading[]
}

/** A spelling that is never a word of its own ("Mr", "Jr", "etc"): expanded everywhere. */
function always(spelling: string, expansion: string, ...others: string[]): ScoringAbbreviation {
  return {
    spelling,
    expansions: [expansion, ...others],
    readings: [{ expansion, context: 'anywhere', period: 'optional' }],
  }
}

/** A rank or place word that is also a word ("Gen", "Rep"): only with its stop, or bare before a name. */
function rank(spelling: string, expansion: string, ...others: string[]): ScoringAbbreviation {
  return {
    spelling,
    expansions: [expansion, ...others],
    readings: [
      { expansion, context: 'anywhere', period: 'required' },
      { expansion, context: 'before-name', period: 'optional' },
    ],
  }
}

/** A street word after a name or a number ("Fifth Ave", "Elm Rd."), or anywhere with its stop. */
function street(spelling: string, expansion: string): ScoringAbbreviation {
  return {
    spelling,
    expansions: [expansion],
    readings: [
      { expansion, context: 'after-name', period: 'optional' },
      { expansion, context: 'after-number', period: 'optional' },
      { expansion, context: 'anywhere', period: 'required' },
    ],
  }
}

/** Shorthand before a number, with its stop: "No. 5", "Fig. 3". */
function beforeNumber(spelling: string, expansion: string): ScoringAbbreviation {
  return { spelling, expansions: [expansion], readings: [{ expansion, context: 'before-number', period: 'required' }] }
}

/** Written with dots as an acronym ("e.g.", "i.e."); bare "eg" and "ie" are left alone. */
function dotted(spelling: string, expansion: string): ScoringAbbreviation {
  return { spelling, expansions: [expansion], readings: [{ expansion, context: 'anywhere', period: 'required' }] }
}

/** Never expanded in transcripts: only recognised by the verdicts. */
function verdictOnly(spelling: string, ...expansions: string[]): ScoringAbbreviation {
  return { spelling, expansions, readings: [] }
}

// prettier-ignore
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december'] as const
// prettier-ignore
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

export const SCORING_ABBREVIATIONS: readonly ScoringAbbreviation[] = [
  {
    spelling: 'st',
    expansions: ['street', 'saint'],
    readings: [
      { expansion: 'street', context: 'after-number', period: 'optional' },
      { expansion: 'saint', context: 'before-name', period: 'optional' },
      { expansion: 'street', context: 'after-name', period: 'optional' },
      { expansion: 'saint', context: 'before-word-lowercase', period: 'optional' },
      { expansion: 'street', context: 'anywhere', period: 'optional' },
    ],
  },
  {
    spelling: 'dr',
    expansions: ['doctor', 'drive'],
    readings: [
      { expansion: 'doctor', context: 'before-name', period: 'optional' },
      { expansion: 'drive', context: 'after-name', period: 'optional' },
      { expansion: 'drive', context: 'after-number', period: 'optional' },
      { expansion: 'drive', context: 'at-end-after-word', period: 'optional' },
      { expansion: 'doctor', context: 'anywhere', period: 'optional' },
    ],
  },
  always('mr', 'mister'),
  always('mrs', 'missus', 'misses'),
  always('ms', 'miz', 'miss'),
  always('prof', 'professor'),
  always('capt', 'captain'),
  always('sgt', 'sergeant'),
  always('lt', 'lieutenant'),
  always('jr', 'junior'),
  always('sr', 'senior'),
  always('esq', 'esquire'),
  always('etc', 'et cetera'),
  always('vs', 'versus'),
  always('aka', 'also known as'),
  always('approx', 'approximately'),
  always('dept', 'department'),
  always('govt', 'government'),
  always('blvd', 'boulevard'),
  always('hwy', 'highway'),
  always('pkwy', 'parkway'),
  rank('gen', 'general'),
  rank('sen', 'senator'),
  rank('rep', 'representative'),
  rank('gov', 'governor'),
  rank('pres', 'president'),
  rank('rev', 'reverend'),
  rank('hon', 'honorable'),
  rank('col', 'colonel'),
  rank('fr', 'father'),
  rank('mt', 'mount', 'mountain'),
  rank('ft', 'fort', 'feet', 'foot'),
  street('ave', 'avenue'),
  street('rd', 'road'),
  street('ln', 'lane'),
  beforeNumber('no', 'number'),
  beforeNumber('nos', 'numbers'),
  beforeNumber('fig', 'figure'),
  beforeNumber('vol', 'volume'),
  beforeNumber('pp', 'pages'),
  dotted('eg', 'for example'),
  dotted('ie', 'that is'),
  verdictOnly('km', 'kilometer', 'kilometers'),
  verdictOnly('cm', 'centimeter', 'centimeters'),
  verdictOnly('mm', 'millimeter', 'millimeters'),
  verdictOnly('kg', 'kilogram', 'kilograms'),
  verdictOnly('lb', 'pound', 'pounds'),
  verdictOnly('lbs', 'pounds'),
  verdictOnly('oz', 'ounce', 'ounces'),
  verdictOnly('mi', 'mile', 'miles'),
  verdictOnly('mph', 'miles per hour'),
  verdictOnly('kph', 'kilometers per hour'),
  verdictOnly('hr', 'hour', 'hours'),
  verdictOnly('hrs', 'hours'),
  verdictOnly('min', 'minute', 'minutes'),
  verdictOnly('mins', 'minutes'),
  verdictOnly('sec', 'second', 'seconds'),
  verdictOnly('secs', 'seconds'),
  verdictOnly('apt', 'apartment'),
  verdictOnly('tv', 'television'),
  verdictOnly('usa', 'united states', 'united states of america', 'america'),
  verdictOnly('us', 'united states', 'america'),
  verdictOnly('uk', 'united kingdom', 'britain'),
  verdictOnly('un', 'united nations'),
  verdictOnly('eu', 'european union'),
  verdictOnly('nyc', 'new york city', 'new york'),
  verdictOnly('la', 'los angeles'),
  verdictOnly('co', 'company'),
  verdictOnly('corp', 'corporation'),
  verdictOnly('inc', 'incorporated'),
  verdictOnly('ltd', 'limited'),
  verdictOnly('intl', 'international'),
  verdictOnly('univ', 'university'),
  verdictOnly('bros', 'brothers'),
  verdictOnly('info', 'information'),
  verdictOnly('asap', 'as soon as possible'),
  verdictOnly('fyi', 'for your information'),
  verdictOnly('diy', 'do it yourself'),
  verdictOnly('ceo', 'chief executive officer'),
  verdictOnly('pct', 'percent'),
  ...MONTHS.filter((month) => month.length > 3).map((month) => verdictOnly(month.slice(0, 3), month)),
  verdictOnly('sept', 'september'),
  ...WEEKDAYS.map((day) => verdictOnly(day.slice(0, 3), day)),
  verdictOnly('tues', 'tuesday'),
  verdictOnly('thurs', 'thursday'),
]

export const ABBREVIATIONS_BY_SPELLING: ReadonlyMap<string, ScoringAbbreviation> = new Map(
  SCORING_ABBREVIATIONS.map((row) => [row.spelling, row]),
)
