/**
 * The prompts a bench sends, in order (request i sends prompt i mod n): the items of an eval set (`scenarios`,
 * `categories`, or a JSON file of that shape; src/lab/eval-sets/), a prompts file — one prompt per line (blank
 * lines and `#` comments skipped) or a JSON array of strings or `{id, text}` objects — or items given inline.
 */
import { readFile } from 'node:fs/promises'
import { ChorusError } from '../errors.js'
import { loadEvalSet } from '../lab/eval-sets/index.js'
import type { BenchSpec } from './spec.js'
import type { Prompt } from './targets/target.js'

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_BENCH_SPEC_INVALID', { reason })

/** Prompts from a file's text: a JSON array, else one per line. */
export function parsePromptsText(text: string, source: string): Prompt[] {
  const trimmed = text.trim()
  let prompts: Prompt[]
  if (trimmed.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch (error) {
      throw invalid(`prompts ${source}: starts with [ but is not a JSON array (${(error as Error).message})`)
    }
    prompts = (parsed as unknown[]).map((entry, index) => {
      if (typeof entry === 'string') return { id: `prompt-${index + 1}`, text: entry }
      const item = entry as { id?: unknown; text?: unknown } | null
      if (item && typeof item.text === 'string')
        return { id: typeof item.id === 'string' && item.id ? item.id : `prompt-${index + 1}`, text: item.text }
      throw invalid(`prompts ${source}: entry ${index} is neither a string nor {id, text}`)
    })
  } else {
    prompts = text
      .split(/\r?\n/)
      .map((line, index) => ({ id: `line-${index + 1}`, text: line.trim() }))
      .filter((prompt) => prompt.text !== '' && !prompt.text.startsWith('#'))
  }
  prompts = prompts.filter((prompt) => prompt.text.trim() !== '')
  if (prompts.length === 0) throw invalid(`prompts ${source}: no prompts in it`)
  const ids = new Set<string>()
  for (const prompt of prompts) {
    if (ids.has(prompt.id)) throw invalid(`prompts ${source}: the id ${prompt.id} is used twice`)
    ids.add(prompt.id)
  }
  return prompts
}

export async function loadPrompts(source: BenchSpec['prompts']): Promise<Prompt[]> {
  if ('items' in source) return parsePromptsText(JSON.stringify(source.items), 'items')
  if ('set' in source) {
    try {
      const set = await loadEvalSet(source.set)
      return set.items.map((item) => ({ id: item.id, text: item.text }))
    } catch (error) {
      if (error instanceof ChorusError) throw invalid(error.message)
      throw error
    }
  }
  let text: string
  try {
    text = await readFile(source.file, 'utf8')
  } catch (error) {
    throw invalid(`prompts file ${source.file} cannot be read: ${(error as Error).message}`)
  }
  return parsePromptsText(text, source.file)
}
