/**
 * Symbols read as words. Prefix symbols run before money and units so "~$5" and "<10 ms" keep their amount whole;
 * infix symbols run just before the plain-number rules. URLs and e-mail addresses never reach these rules (see
 * spans.ts), so "@" and "&" here are the prose ones: "R&D" → "R and D", "@chorus" → "at chorus".
 */
import { defineRule, textBefore, type Rule } from './rule.js'

interface SymbolWord {
  readonly pattern: string
  readonly words: string
}

/** Symbols that only mean something before a number: "#1" → "number 1", "~5" → "about 5", "±2" → "plus or minus 2". */
export const PREFIX_SYMBOLS: readonly SymbolWord[] = [
  { pattern: '#', words: 'number' },
  { pattern: '~', words: 'about' },
  { pattern: '≈', words: 'approximately' },
  { pattern: '±', words: 'plus or minus' },
  { pattern: '≤|<=', words: 'less than or equal to' },
  { pattern: '≥|>=', words: 'greater than or equal to' },
  { pattern: '<', words: 'less than' },
  { pattern: '>', words: 'greater than' },
]

/** Symbols between two numbers: "2+2" → "2 plus 2", "3 × 4" → "3 times 4" (unspaced "3x4" and "3×4" are dimensions, in numbers.ts). */
export const INFIX_SYMBOLS: readonly SymbolWord[] = [
  { pattern: String.raw`\+`, words: 'plus' },
  { pattern: String.raw`\*|(?<=\s)×(?=\s)`, words: 'times' },
  { pattern: '÷', words: 'divided by' },
  { pattern: String.raw`\^`, words: 'to the power of' },
]

/** Symbols read wherever they stand in prose. */
export const PROSE_SYMBOLS: readonly SymbolWord[] = [
  { pattern: '&(?:amp;)?', words: 'and' },
  { pattern: '=', words: 'equals' },
  { pattern: '@', words: 'at' },
  { pattern: '≠', words: 'is not equal to' },
]

export const PREFIX_SYMBOL_RULES: readonly Rule[] = PREFIX_SYMBOLS.map(({ pattern, words }) =>
  defineRule(
    `"${pattern}" before a number`,
    String.raw`(?<![\p{L}\p{N}_<>=-])(?:${pattern})\s?(?=[-−+]?[$£€¥₹]?\.?\d)`,
    () => `${words} `,
  ),
)

/** Prose symbols take a space on each side unless they stand at the very start or end of the text. */
function proseRule({ pattern, words }: SymbolWord): Rule {
  return defineRule(
    `"${pattern}" in prose`,
    String.raw`(?<![ \t])[ \t]*(?:${pattern})[ \t]*`,
    ({ input, start, end }) => {
      return `${start === 0 ? '' : ' '}${words}${end === input.length ? '' : ' '}`
    },
  )
}

export const INFIX_SYMBOL_RULES: readonly Rule[] = [
  ...INFIX_SYMBOLS.map(({ pattern, words }) =>
    defineRule(
      `"${pattern}" between numbers`,
      String.raw`(?<=\d)\s?(?:${pattern})\s?(?=[-−]?\.?\d)`,
      () => ` ${words} `,
    ),
  ),
  defineRule('"x" after a number', String.raw`(?<=\d)x(?![\p{L}\p{N}_])`, (match) =>
    // "2x faster", but not the "x" of a code like "A2x".
    /\p{L}\d*$/u.test(textBefore(match)) ? undefined : ' times',
  ),
  defineRule('"+" after a number', String.raw`(?<=\d)\+(?![\p{N}+])`, () => ' plus'),
  // "5 - 3 = 2" is a sum; "10 - 20 people" is left alone, since a spaced hyphen there is a dash.
  defineRule('spaced "-" in a sum', String.raw`(?<=\d)\s-\s(?=\d[^.!?\n]{0,80}(?:=|equals))`, () => ' minus '),
  ...PROSE_SYMBOLS.map(proseRule),
]
