/**
 * The checks a chat reply must pass before a voice-agent LLM may replace another: a response contract (the content
 * matches a regular expression, or parses as JSON that a JSON schema accepts — validated with ajv) and no reasoning
 * leaking into the content (`<think>` by default; reasoning belongs in `reasoning_content`, never in what is spoken).
 *
 * @example
 * const contract = compileContract({ jsonSchema: { type: 'object', required: ['reply'] } })
 * contract.check('{"reply":"hi"}') // undefined (kept)
 * contract.check('hi')             // 'content is not JSON: …'
 */
import { Ajv } from 'ajv'
import { ChorusError } from '../../errors.js'

/** As written in a bench spec: one of the two. */
export interface ResponseContract {
  /** A JavaScript regular expression the whole content is searched with (add ^…$ to anchor). */
  readonly regex?: string
  /** A JSON schema the content, parsed as JSON, must satisfy. */
  readonly jsonSchema?: Record<string, unknown>
}

export interface ContractCheck {
  /** For reports: `regex /…/` or `JSON schema`. */
  readonly description: string
  /** Undefined when the content keeps the contract; otherwise why not. */
  check(content: string): string | undefined
}

/** `<think>`, `</think>`, `<thinking>`: the tags reasoning models wrap their chain of thought in. */
export const DEFAULT_REASONING_PATTERN = '</?think(?:ing)?>'

function invalid(reason: string): ChorusError {
  return new ChorusError('CHORUS_ERR_BENCH_SPEC_INVALID', { reason })
}

/** A regular expression from a user's pattern; a bad one is a spec error naming the pattern. */
export function compilePattern(pattern: string, what: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, flags)
  } catch (error) {
    throw invalid(`${what}: /${pattern}/ is not a valid regular expression (${(error as Error).message})`)
  }
}

export function reasoningPattern(pattern: string = DEFAULT_REASONING_PATTERN): RegExp {
  return compilePattern(pattern, 'reasoning pattern', 'i')
}

export function compileContract(contract: ResponseContract): ContractCheck {
  if (contract.regex !== undefined && contract.jsonSchema !== undefined)
    throw invalid('a response contract is a regex or a JSON schema, not both')
  if (contract.regex !== undefined) {
    const pattern = compilePattern(contract.regex, 'contract regex')
    return {
      description: `regex /${contract.regex}/`,
      check: (content) => (pattern.test(content) ? undefined : `content does not match /${contract.regex}/`),
    }
  }
  if (contract.jsonSchema !== undefined) {
    let validate: ReturnType<Ajv['compile']>
    try {
      validate = new Ajv({ allErrors: false, strict: false }).compile(contract.jsonSchema)
    } catch (error) {
      throw invalid(`contract JSON schema does not compile: ${(error as Error).message}`)
    }
    return {
      description: 'JSON schema',
      check: (content) => {
        let parsed: unknown
        try {
          parsed = JSON.parse(content)
        } catch (error) {
          return `content is not JSON: ${(error as Error).message}`
        }
        if (validate(parsed)) return undefined
        const first = validate.errors?.[0]
        return `content breaks the JSON schema: ${first ? `${first.instancePath || '(root)'} ${first.message}` : 'invalid'}`
      },
    }
  }
  throw invalid('a response contract needs a regex or a JSON schema')
}
