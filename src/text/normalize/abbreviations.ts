/**
 * Abbreviations spelled out: titles ("Dr. Smith" → "Doctor Smith"), street words ("Main St." → "Main Street"),
 * Latin and scholarly shorthand ("e.g." → "for example", "No. 5" → "number 5") and month abbreviations.
 *
 * Each row says where it applies (`placement`); the rows for one spelling are tried in table order and the first
 * that fits wins. That is how "St." and "Dr." are settled:
 * - after a house number or ordinal ("5th St.", "221 Baker St."), or after a capitalised word when no capitalised
 *   word follows ("down Main St. today", "Elm Dr. is closed") → Street / Drive;
 * - before a capitalised word ("St. Louis", "Dr. Smith") → Saint / Doctor;
 * - otherwise "st." is Street and "dr." is Doctor.
 * A capitalised word in `SENTENCE_STARTERS` ("Main St. Then we left") is not a name. Known miss: a street at a
 * sentence end followed by a sentence starting with a name ("Main St. Louis called.") reads "Main Saint Louis".
 *
 * An abbreviation's full stop is dropped, unless the abbreviation may end a sentence (`mayEndSentence`: "etc.",
 * "Jr.", "St." as Street) and a sentence seems to end there; then it stays, for the sentence splitter.
 */
import { escapeForRegExp } from './patterns.js'
import { MONTHS } from './months.js'
import { defineRule, sentenceEndsAfter, textAfter, textBefore, type Match, type Rule } from './rule.js'

type Placement = 'anywhere' | 'before-name' | 'after-name' | 'before-number'
type Period = 'required' | 'optional' | 'absent'

interface Abbreviation {
  readonly spelling: string
  readonly expansion: string
  readonly placement: Placement
  readonly period: Period
  readonly mayEndSentence?: boolean
  /** Match any letter case ("ETC.", "No."); otherwise the spelling is matched exactly. */
  readonly anyCase?: boolean
}

/** A title: spelled out with its stop anywhere ("Mr. and Mrs. Smith"), without one only before a name ("Mr Smith"). */
function title(spelling: string, expansion: string): Abbreviation[] {
  return [
    { spelling, expansion, placement: 'anywhere', period: 'required' },
    { spelling, expansion, placement: 'before-name', period: 'absent' },
  ]
}

/**
 * A rank, office or place word ("Gen.", "Sen.", "Mt."): only before a name and, unless said otherwise, only with its
 * stop, since "Gen Z" or "Rep" alone mean other things.
 */
function rank(spelling: string, expansion: string, period: Period = 'required'): Abbreviation[] {
  return [{ spelling, expansion, placement: 'before-name', period }]
}

/** A street word after a name: "Fifth Ave." → "Fifth Avenue". */
function street(spelling: string, expansion: string): Abbreviation[] {
  return [
    { spelling, expansion, placement: 'after-name', period: 'optional', mayEndSentence: true },
    { spelling, expansion, placement: 'anywhere', period: 'required', mayEndSentence: true },
  ]
}

/** Shorthand before a number: "No. 5" → "number 5", "pp. 10-20" → "pages 10-20". */
function beforeNumber(spelling: string, expansion: string, anyCase = true): Abbreviation[] {
  return [{ spelling, expansion, placement: 'before-number', period: 'required', anyCase }]
}

function anywhere(spelling: string, expansion: string, options: Partial<Abbreviation> = {}): Abbreviation[] {
  return [{ spelling, expansion, placement: 'anywhere', period: 'required', anyCase: true, ...options }]
}

export const ABBREVIATIONS: readonly Abbreviation[] = [
  ...title('Mr', 'Mister'),
  ...title('Mrs', 'Missus'),
  ...title('Ms', 'Miz'),
  ...title('Mx', 'Mix'),
  ...title('Prof', 'Professor'),
  { spelling: 'Dr', expansion: 'Drive', placement: 'after-name', period: 'optional', mayEndSentence: true },
  { spelling: 'Dr', expansion: 'Doctor', placement: 'before-name', period: 'optional' },
  { spelling: 'Dr', expansion: 'Doctor', placement: 'anywhere', period: 'required', anyCase: true },
  { spelling: 'St', expansion: 'Street', placement: 'after-name', period: 'optional', mayEndSentence: true },
  { spelling: 'St', expansion: 'Saint', placement: 'before-name', period: 'optional' },
  {
    spelling: 'St',
    expansion: 'Street',
    placement: 'anywhere',
    period: 'required',
    mayEndSentence: true,
    anyCase: true,
  },
  ...rank('Rev', 'Reverend'),
  ...rank('Hon', 'Honorable'),
  ...rank('Capt', 'Captain'),
  ...rank('Lt', 'Lieutenant'),
  ...rank('Sgt', 'Sergeant'),
  ...rank('Col', 'Colonel'),
  ...rank('Gen', 'General'),
  ...rank('Gov', 'Governor'),
  ...rank('Sen', 'Senator'),
  ...rank('Rep', 'Representative'),
  ...rank('Pres', 'President'),
  ...rank('Fr', 'Father'),
  ...rank('Mt', 'Mount', 'optional'),
  ...rank('Ft', 'Fort'),
  { spelling: 'Jr', expansion: 'Junior', placement: 'anywhere', period: 'optional', mayEndSentence: true },
  { spelling: 'Sr', expansion: 'Senior', placement: 'anywhere', period: 'optional', mayEndSentence: true },
  ...street('Ave', 'Avenue'),
  ...street('Blvd', 'Boulevard'),
  ...street('Rd', 'Road'),
  ...street('Ln', 'Lane'),
  ...street('Hwy', 'Highway'),
  ...street('Pkwy', 'Parkway'),
  ...beforeNumber('No', 'number'),
  ...beforeNumber('Nos', 'numbers'),
  ...beforeNumber('Fig', 'figure'),
  ...beforeNumber('Figs', 'figures'),
  ...beforeNumber('Vol', 'volume'),
  ...beforeNumber('Ch', 'chapter'),
  ...beforeNumber('Sec', 'section'),
  ...beforeNumber('Eq', 'equation'),
  ...beforeNumber('p', 'page', false),
  ...beforeNumber('pp', 'pages', false),
  ...anywhere('etc', 'et cetera', { mayEndSentence: true }),
  ...anywhere('e.g', 'for example'),
  ...anywhere('i.e', 'that is'),
  ...anywhere('a.k.a', 'also known as'),
  ...anywhere('approx', 'approximately'),
  ...anywhere('vs', 'versus', { period: 'optional' }),
  ...anywhere('Inc', 'Incorporated', { mayEndSentence: true, anyCase: false }),
  ...anywhere('Ltd', 'Limited', { mayEndSentence: true, anyCase: false }),
  ...anywhere('Corp', 'Corporation', { mayEndSentence: true, anyCase: false }),
  ...anywhere('Dept', 'Department', { mayEndSentence: true, anyCase: false }),
  ...MONTHS.flatMap((month) =>
    month.abbreviations.flatMap((spelling) => anywhere(spelling, month.name, { mayEndSentence: true, anyCase: false })),
  ),
]

