/**
 * Optional plurals: "item(s)" → "items", "box(es)" → "boxes". Engines read the brackets as a pause or as the
 * letter "s"; the plural is what a person reading aloud says.
 */
import { defineRule, type Rule } from './rule.js'

export const PLURALIZATION_RULES: readonly Rule[] = [
  defineRule(
    'optional plural',
    String.raw`(?<=\p{L})\((?<suffix>s|es)\)(?![\p{L}])`,
    ({ groups }) => groups.suffix,
    'i',
  ),
]
