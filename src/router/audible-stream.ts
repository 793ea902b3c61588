/**
 * Holds back an engine's chunks until the first audible one, so nothing is sent to a client (no headers, no bytes)
 * before Chorus knows real speech is coming. A stream that ends without audible audio is an error, never a 200.
 */
import { isSilent } from '../audio/pcm.js'
import type { AudioChunk } from '../engines/engine.js'
import { ChorusError } from '../errors.js'

export interface AudibleStream {
  /** Chunks from the start of the stream; the held-back chunks come first. */
  readonly chunks: AsyncIterable<AudioChunk>
}

/** Resolves once an audible chunk has arrived; rejects with CHORUS_ERR_SILENT_AUDIO if the stream ends silent. */
export async function awaitAudible(source: AsyncIterable<AudioChunk>, engineId: string): Promise<AudibleStream> {
  const iterator = source[Symbol.asyncIterator]()
  const held: AudioChunk[] = []
  for (;;) {
    const next = await iterator.next()
    if (next.done) throw new ChorusError('CHORUS_ERR_SILENT_AUDIO', { engine: engineId })
    held.push(next.value)
    if (next.value.samples.length > 0 && !isSilent(next.value.samples)) break
  }
  async function* replay(): AsyncIterable<AudioChunk> {
    try {
      yield* held
      for (;;) {
        const next = await iterator.next()
        if (next.done) return
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  }
  return { chunks: replay() }
}
