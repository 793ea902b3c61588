/**
 * One canonical spelling for every number in a transcript, whether it was written in digits or in words.
 *
 * The canonical form is US English words without hyphens or "and" — words, not digits, so that "two"/"to" and
 * "four"/"for" can still be recognised as homophones, and so a misread digit costs one word, not a whole number.
 * Word runs are parsed into a value and spoken again by `canonicalIntegerWords`, so every common reading of a value
 * lands on the same words:
 * - "one thousand nine hundred and ninety-nine", "nineteen ninety-nine" and "1999" → "nineteen ninety nine";
 * - integers from 1000 to 2099 are spoken year-style ("twenty twenty four", "fifteen hundred", "nineteen oh five"),
 *   except round thousands, 2001–2009 ("two thousand five", so "twenty oh five" and "two thousand and five" agree)
 *   and 1001–1209 ("one thousand five"); everything else is a plain cardinal ("two thousand one hundred");
 * - "a hundred" → "one hundred"; "twenty-first", "21st" → "twenty first"; "three and a half" → "three point five";
 * - decimals are read digit by digit after "point" ("three point one four").
 * A teen or "ten"/"twenty" followed by a two-digit number or by "oh" and a digit is one year-style number
 * ("nineteen ninety nine", "ten fifteen"); that reading is also how "10:15" is said, so times agree with it.
 * Single digits in a row stay separate words ("one two three"), as phone numbers and codes are read.
 *
 * @example canonicalizeNumberWords(['a', 'hundred', 'and', 'five']) // ['one', 'hundred', 'five']
 */
import { belowHundredWords, cardinalWords, ordinalOfWords } from '../normalize/number-words.js'

// prettier-ignore
const UNIT_VALUES: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
}
// prettier-ignore
const TENS_VALUES: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}
// prettier-ignore
const SCALE_VALUES: Readonly<Record<string, number>> = {
  thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
}
/**
 * "nineteen oh five" is a year; "ten oh five" and "twelve oh five" are clock times, so centuries below this one are not
 * read with "oh" (1005 is "one thousand five"), and "ten oh five" stays as it was said.
 */
const FIRST_OH_CENTURY = 13
/** Past this the words are ambiguous ("a thousand trillion") and Number loses exactness soon after. */
const LARGEST = 1e15

/** "twenty-first" → ["twenty", "first"]; ordinal words map back to the cardinal they end. */
const ORDINAL_TO_CARDINAL: ReadonlyMap<string, string> = new Map(
  [...Object.keys(UNIT_VALUES), ...Object.keys(TENS_VALUES), 'hundred', ...Object.keys(SCALE_VALUES)]
    .filter((word) => word !== 'zero')
    .map((word) => [ordinalOfWords(word), word]),
)

/** Words that may follow "point": one digit each. */
const DIGIT_VALUES: Readonly<Record<string, number>> = { ...pickDigits(), oh: 0 }

function pickDigits(): Record<string, number> {
  return Object.fromEntries(Object.entries(UNIT_VALUES).filter(([, value]) => value < 10))
}

/** "and a half" and friends after a whole number. */
// prettier-ignore
const FRACTION_TAILS: readonly (readonly [words: readonly string[], digits: string])[] = [
  [['and', 'a', 'half'], '5'], [['and', 'one', 'half'], '5'], [['and', 'a', 'quarter'], '25'],
  [['and', 'one', 'quarter'], '25'], [['and', 'three', 'quarters'], '75'],
]

export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(UNIT_VALUES),
  ...Object.keys(TENS_VALUES),
  ...Object.keys(SCALE_VALUES),
  'hundred',
  ...ORDINAL_TO_CARDINAL.keys(),
])

export function isNumberWord(word: string): boolean {
  return NUMBER_WORDS.has(word)
}

const withoutHyphens = (words: string): string => words.replace(/-/g, ' ')

/** The canonical words for a whole number (see the module comment for the year-style range). */
export function canonicalIntegerWords(value: number): string {
  if (value >= 1000 && value <= 2099) return yearStyleWords(value)
  return withoutHyphens(cardinalWords(String(value)))
}

function yearStyleWords(value: number): string {
  const century = Math.floor(value / 100)
  const rest = value % 100
  if (rest === 0 && century % 10 !== 0) return `${belowHundredWords(century)} hundred`
  if (rest === 0 || (rest < 10 && century < FIRST_OH_CENTURY)) return withoutHyphens(cardinalWords(String(value)))
  if (rest < 10)
    return century === 20
      ? `two thousand ${belowHundredWords(rest)}`
      : `${belowHundredWords(century)} oh ${belowHundredWords(rest)}`
  return withoutHyphens(`${belowHundredWords(century)} ${belowHundredWords(rest)}`)
}

