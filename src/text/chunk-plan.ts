/**
 * Plans how a long text is synthesized: the first chunk is the first sentence alone (so time to first audio does not
 * grow with the text), later chunks group whole sentences up to `maxChunkChars` so each engine call has enough
 * context for natural prosody without becoming one huge request.
 *
 * @example planTextChunks('One. Two. Three.', { maxChunkChars: 10 }) // ['One.', 'Two.', 'Three.']
 */
import { splitSentences } from './sentences.js'

export interface ChunkPlanOptions {
  /** Longest first chunk (default 200 characters). */
  readonly firstChunkMaxChars?: number
  /** Longest later chunk (default 600 characters). */
  readonly maxChunkChars?: number
}

export function planTextChunks(text: string, options: ChunkPlanOptions = {}): string[] {
  const firstMax = options.firstChunkMaxChars ?? 200
  const max = options.maxChunkChars ?? 600
  const sentences = splitSentences(text, { maxChars: Math.min(firstMax, max) })
  if (sentences.length === 0) return []
  const [first, ...rest] = sentences
  const chunks = [first!]
  let current = ''
  for (const sentence of rest) {
    if (current && current.length + 1 + sentence.length > max) {
      chunks.push(current)
      current = sentence
    } else {
      current = current ? `${current} ${sentence}` : sentence
    }
  }
  if (current) chunks.push(current)
  return chunks
}
