/**
 * Filler words: hesitation sounds that carry no content, removed from transcripts before scoring, as Whisper's
 * English normalizer removes "hmm", "mm", "mhm", "mmm", "uh" and "um". We add the common spellings ASR engines and
 * human transcribers also use ("umm", "uhm", "er", "erm", "ah"). "oh" is not here: it is a word and a zero
 * ("nineteen oh five"); "like" and "you know" are not here either, since they are sometimes the message.
 */

// prettier-ignore
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'um', 'umm', 'ummm', 'uh', 'uhh', 'uhhh', 'uhm', 'uhmm', 'hmm', 'hmmm', 'hm', 'mm', 'mmm', 'mhm', 'mhmm', 'mmhm',
  'er', 'erm', 'ah', 'ahh', 'ahem', 'eh',
])

export function isFillerWord(word: string): boolean {
  return FILLER_WORDS.has(word)
}
