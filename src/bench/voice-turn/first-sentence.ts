/**
 * Finds the first complete sentence of a chat reply while it streams in, the moment a voice agent hands text to
 * speech synthesis. A sentence counts as complete once the sentence splitter Chorus speaks with (`splitSentences`:
 * ICU segmentation, abbreviations such as "Dr." re-joined) sees a boundary with more text after it — so "It costs
 * 3." is not cut before "5 dollars", and "Dr." does not end a sentence. That waits for one more token after the full
 * stop (a few milliseconds of a streaming model), the price of not splitting "3.5" or "e.g.". A reply that ends
 * without a boundary is one sentence: `finish()` returns all of it.
 *
 * @example
 * const detector = new FirstSentenceDetector()
 * detector.push('Sure. ') // undefined: nothing follows the full stop yet
 * detector.push('Here') // 'Sure.'
 */
import { splitSentences } from '../../text/sentences.js'

export class FirstSentenceDetector {
  #text = ''
  #sentence: string | undefined

  /** All text pushed so far. */
  get text(): string {
    return this.#text
  }

  /** The first sentence, once known. */
  get sentence(): string | undefined {
    return this.#sentence
  }

  /** Adds the next piece of the reply; returns the first sentence once it is complete (and on every later call). */
  push(delta: string): string | undefined {
    this.#text += delta
    if (this.#sentence !== undefined) return this.#sentence
    // Only text after a boundary proves the boundary; trailing spaces alone do not.
    if (!/\S/.test(delta)) return undefined
    const sentences = splitSentences(this.#text, { maxChars: Number.MAX_SAFE_INTEGER })
    if (sentences.length >= 2) this.#sentence = sentences[0]
    return this.#sentence
  }

  /** The stream ended: the first sentence, or the whole reply when it never reached a second sentence. */
  finish(): string {
    this.#sentence ??= this.#text.trim().replace(/\s+/g, ' ')
    return this.#sentence
  }
}
