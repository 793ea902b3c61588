/**
 * The prompts a comparison sends, each with the reference its WER is scored against: eval-set items keep their
 * spoken-form `reference` (`scenarios`, `categories`, or an eval-set JSON file `{ name, items }`); prompts from a
 * plain prompts file (one per line, or a JSON array of strings or `{ id, text }`, as `chorus bench` reads them) are
 * scored against their own text, which the scorer normalizes. `limit` keeps the first N.
 */
import { readFile } from 'node:fs/promises'
import { ChorusError } from '../../errors.js'
import { loadEvalSet } from '../../lab/eval-sets/index.js'
import { parsePromptsText } from '../prompts.js'
import type { CompareSpec } from './compare-spec.js'

export interface ComparePrompt {
  readonly id: string
  readonly text: string
  /** What a listener should hear; the WER reference. */
  readonly reference: string
}

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', { reason })

/** Re-raises another module's spec error as a compare spec error with the same reason. */
function asCompareError(error: unknown): never {
  if (error instanceof ChorusError && error.code !== 'CHORUS_ERR_COMPARE_SPEC_INVALID') {
    throw invalid(error.message.replace(/^Invalid bench spec: /, ''))
  }
  throw error
}

async function fromEvalSet(nameOrPath: string): Promise<ComparePrompt[]> {
  const set = await loadEvalSet(nameOrPath).catch(asCompareError)
  return set.items.map((item) => ({ id: item.id, text: item.text, reference: item.reference }))
}

async function fromFile(file: string): Promise<ComparePrompt[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw invalid(`prompts file ${file} cannot be read: ${(error as Error).message}`)
  }
  if (text.trimStart().startsWith('{')) return fromEvalSet(file)
  try {
    return parsePromptsText(text, file).map((prompt) => ({ ...prompt, reference: prompt.text }))
  } catch (error) {
    return asCompareError(error)
  }
}

export async function loadComparePrompts(source: CompareSpec['prompts'], limit?: number): Promise<ComparePrompt[]> {
  let prompts: ComparePrompt[]
  if ('items' in source) {
    prompts = source.items.map((item) => ({ id: item.id, text: item.text, reference: item.reference ?? item.text }))
    const ids = new Set<string>()
    for (const prompt of prompts) {
      if (ids.has(prompt.id)) throw invalid(`prompts.items: the id ${prompt.id} is used twice`)
      ids.add(prompt.id)
    }
  } else if ('set' in source) {
    prompts = await fromEvalSet(source.set)
  } else {
    prompts = await fromFile(source.file)
  }
  return limit === undefined ? prompts : prompts.slice(0, limit)
}
