/**
 * Finds the first audible sample of 16-bit little-endian PCM (OpenAI's `pcm` response format) while the bytes are
 * still arriving, so a benchmark can time the moment a listener would first hear something — not the first byte, which
 * may be leading silence.
 *
 * "Audible" here means an absolute value above 0.01 of full scale (−40 dBFS): a signed sample x counts when
 * |x| / 32768 > 0.01, i.e. |x| ≥ 328. Dither or a DC offset of a few LSBs stays below it; the onset of speech crosses
 * it within a few milliseconds. Chunks may split a sample between them; the odd byte is carried to the next chunk.
 *
 * @example
 * const finder = new FirstAudibleSampleFinder()
 * for await (const bytes of body) if (finder.push(bytes) !== undefined) break
 * finder.firstAudibleSample // index of the sample, 0-based
 */

/** Fraction of full scale a sample must exceed to count as audible (−40 dBFS). */
export const AUDIBLE_FRACTION_OF_FULL_SCALE = 0.01

const FULL_SCALE = 32768

export class FirstAudibleSampleFinder {
  readonly #threshold: number
  /** The low byte of a sample whose high byte is in the next chunk. */
  #carry: number | undefined
  #samplesSeen = 0
  #firstAudibleSample: number | undefined

  constructor(fractionOfFullScale = AUDIBLE_FRACTION_OF_FULL_SCALE) {
    this.#threshold = fractionOfFullScale * FULL_SCALE
  }

  /** Index of the first audible sample, once one has arrived. */
  get firstAudibleSample(): number | undefined {
    return this.#firstAudibleSample
  }

  /** Whole samples received so far. */
  get samplesSeen(): number {
    return this.#samplesSeen
  }

  /** Feeds the next bytes; returns the first audible sample's index if it has arrived (in this or an earlier chunk). */
  push(bytes: Uint8Array): number | undefined {
    let offset = 0
    if (this.#carry !== undefined && bytes.length > 0) {
      this.#consider(this.#carry | (bytes[0]! << 8), this.#samplesSeen)
      this.#samplesSeen++
      this.#carry = undefined
      offset = 1
    }
    const pairs = Math.floor((bytes.length - offset) / 2)
    // Once found, samples only need counting.
    for (let pair = 0; pair < pairs && this.#firstAudibleSample === undefined; pair++) {
      const index = offset + 2 * pair
      this.#consider(bytes[index]! | (bytes[index + 1]! << 8), this.#samplesSeen + pair)
    }
    this.#samplesSeen += pairs
    const end = offset + 2 * pairs
    if (end < bytes.length) this.#carry = bytes[end]
    return this.#firstAudibleSample
  }

  #consider(unsigned: number, sampleIndex: number): void {
    const sample = (unsigned << 16) >> 16
    if (this.#firstAudibleSample === undefined && Math.abs(sample) > this.#threshold) {
      this.#firstAudibleSample = sampleIndex
    }
  }
}
