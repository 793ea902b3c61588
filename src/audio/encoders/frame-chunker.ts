/**
 * Cuts a stream of arbitrarily sized sample chunks into fixed-size frames, for codecs that take exactly one frame per
 * call (Opus: 20 ms; MP3: 1152 samples). The remainder waits for the next chunk.
 */
export class FrameChunker {
  readonly #pending: Float32Array
  #filled = 0

  constructor(readonly frameSize: number) {
    if (!Number.isInteger(frameSize) || frameSize <= 0)
      throw new Error(`frame size must be a positive integer; got ${frameSize}`)
    this.#pending = new Float32Array(frameSize)
  }

  /** Samples waiting for a frame to fill. */
  get buffered(): number {
    return this.#filled
  }

  /** Every whole frame `samples` completes, in order; each is a fresh array the caller may keep. */
  push(samples: Float32Array): Float32Array[] {
    const frames: Float32Array[] = []
    let offset = 0
    while (offset < samples.length) {
      const take = Math.min(this.frameSize - this.#filled, samples.length - offset)
      this.#pending.set(samples.subarray(offset, offset + take), this.#filled)
      this.#filled += take
      offset += take
      if (this.#filled === this.frameSize) {
        frames.push(this.#pending.slice())
        this.#filled = 0
      }
    }
    return frames
  }

  /** The buffered partial frame, zero-padded to a whole frame, or undefined when nothing is buffered. */
  flushPadded(): Float32Array | undefined {
    if (this.#filled === 0) return undefined
    const frame = new Float32Array(this.frameSize)
    frame.set(this.#pending.subarray(0, this.#filled))
    this.#filled = 0
    return frame
  }

  /** The buffered partial frame as it is (possibly empty). */
  flushPartial(): Float32Array {
    const rest = this.#pending.slice(0, this.#filled)
    this.#filled = 0
    return rest
  }
}