export function canonicalOrdinalWords(value: number): string {
  return withoutHyphens(ordinalOfWords(cardinalWords(String(value))))
}

/** "3" and "14" → "three point one four"; an empty whole part is read "point …" as written (".5"). */
export function canonicalDecimalWords(whole: string, fractionDigits: string): string {
  const wholeWords = whole === '' ? '' : `${canonicalIntegerWords(Number(whole))} `
  const digits = [...fractionDigits].map((digit) => belowHundredWords(Number(digit))).join(' ')
  return `${wholeWords}point ${digits}`
}

/** A parsed number: the words it covered (`end` is exclusive) and its canonical words. */
interface Parsed {
  readonly end: number
  readonly value: number
  readonly ordinal: boolean
}

/** A number below a hundred: "seven", "fifteen", "forty", "forty two", "forty second". */
function parseBelowHundred(words: readonly string[], start: number): Parsed | undefined {
  const word = words[start] ?? ''
  const cardinal = ORDINAL_TO_CARDINAL.get(word)
  const unit = UNIT_VALUES[cardinal ?? word]
  if (unit !== undefined) return { end: start + 1, value: unit, ordinal: cardinal !== undefined }
  const tens = TENS_VALUES[cardinal ?? word]
  if (tens === undefined) return undefined
  if (cardinal) return { end: start + 1, value: tens, ordinal: true }
  const next = words[start + 1] ?? ''
  const nextCardinal = ORDINAL_TO_CARDINAL.get(next)
  const nextUnit = UNIT_VALUES[nextCardinal ?? next]
  if (nextUnit !== undefined && nextUnit > 0 && nextUnit < 10) {
    return { end: start + 2, value: tens + nextUnit, ordinal: nextCardinal !== undefined }
  }
  return { end: start + 1, value: tens, ordinal: false }
}

function isScaleOrHundred(word: string | undefined): boolean {
  if (word === undefined) return false
  const cardinal = ORDINAL_TO_CARDINAL.get(word) ?? word
  return cardinal === 'hundred' || SCALE_VALUES[cardinal] !== undefined
}

/**
 * "and" joins a hundred or a scale to a smaller number after it ("one hundred and twenty three thousand"), unless
 * that number is itself a count of hundreds ("between one hundred and two hundred").
 */
function skipAnd(words: readonly string[], at: number): number {
  if (words[at] !== 'and') return at
  const after = parseBelowHundred(words, at + 1)
  const nextCardinal = words[after?.end ?? -1]
  if (!after || (after.value === 0 && !after.ordinal) || nextCardinal === 'hundred' || nextCardinal === 'hundredth') {
    return at
  }
  return at + 1
}

/** Below a thousand, or "nineteen hundred" style: [multiplier] hundred [and] [below a hundred]. */
function parseGroup(words: readonly string[], start: number, allowLargeMultiplier: boolean): Parsed | undefined {
  const article = words[start] === 'a' && isScaleOrHundred(words[start + 1])
  const head = article ? { end: start + 1, value: 1, ordinal: false } : parseBelowHundred(words, start)
  // Nothing attaches to "zero" or to an ordinal ("first").
  if (!head || head.ordinal || head.value === 0) return head
  const hundredWord = words[head.end]
  const hundredCardinal = hundredWord === undefined ? undefined : (ORDINAL_TO_CARDINAL.get(hundredWord) ?? hundredWord)
  if (hundredCardinal !== 'hundred' || (head.value >= 10 && !allowLargeMultiplier)) return head
  const hundreds = head.value * 100
  if (hundredWord !== 'hundred') return { end: head.end + 1, value: hundreds, ordinal: true }
  const restStart = skipAnd(words, head.end + 1)
  const rest = parseBelowHundred(words, restStart)
  // "nineteen hundred one thousand": the "one" starts the next number, since nothing can follow "nineteen hundred one".
  const restStartsNextNumber = head.value >= 10 && rest !== undefined && isScaleOrHundred(words[rest.end])
  if (!rest || rest.value === 0 || restStartsNextNumber) return { end: head.end + 1, value: hundreds, ordinal: false }
  return { end: rest.end, value: hundreds + rest.value, ordinal: rest.ordinal }
}