/** Capitalised words that start sentences but are never a saint's or a doctor's name: "Main St. Then we left". */
// prettier-ignore
export const SENTENCE_STARTERS: readonly string[] = [
  'The', 'Then', 'There', 'This', 'That', 'These', 'Those', 'It', 'Its', 'We', 'You', 'He', 'She', 'They', 'I', 'A',
  'An', 'In', 'On', 'At', 'And', 'But', 'So', 'Or', 'If', 'When', 'After', 'Before', 'Turn', 'Go', 'Take', 'Head',
]

const CAPITALISED_WORD = String.raw`\p{Lu}[\p{L}'’-]*`
const FOLLOWED_BY_NAME = new RegExp(
  String.raw`^\s+(?!(?:${SENTENCE_STARTERS.join('|')})(?![\p{L}]))${CAPITALISED_WORD}`,
  'u',
)
const FOLLOWED_BY_NUMBER = /^\s*#?\d/
/** "5th St.", "221 Baker St.", "1600 Pennsylvania Ave." — but not "in 1999 St. Louis". */
const AFTER_HOUSE_NUMBER = new RegExp(
  String.raw`(?:\d(?:st|nd|rd|th|ST|ND|RD|TH)|\d[\p{L}]*(?:\s+${CAPITALISED_WORD}){1,3})\s+$`,
  'u',
)
const AFTER_NAME = new RegExp(String.raw`(?:^|[^\p{L}])${CAPITALISED_WORD}\s+$`, 'u')

const PLACEMENT_FITS: Readonly<Record<Placement, (match: Match) => boolean>> = {
  anywhere: () => true,
  'before-name': (match) => FOLLOWED_BY_NAME.test(textAfter(match)),
  'before-number': (match) => FOLLOWED_BY_NUMBER.test(textAfter(match)),
  'after-name': (match) => {
    const before = textBefore(match, 80)
    if (AFTER_HOUSE_NUMBER.test(before)) return true
    // "Elm Dr. is long": a title is always followed by a name, so without one this is a street word.
    return AFTER_NAME.test(before) && !FOLLOWED_BY_NAME.test(textAfter(match))
  },
}

function periodFits(row: Abbreviation, hasPeriod: boolean): boolean {
  return row.period === 'optional' || (row.period === 'required') === hasPeriod
}

function spellingFits(row: Abbreviation, written: string): boolean {
  return row.anyCase ? row.spelling.toLowerCase() === written.toLowerCase() : row.spelling === written
}

const SPELLINGS = [...new Set(ABBREVIATIONS.map((row) => row.spelling.toLowerCase()))].sort(
  (a, b) => b.length - a.length,
)

export const ABBREVIATION_RULES: readonly Rule[] = [
  defineRule(
    'abbreviation',
    String.raw`(?<![\p{L}\p{N}_.'’@/])(?<spelling>${SPELLINGS.map(escapeForRegExp).join('|')})(?<stop>\.)?(?![\p{L}\p{N}_'’@/]|\.[\p{L}\p{N}])`,
    (match) => {
      const written = match.groups.spelling ?? ''
      const hasPeriod = match.groups.stop !== undefined
      const row = ABBREVIATIONS.find(
        (candidate) =>
          spellingFits(candidate, written) &&
          periodFits(candidate, hasPeriod) &&
          PLACEMENT_FITS[candidate.placement](match),
      )
      if (!row) return undefined
      const keepStop = hasPeriod && row.mayEndSentence === true && sentenceEndsAfter(match)
      return keepStop ? `${row.expansion}.` : row.expansion
    },
    'i',
  ),
]
