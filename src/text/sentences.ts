/**
 * Splits text into speakable chunks: sentences from ICU's segmentation (Intl.Segmenter), re-joined after
 * abbreviations such as "Dr." or "e.g.", and long sentences split further at clause punctuation, then at spaces,
 * so no chunk exceeds `maxChars`. Chunks are synthesized one after another, so the first one bounds time to first audio.
 *
 * @example splitSentences('Dr. Smith paid $3.50. Then he left!') // ['Dr. Smith paid $3.50.', 'Then he left!']
 */
import { NON_TERMINAL_ABBREVIATIONS } from './abbreviations.js'

export interface ChunkOptions {
  /** Longest chunk, in characters (default 400). */
  readonly maxChars?: number
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

function endsWithAbbreviation(sentence: string): boolean {
  const match = /(?:^|[\s(])([A-Za-z]+(?:\.[A-Za-z]+)*)\.\s*$/.exec(sentence)
  if (!match) return false
  // Single capital letters ("J. Smith") are initials, not sentence ends; a lone lower-case letter ("p m.") can end one.
  return NON_TERMINAL_ABBREVIATIONS.has(match[1]!.toLowerCase()) || /^[A-Z]$/.test(match[1]!)
}

function splitLong(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence]
  const out: string[] = []
  let rest = sentence
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars)
    // Prefer a clause boundary in the latter half of the window, then any space, then a hard cut.
    const clause = Math.max(...[',', ';', ':', ' —', ' –', ' -'].map((mark) => window.lastIndexOf(mark)))
    const space = window.lastIndexOf(' ')
    const cut = clause > maxChars / 2 ? clause + 1 : space > 0 ? space : maxChars
    out.push(rest.slice(0, cut).trim())
    rest = rest.slice(cut).trim()
  }
  if (rest) out.push(rest)
  return out.filter((part) => part.length > 0)
}

export function splitSentences(text: string, options: ChunkOptions = {}): string[] {
  const maxChars = options.maxChars ?? 400
  const sentences: string[] = []
  let pending = ''
  for (const { segment } of segmenter.segment(text)) {
    pending += segment
    if (endsWithAbbreviation(pending)) continue
    const trimmed = pending.trim()
    if (trimmed) sentences.push(trimmed)
    pending = ''
  }
  if (pending.trim()) sentences.push(pending.trim())
  return sentences.flatMap((sentence) => splitLong(sentence.replace(/\s+/g, ' '), maxChars))
}

/** True when `text` contains something a speech engine can say (a letter or digit in any script). */
export function hasSpeakableContent(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text)
}
