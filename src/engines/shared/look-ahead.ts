/**
 * Runs a list of jobs in order with a bounded look-ahead and yields their results in order: while the consumer sends
 * result n, jobs n + 1 … n + lookAhead are already running. Used to synthesize sentence by sentence, so the first audio arrives after
 * the first sentence while the next ones keep the engine busy. When the consumer stops early or a job fails, the jobs
 * still running are aborted (their signal is linked to the caller's).
 *
 * @example
 * for await (const audio of inOrderWithLookAhead(sentences, (text, signal) => speak(text, signal), signal)) send(audio)
 */
export async function* inOrderWithLookAhead<T, R>(
  items: readonly T[],
  run: (item: T, signal: AbortSignal) => Promise<R>,
  signal: AbortSignal,
  lookAhead = 1,
): AsyncGenerator<R> {
  const stop = new AbortController()
  const linked = AbortSignal.any([signal, stop.signal])
  const running: Promise<R>[] = []
  let started = 0
  const startNext = (): void => {
    const job = run(items[started]!, linked)
    started += 1
    // A look-ahead job may reject while nobody awaits it yet; it is awaited (or abandoned) below.
    job.catch(() => {})
    running.push(job)
  }
  try {
    signal.throwIfAborted()
    for (;;) {
      while (started < items.length && running.length <= lookAhead) startNext()
      const current = running.shift()
      if (!current) return
      const result = await current
      signal.throwIfAborted()
      yield result
    }
  } finally {
    stop.abort()
  }
}
