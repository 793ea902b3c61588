/**
 * The one shape every normalization rule shares: a regular expression plus a function that speaks one match, or
 * returns `undefined` to leave that match as written (a date with month 13, a time at 27:00). Rules are data in ordered
 * tables; `applyRules` is the only loop, and the context helpers below are the only look outside a match.
 */

export interface Match {
  /** The matched text. */
  readonly text: string
  readonly groups: Readonly<Record<string, string | undefined>>
  /** The whole text the rule runs over, and where the match sits in it. */
  readonly input: string
  readonly start: number
  readonly end: number
}

export interface Rule {
  readonly name: string
  readonly pattern: RegExp
  readonly speak: (match: Match) => string | undefined
}

/** Builds a rule; every pattern is global and Unicode-aware so `\p{L}` works and emoji are never split. */
export function defineRule(name: string, source: string, speak: Rule['speak'], flags = ''): Rule {
  return { name, pattern: new RegExp(source, `gu${flags}`), speak }
}

export function applyRule(text: string, rule: Rule): string {
  let out = ''
  let last = 0
  let changed = false
  for (const found of text.matchAll(rule.pattern)) {
    if (found[0].length === 0) continue
    const start = found.index
    const end = start + found[0].length
    const spoken = rule.speak({ text: found[0], groups: found.groups ?? {}, input: text, start, end })
    if (spoken === undefined) continue
    out += text.slice(last, start) + spoken
    last = end
    changed = true
  }
  return changed ? out + text.slice(last) : text
}

export function applyRules(text: string, rules: readonly Rule[]): string {
  return rules.reduce(applyRule, text)
}

/** Up to `length` characters before the match: enough context for any look-behind a rule needs. */
export function textBefore(match: Match, length = 60): string {
  return match.input.slice(Math.max(0, match.start - length), match.start)
}

export function textAfter(match: Match, length = 60): string {
  return match.input.slice(match.end, match.end + length)
}

/** The word right before the match (spaces only in between), lower-cased, or '' at a clause start. */
export function wordBefore(match: Match): string {
  return /([\p{L}]+)\.?\s+$/u.exec(textBefore(match))?.[1]?.toLowerCase() ?? ''
}

/**
 * Whether a full stop right after the match ends the sentence: the text ends there, or a new line, a capitalised word
 * or an opening quote follows. Used to keep "St." as "Street." at a sentence end but drop it in "Main St. is closed".
 */
export function sentenceEndsAfter(match: Match): boolean {
  return /^(?:["”’')\]]*\s*$|["”’')\]]*\s*\n|["”’')\]]*\s+["“‘(]?\p{Lu})/u.test(textAfter(match))
}

/** A space when a letter touches the match on that side, so "MP3" becomes "MP three", not "MPthree". */
export function padAgainstLetters(match: Match, spoken: string): string {
  const before = /\p{L}$/u.test(match.input.slice(Math.max(0, match.start - 2), match.start)) ? ' ' : ''
  const after = /^\p{L}/u.test(match.input.slice(match.end, match.end + 2)) ? ' ' : ''
  return `${before}${spoken}${after}`
}
