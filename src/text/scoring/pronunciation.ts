/**
 * Pronunciations from the CMU Pronouncing Dictionary (the `cmu-pronouncing-dictionary` package: 134,000 words →
 * ARPAbet). Homophones are words with a pronunciation in common once lexical stress is ignored — "their"/"there",
 * "two"/"to"/"too", "four"/"for" — looked up, not listed by hand. Alternative pronunciations are the dictionary's
 * "word(2)", "word(3)" entries; all of them count. Phrases sound alike when some choice of pronunciations of their
 * words, joined, is the same ("ice cream" / "i scream").
 */
import { dictionary } from 'cmu-pronouncing-dictionary'

const MAX_VARIANTS = 8
/** Phrases with more combinations than this are not compared: the answer would be a guess anyway. */
const MAX_PHRASE_COMBINATIONS = 64

const cache = new Map<string, readonly string[]>()

function entry(key: string): string | undefined {
  return Object.hasOwn(dictionary, key) ? dictionary[key] : undefined
}

/** Every pronunciation of a lower-case word, stress digits removed; empty when the word is not in the dictionary. */
export function pronunciations(word: string): readonly string[] {
  const cached = cache.get(word)
  if (cached) return cached
  const found: string[] = []
  const first = entry(word)
  if (first !== undefined) {
    found.push(first)
    for (let variant = 2; variant <= MAX_VARIANTS; variant += 1) {
      const next = entry(`${word}(${variant})`)
      if (next === undefined) break
      found.push(next)
    }
  }
  const result = [...new Set(found.map((phones) => phones.replace(/\d/g, '')))]
  cache.set(word, result)
  return result
}

export function isDictionaryWord(word: string): boolean {
  return entry(word) !== undefined
}

function phrasePronunciations(words: readonly string[]): readonly string[] | undefined {
  let combined: string[] = ['']
  for (const word of words) {
    const options = pronunciations(word)
    if (options.length === 0) return undefined
    combined = combined.flatMap((prefix) => options.map((phones) => (prefix ? `${prefix} ${phones}` : phones)))
    if (combined.length > MAX_PHRASE_COMBINATIONS) return undefined
  }
  return combined
}

/** Whether two different word sequences can be pronounced identically. */
export function soundAlike(first: readonly string[], second: readonly string[]): boolean {
  if (first.join(' ') === second.join(' ')) return false
  const a = phrasePronunciations(first)
  const b = phrasePronunciations(second)
  if (!a || !b) return false
  const set = new Set(a)
  return b.some((phones) => set.has(phones))
}
