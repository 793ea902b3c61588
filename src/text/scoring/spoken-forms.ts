/**
 * Written numbers → words, with every common way of saying them. A reference transcript is what the TTS engine was
 * asked to read, and "3:30", "$3.50" or "March 15" each have several correct readings; an ASR hypothesis has only
 * what was heard. So each rule returns a list of spoken forms: the first is the canonical one the normalizer uses,
 * the others are what the scorer may substitute when one of them is closer to what was heard (reference-forms.ts).
 * Our own rules give the alternatives — times (spoken-times.ts), money (spoken-money.ts), dates with a month name
 * (spoken-dates.ts), whole numbers (spoken-integers.ts). Years need none: "nineteen ninety-nine" and "one thousand
 * nine hundred ninety-nine" already agree after spelled-numbers.ts.
 *
 * The rules run in table order. The TTS front-end's own rules (src/text/normalize/) are reused for everything that
 * has one reading — e-mail addresses and URLs, symbols, currency ranges and magnitudes, numeric dates, decades,
 * percentages, units, fractions and the last sweep of plain numbers — so no digit survives this stage.
 */
import { CURRENCY_RULES } from '../normalize/currency.js'
import { DATE_RULES } from '../normalize/dates.js'
import { FRACTION_RULES } from '../normalize/fractions.js'
import { NUMBER_RULES } from '../normalize/numbers.js'
import { INFIX_SYMBOL_RULES, PREFIX_SYMBOL_RULES } from '../normalize/symbols.js'
import { TIME_RULES } from '../normalize/times.js'
import { PERCENT_RULES, UNIT_RULES } from '../normalize/units.js'
import { EMAIL, URL } from '../normalize/web.js'
import { DECADE_RULES } from '../normalize/years.js'
import { singleReading, spanReading, type FormRule } from './form-rules.js'
import { DATE_FORM_RULES } from './spoken-dates.js'
import { INTEGER_FORM_RULES } from './spoken-integers.js'
import { MONEY_FORM_RULES } from './spoken-money.js'
import { TIME_FORM_RULES } from './spoken-times.js'

/** One written expression the scorer may read in another form, with its spoken forms (canonical first). */
export interface SpokenExpression {
  readonly written: string
  readonly forms: readonly string[]
}

/** The whole stage, in order. */
export const SPOKEN_FORM_RULES: readonly FormRule[] = [
  spanReading(EMAIL),
  spanReading(URL),
  ...PREFIX_SYMBOL_RULES.map(singleReading),
  ...TIME_FORM_RULES,
  ...TIME_RULES.map(singleReading),
  ...MONEY_FORM_RULES,
  ...CURRENCY_RULES.map(singleReading),
  ...DATE_FORM_RULES,
  ...DATE_RULES.map(singleReading),
  ...DECADE_RULES.map(singleReading),
  ...PERCENT_RULES.map(singleReading),
  ...UNIT_RULES.map(singleReading),
  ...FRACTION_RULES.map(singleReading),
  ...INFIX_SYMBOL_RULES.map(singleReading),
  ...INTEGER_FORM_RULES,
  ...NUMBER_RULES.map(singleReading),
]

/**
 * Which form to use for the n-th choosable expression (counted in the order the rules meet them); the canonical
 * form (0) when absent or out of range.
 */
export type FormChoices = readonly number[]

/**
 * Replaces every written number by words. `choices` picks a form per choosable expression; the expressions met are
 * returned, so a caller can try the other forms. Forms never contain digits, so later rules meet the same digits
 * whatever was chosen and the numbering of expressions is stable.
 */
export function speakWrittenNumbers(
  text: string,
  choices: FormChoices = [],
): { text: string; expressions: SpokenExpression[] } {
  const expressions: SpokenExpression[] = []
  let current = text
  for (const rule of SPOKEN_FORM_RULES) {
    let out = ''
    let last = 0
    for (const found of current.matchAll(rule.pattern)) {
      if (found[0].length === 0) continue
      const start = found.index
      const end = start + found[0].length
      const forms = rule.forms({ text: found[0], groups: found.groups ?? {}, input: current, start, end })
      if (!forms || forms.length === 0) continue
      let chosen = forms[0] ?? ''
      if (rule.choosable) {
        chosen = forms[choices[expressions.length] ?? 0] ?? chosen
        expressions.push({ written: found[0], forms })
      }
      out += `${current.slice(last, start)} ${chosen} `
      last = end
    }
    if (last > 0) current = out + current.slice(last)
  }
  return { text: current, expressions }
}
