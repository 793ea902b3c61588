/**
 * At most `limit` tasks at once, the rest waiting in arrival order. A task still waiting when its signal aborts leaves
 * the queue at once (it never starts), which is what lets a cancelled request give its turn to the next.
 *
 * @example
 * const limit = new ConcurrencyLimit(2)
 * const audio = await limit.run(() => synthesizeOneSentence(), signal)
 */
export class ConcurrencyLimit {
  #active = 0
  readonly #waiting = new Set<() => void>()

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`concurrency limit must be a positive integer; got ${limit}`)
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active
  }

  /** Tasks waiting for a turn. */
  get queued(): number {
    return this.#waiting.size
  }

  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.#acquire(signal)
    try {
      return await task()
    } finally {
      this.#release()
    }
  }

  #acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted()
    if (this.#active < this.limit) {
      this.#active += 1
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiting.delete(grant)
        reject(signal.reason)
      }
      // The slot passes straight from the releasing task to this one, so `active` does not change.
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.#waiting.add(grant)
    })
  }

  #release(): void {
    const [next] = this.#waiting
    if (next) {
      this.#waiting.delete(next)
      next()
    } else {
      this.#active -= 1
    }
  }
}
