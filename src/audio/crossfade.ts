/**
 * Joins consecutively synthesized segments into one continuous signal with a short equal-power crossfade at each
 * boundary (gains cos/sin of a quarter period, so summed power stays constant across the overlap), which removes
 * the step a plain concatenation leaves when a segment does not end exactly at zero. Works on a stream: the last
 * `fadeSamples` of each segment are held back until the next segment's head arrives.
 */
import { concatSamples } from './pcm.js'

export class CrossfadeJoiner {
  #tail: Float32Array | undefined
  #head: Float32Array[] = []
  #headLength = 0
  #newSegment = false

  constructor(readonly fadeSamples: number) {}

  /** Marks the end of a segment: the next `write` starts a new one, crossfaded into this one's tail. */
  endSegment(): void {
    // A segment shorter than the fade is still held in #head: join it now, so it gets its own crossfade and the next
    // segment is crossfaded into it rather than butted against it.
    if (this.#newSegment && this.#tail && this.#headLength > 0) this.#tail = this.#mixBoundary()
    if (this.#tail || this.#headLength > 0) this.#newSegment = true
  }

  /** Adds samples of the current segment; returns the samples that are final now. */
  write(samples: Float32Array): Float32Array {
    if (this.fadeSamples === 0) return samples
    let input = samples
    if (this.#newSegment && this.#tail) {
      this.#head.push(samples)
      this.#headLength += samples.length
      if (this.#headLength < this.fadeSamples) return new Float32Array(0)
      input = this.#mixBoundary()
    }
    this.#newSegment = false
    // Hold back the last fadeSamples (or fewer, for a short segment) as the tail for a possible next boundary.
    const combined = this.#tail && !this.#newSegment ? concatSamples([this.#tail, input]) : input
    const keep = Math.min(this.fadeSamples, combined.length)
    this.#tail = combined.slice(combined.length - keep)
    return combined.subarray(0, combined.length - keep)
  }

  /** End of stream: everything still held back. */
  flush(): Float32Array {
    // The last segment was shorter than the fade: crossfade over what there is instead of a plain (stepped) join.
    if (this.#newSegment && this.#tail && this.#headLength > 0) {
      this.#newSegment = false
      return this.#mixBoundary()
    }
    const parts: Float32Array[] = []
    if (this.#tail) parts.push(this.#tail)
    parts.push(...this.#head)
    this.#tail = undefined
    this.#head = []
    this.#headLength = 0
    this.#newSegment = false
    return parts.length === 1 ? parts[0]! : concatSamples(parts)
  }

  /**
   * Overlaps the end of the held tail with the head of the new segment over min(fade, tail, head) samples; returns
   * the tail before the overlap, the mixed overlap, then the head's rest.
   */
  #mixBoundary(): Float32Array {
    const tail = this.#tail!
    const head = concatSamples(this.#head)
    this.#head = []
    this.#headLength = 0
    this.#tail = undefined
    const overlap = Math.min(this.fadeSamples, tail.length, head.length)
    const lead = tail.length - overlap
    const out = new Float32Array(lead + head.length)
    out.set(tail.subarray(0, lead), 0)
    for (let i = 0; i < overlap; i++) {
      const angle = ((i + 0.5) / overlap) * (Math.PI / 2)
      out[lead + i] = tail[lead + i]! * Math.cos(angle) + head[i]! * Math.sin(angle)
    }
    out.set(head.subarray(overlap), lead + overlap)
    return out
  }
}
