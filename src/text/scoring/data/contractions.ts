/**
 * Contractions, expanded the same way on both sides of a comparison so "don't" and "do not" score as equal.
 *
 * Follows the documented behaviour of Whisper's English normalizer ("won't" → "will not", "can't" → "can not",
 * "'d been" → "had been", "gonna" → "going to") with one of its known faults fixed: Whisper turns every "'s" into
 * "is", so "John's car" becomes "john is car". Here "'s" means "is" (or "has", before a participle) only after the
 * pronouns and question words in `S_MEANS_IS_AFTER`; after any other word it is a possessive and stays part of the
 * word ("john's" → "johns", which is also how an ASR engine that drops the apostrophe writes it). The price: a noun
 * with a contracted "is" ("the car's red") is read as a possessive on both sides, which is harmless unless one side
 * writes "car is" and the other "car's".
 */

/** Whole words with an irregular expansion; checked before the suffix rules. */
// prettier-ignore
export const WHOLE_WORD_CONTRACTIONS: Readonly<Record<string, string>> = {
  "won't": 'will not', "can't": 'can not', cannot: 'can not', "shan't": 'shall not', "ain't": 'aint',
  "let's": 'let us', "y'all": 'you all', "ma'am": 'madam', "'cause": 'because', "'em": 'them', "'til": 'until',
  "'bout": 'about', "c'mon": 'come on', "y'know": 'you know', "'tis": 'it is', "'twas": 'it was',
  "i'ma": 'i am going to', imma: 'i am going to', gonna: 'going to', wanna: 'want to', gotta: 'got to',
  gimme: 'give me', lemme: 'let me', kinda: 'kind of', sorta: 'sort of', outta: 'out of', dunno: 'do not know',
  woulda: 'would have', coulda: 'could have', shoulda: 'should have', hafta: 'have to',
}

/** Suffixes in the order they are tried; the base keeps its spelling ("don't" → "do not", "isn't" → "is not"). */
// prettier-ignore
export const SUFFIX_CONTRACTIONS: readonly (readonly [suffix: string, expansion: string])[] = [
  ["n't", 'not'], ["'re", 'are'], ["'ve", 'have'], ["'ll", 'will'], ["'m", 'am'],
]

/** Words after which "'s" is "is" or "has"; after any other word it is a possessive. */
// prettier-ignore
export const S_MEANS_IS_AFTER: ReadonlySet<string> = new Set([
  'he', 'she', 'it', 'that', 'this', 'what', 'where', 'who', 'how', 'when', 'why', 'there', 'here',
])

/** After "'s" these make it "has" ("he's been" → "he has been"); otherwise "'s" is "is". */
// prettier-ignore
export const S_MEANS_HAS_BEFORE: ReadonlySet<string> = new Set([
  'been', 'got', 'gotten', 'gone', 'done', 'had', 'seen', 'known', 'taken', 'given', 'made',
])

/** After "'d" these make it "had" ("I'd been", "you'd better"); otherwise "'d" is "would". */
export const D_MEANS_HAD_BEFORE: ReadonlySet<string> = new Set([...S_MEANS_HAS_BEFORE, 'better'])