/** A cardinal or ordinal: groups with decreasing scales ("two million three hundred thousand and five"). */
function parseCardinal(words: readonly string[], start: number): Parsed | undefined {
  let total = 0
  let position = start
  let lastScale = Infinity
  let ordinal = false
  let parsedAny = false
  for (;;) {
    const group = parseGroup(words, position, !parsedAny)
    if (!group || (group.value === 0 && parsedAny)) break
    parsedAny = true
    if (group.ordinal || group.value === 0) {
      total += group.value
      position = group.end
      ordinal = group.ordinal
      break
    }
    const scaleWord = words[group.end]
    const scaleCardinal = scaleWord === undefined ? undefined : (ORDINAL_TO_CARDINAL.get(scaleWord) ?? scaleWord)
    const scale = scaleCardinal === undefined ? undefined : SCALE_VALUES[scaleCardinal]
    if (scale === undefined || scale >= lastScale || group.value >= 1000 || total + group.value * scale >= LARGEST) {
      total += group.value
      position = group.end
      break
    }
    total += group.value * scale
    lastScale = scale
    position = group.end + 1
    if (scaleWord !== scaleCardinal) {
      ordinal = true
      break
    }
    const next = skipAnd(words, position)
    if (!parseBelowHundred(words, next) && words[next] !== 'a') break
    position = next
  }
  return parsedAny ? { end: position, value: total, ordinal } : undefined
}

/** Year-style pairs: "nineteen ninety nine", "twenty twenty four", "nineteen oh five", "ten fifteen". */
function parseYearPair(words: readonly string[], start: number): Parsed | undefined {
  const century = UNIT_VALUES[words[start] ?? ''] ?? (words[start] === 'twenty' ? 20 : undefined)
  if (century === undefined || century < 10) return undefined
  if (words[start + 1] === 'oh') {
    if (century < FIRST_OH_CENTURY) return undefined
    const digit = UNIT_VALUES[words[start + 2] ?? '']
    if (digit === undefined || digit === 0 || digit >= 10 || isScaleOrHundred(words[start + 3])) return undefined
    return { end: start + 3, value: century * 100 + digit, ordinal: false }
  }
  const rest = parseBelowHundred(words, start + 1)
  if (!rest || rest.ordinal || rest.value < 10 || isScaleOrHundred(words[rest.end])) return undefined
  return { end: rest.end, value: century * 100 + rest.value, ordinal: false }
}

/** The canonical words replacing `words[start, end)`, or undefined when no number starts at `start`. */
function parseNumberAt(words: readonly string[], start: number): { end: number; spoken: string } | undefined {
  const cardinal = parseCardinal(words, start)
  const pair = parseYearPair(words, start)
  const best = pair && (!cardinal || pair.end > cardinal.end) ? pair : cardinal
  if (!best) return undefined
  if (best.ordinal) return { end: best.end, spoken: canonicalOrdinalWords(best.value) }
  const decimal = parseDecimalTail(words, best.end)
  if (decimal) return { end: decimal.end, spoken: canonicalDecimalWords(String(best.value), decimal.digits) }
  return { end: best.end, spoken: canonicalIntegerWords(best.value) }
}

/** "point one four" or "and a half" after a whole number; not when more digits follow, which would join it later. */
function parseDecimalTail(words: readonly string[], start: number): { end: number; digits: string } | undefined {
  if (words[start] === 'point' && DIGIT_VALUES[words[start + 1] ?? ''] !== undefined) {
    let end = start + 1
    let digits = ''
    for (; DIGIT_VALUES[words[end] ?? ''] !== undefined; end += 1) digits += String(DIGIT_VALUES[words[end] ?? ''])
    return { end, digits }
  }
  for (const [tail, digits] of FRACTION_TAILS) {
    const fits = tail.every((word, offset) => words[start + offset] === word)
    if (
      fits &&
      DIGIT_VALUES[words[start + tail.length] ?? ''] === undefined &&
      words[start + tail.length] !== 'point'
    ) {
      return { end: start + tail.length, digits }
    }
  }
  return undefined
}

/** A replacement of `words[start, end)` by canonical number words. */
export interface NumberRewrite {
  readonly start: number
  readonly end: number
  readonly words: readonly string[]
}

/** Every number in a run of lower-case words, left to right, longest reading first. */
export function findNumberRewrites(words: readonly string[]): NumberRewrite[] {
  const rewrites: NumberRewrite[] = []
  for (let start = 0; start < words.length;) {
    const parsed = parseNumberAt(words, start)
    if (!parsed) {
      start += 1
      continue
    }
    rewrites.push({ start, end: parsed.end, words: parsed.spoken.split(' ') })
    start = parsed.end
  }
  return rewrites
}

/** Plain-word convenience over `findNumberRewrites`, for tests and callers without token bookkeeping. */
export function canonicalizeNumberWords(words: readonly string[]): string[] {
  const out: string[] = []
  let last = 0
  for (const rewrite of findNumberRewrites(words)) {
    out.push(...words.slice(last, rewrite.start), ...rewrite.words)
    last = rewrite.end
  }
  return [...out, ...words.slice(last)]
}
