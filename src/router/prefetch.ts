/**
 * Bounded look-ahead over an async iterable: pulls up to `ahead` items before the consumer asks for them, so the
 * next piece of audio is being synthesized while the current one is sent, without unbounded buffering. Stopping the
 * consumer stops the producer.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, ahead: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]()
  const buffer: Promise<IteratorResult<T>>[] = []
  let done = false
  const pull = () => {
    const next = iterator.next()
    // A pulled-ahead item may fail before the consumer reaches it; the failure is re-raised then, not unhandled.
    next.catch(() => {})
    buffer.push(next)
  }
  try {
    pull()
    while (buffer.length > 0) {
      const result = await buffer.shift()!
      if (result.done) {
        done = true
        return
      }
      // Keep at most `ahead` pulls outstanding; the iterator is pulled serially because `next()` calls queue.
      while (buffer.length < ahead) pull()
      yield result.value
    }
  } finally {
    if (!done) await iterator.return?.()
  }
}
