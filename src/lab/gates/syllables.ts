/**
 * Syllable counts for the speaking-rate gate: the number of vowel phones (those carrying a stress digit) in the word's
 * first CMU Pronouncing Dictionary entry, or, for words the dictionary lacks, the number of vowel groups in the
 * spelling with a silent final "e" discounted (at least one per word). The dictionary is a 4.7 MB module, so it is
 * imported on first use, not when the gates load.
 */

let dictionaryPromise: Promise<Readonly<Record<string, string>>> | undefined

function loadDictionary(): Promise<Readonly<Record<string, string>>> {
  dictionaryPromise ??= import('cmu-pronouncing-dictionary').then((module) => module.dictionary)
  return dictionaryPromise
}

/** Syllables in `words` (normalised, lowercase), from the CMU dictionary where it has them. */
export async function countSyllables(words: readonly string[]): Promise<number> {
  const dictionary = await loadDictionary()
  let total = 0
  for (const word of words) {
    const phones = Object.hasOwn(dictionary, word) ? dictionary[word] : undefined
    total += phones === undefined ? estimateSyllables(word) : (phones.match(/[012]/g)?.length ?? 0)
  }
  return total
}

/** Spelling-only estimate: vowel groups (y included), minus a silent final "e"; at least 1 for any word. */
export function estimateSyllables(word: string): number {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '')
  if (letters.length === 0) return 1
  let groups = letters.match(/[aeiouy]+/g)?.length ?? 0
  if (groups > 1 && /[^aeiouy]e$/.test(letters) && !/[^aeiouy]le$/.test(letters)) groups--
  return Math.max(1, groups)
}
