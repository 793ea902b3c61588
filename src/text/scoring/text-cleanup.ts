/**
 * The character-level first pass of the transcript normalizer: Unicode compatibility forms folded (NFKC), accents
 * removed ("café" → "cafe", as Whisper's `remove_symbols_and_diacritics`), typographic quotes made plain, and
 * bracketed spans dropped — "[laughter]", "(inaudible)", "<unk>", "{noise}" are annotations, not speech. Nested
 * brackets are removed from the inside out. Everything else, including punctuation, is left for later stages,
 * which still need full stops ("St.", "U.S.A.") and apostrophes ("don't").
 */
import { UNICODE_FRACTIONS } from '../normalize/fractions.js'
import { escapeForRegExp } from '../normalize/patterns.js'

/** Letters that do not decompose into a base letter plus accents. */
// prettier-ignore
export const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D',
  þ: 'th', Þ: 'Th', ı: 'i',
}

// prettier-ignore
const CHARACTER_FOLDS: Readonly<Record<string, string>> = {
  '‘': "'", '’': "'", 'ʼ': "'", '`': "'", '´': "'", '“': '"', '”': '"', '„': '"', '«': '"', '»': '"',
  '&': ' and ', '\u00a0': ' ', '\u200b': '', '\u200d': '', '\ufeff': '',
}

const BRACKETED = /\[[^[\]]*\]|\([^()]*\)|<[^<>]*>|\{[^{}]*\}/g
/** An alternation, not a character class: the zero-width joiner must not join its neighbours into one class member. */
const FOLDABLE = new RegExp(
  Object.keys({ ...LETTER_FOLDS, ...CHARACTER_FOLDS })
    .map(escapeForRegExp)
    .join('|'),
  'gu',
)
const FRACTION = new RegExp(`(\\d?)([${Object.keys(UNICODE_FRACTIONS).join('')}])`, 'gu')

/** "3½" → "3 1/2", "½" → "1/2" — before NFKC, which would turn "½" into a fraction slash. */
function spellOutFractions(text: string): string {
  return text.replace(
    FRACTION,
    (_, digit: string, fraction: string) => `${digit}${digit ? ' ' : ''}${UNICODE_FRACTIONS[fraction]}`,
  )
}

export function removeDiacritics(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC')
}

export function removeBracketedSpans(text: string): string {
  let current = text
  for (let previous = ''; previous !== current;) {
    previous = current
    current = current.replace(BRACKETED, ' ')
  }
  return current
}

export function cleanUpCharacters(text: string): string {
  const folded = removeDiacritics(spellOutFractions(text).normalize('NFKC')).replace(
    FOLDABLE,
    (char) => LETTER_FOLDS[char] ?? CHARACTER_FOLDS[char] ?? char,
  )
  return removeBracketedSpans(folded).replace(/\s+/g, ' ').trim()
}
