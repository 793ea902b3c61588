/**
 * The shape of the rules that turn written numbers into words for scoring: a pattern and a function giving every
 * spoken form of one match, canonical first (or undefined to leave the match to later rules). The TTS front-end's
 * rules (src/text/normalize/rule.ts), which give one reading, are adapted to the same shape.
 */
import type { Match, Rule } from '../normalize/rule.js'
import type { SpanKind } from '../normalize/spans.js'

export interface FormRule {
  readonly name: string
  readonly pattern: RegExp
  /** Spoken forms, canonical first; undefined leaves the match to later rules. */
  readonly forms: (match: Match) => readonly string[] | undefined
  /** Whether its matches are reported as expressions the scorer may choose a form for. */
  readonly choosable: boolean
}

/** A rule of our own, whose matches the scorer may read in any of their forms. */
export function formRule(name: string, source: string, forms: FormRule['forms']): FormRule {
  return { name, pattern: new RegExp(source, 'gu'), forms, choosable: true }
}

/** A TTS front-end rule: one reading. */
export function singleReading(rule: Rule): FormRule {
  return {
    name: rule.name,
    pattern: rule.pattern,
    forms: (match) => {
      const spoken = rule.speak(match)
      return spoken === undefined ? undefined : [spoken]
    },
    choosable: false,
  }
}

/** A span kind (e-mail address, URL): its trailing sentence punctuation stays in the text. */
export function spanReading(kind: SpanKind): FormRule {
  return {
    name: kind.name,
    pattern: kind.pattern,
    forms: ({ text }) => {
      const span = kind.trim ? kind.trim(text) : text
      const spoken = span ? kind.speak(span) : undefined
      return spoken === undefined ? undefined : [` ${spoken} ${text.slice(span.length)}`]
    },
    choosable: false,
  }
}

export const unique = (forms: readonly string[]): string[] => [...new Set(forms)]
