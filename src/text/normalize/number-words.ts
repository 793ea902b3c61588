/**
 * English (US) number words: cardinals, ordinals, digit-by-digit readings, decimals and plurals ("nineties").
 * Numbers arrive as digit strings and are never parsed into floats, so any length is exact; past fifteen digits
 * (one quadrillion and up) nobody listens to the words any more, and digits are read one by one instead.
 *
 * @example cardinalWords('1234567') // 'one million two hundred thirty-four thousand five hundred sixty-seven'
 */

// prettier-ignore
const ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
] as const
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const
/** Powers of a thousand, smallest first; their count sets the longest number spoken in words. */
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion'] as const
export const MAX_CARDINAL_DIGITS = SCALES.length * 3

// prettier-ignore
const IRREGULAR_ORDINALS: Readonly<Record<string, string>> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
}

/** 0 ≤ n < 100, US style with a hyphen: "forty-two". */
export function belowHundredWords(n: number): string {
  if (n < 20) return ONES[n] ?? ''
  const unit = n % 10
  return `${TENS[Math.floor(n / 10)]}${unit ? `-${ONES[unit]}` : ''}`
}

/** 1 ≤ n < 1000, without the British "and": "one hundred three". */
function belowThousandWords(n: number): string {
  const hundreds = Math.floor(n / 100)
  const rest = n % 100
  const parts = hundreds ? [`${ONES[hundreds]} hundred`] : []
  if (rest) parts.push(belowHundredWords(rest))
  return parts.join(' ')
}

/** "0042" → "zero zero four two". Anything that is not an ASCII digit is skipped. */
export function digitWords(digits: string): string {
  return [...digits]
    .filter((char) => char >= '0' && char <= '9')
    .map((digit) => ONES[Number(digit)])
    .join(' ')
}

/** Cardinal words for a string of digits; leading zeros are ignored, numbers ≥ 10^15 are read digit by digit. */
export function cardinalWords(digits: string): string {
  const trimmed = digits.replace(/[^0-9]/g, '').replace(/^0+(?=\d)/, '')
  if (trimmed === '') return ''
  if (trimmed.length > MAX_CARDINAL_DIGITS) return digitWords(trimmed)
  if (/^0+$/.test(trimmed)) return 'zero'
  const parts: string[] = []
  for (let scale = 0, end = trimmed.length; end > 0; scale += 1, end -= 3) {
    const group = Number(trimmed.slice(Math.max(0, end - 3), end))
    if (group) parts.unshift(`${belowThousandWords(group)}${scale ? ` ${SCALES[scale]}` : ''}`)
  }
  return parts.join(' ')
}

function replaceLastWord(words: string, change: (word: string) => string): string {
  const match = /^(.*?)([a-z]+)$/s.exec(words)
  return match ? `${match[1]}${change(match[2]!)}` : words
}

/** "twenty-two" → "twenty-second", "one hundred three" → "one hundred third". */
export function ordinalOfWords(words: string): string {
  return replaceLastWord(words, (word) => {
    const irregular = IRREGULAR_ORDINALS[word]
    if (irregular) return irregular
    return word.endsWith('y') ? `${word.slice(0, -1)}ieth` : `${word}th`
  })
}

export function ordinalWords(digits: string): string {
  return ordinalOfWords(cardinalWords(digits))
}

/** "ninety" → "nineties", "six" → "sixes", "hundred" → "hundreds" (for "the 1990s", "in your 20s", "5s"). */
export function pluralOfWords(words: string): string {
  return replaceLastWord(words, (word) => {
    if (word.endsWith('y')) return `${word.slice(0, -1)}ies`
    if (word.endsWith('x')) return `${word}es`
    return `${word}s`
  })
}

/** "3.14" → "three point one four", ".5" → "point five"; digits after the point are always read one by one. */
export function decimalWords(integerDigits: string, fractionDigits: string): string {
  const whole = integerDigits === '' ? '' : `${integerWords(integerDigits)} `
  return `${whole}point ${digitWords(fractionDigits)}`
}

/** A written integer as a listener expects it: "007" digit by digit, "1,234" as a cardinal. */
export function integerWords(written: string): string {
  const digits = written.replace(/[^0-9]/g, '')
  if (digits.length > 1 && digits.startsWith('0') && !written.includes(',')) return digitWords(digits)
  return cardinalWords(digits)
}

/**
 * Any plain written number: optional sign, thousands separators, decimals. "-1,234.5" → "minus one thousand two
 * hundred thirty-four point five". Years are not decided here (see years.ts): this is the neutral reading.
 */
export function numberWords(written: string): string {
  const match = /^([-−+]?)([0-9,]*)(?:\.([0-9]+))?$/.exec(written.trim())
  if (!match) return digitWords(written)
  const [, sign = '', integer = '', fraction] = match
  const spoken = fraction === undefined ? integerWords(integer) : decimalWords(integer, fraction)
  const signWord = sign === '+' ? 'plus ' : sign ? 'minus ' : ''
  return `${signWord}${spoken}`
}

/** True when a written number is exactly one ("1", "+1", "-1", "01"), which takes a singular unit. */
export function isExactlyOne(written: string): boolean {
  return /^[-−+]?0*1$/.test(written.trim())
}
