/**
 * A counting semaphore with a bounded wait queue: at most `limit` holders at once, at most `queueLimit` waiters;
 * one more waiter is refused at once (the caller answers 503 + Retry-After or tries another backend). A waiter whose
 * AbortSignal fires leaves the queue.
 */

export class QueueFullError extends Error {
  constructor(readonly queueLimit: number) {
    super(`queue full (${queueLimit} waiting)`)
    this.name = 'QueueFullError'
  }
}

interface Waiter {
  readonly resolve: (release: () => void) => void
  readonly reject: (error: unknown) => void
  readonly signal: AbortSignal
  readonly onAbort: () => void
}

export class Semaphore {
  #active = 0
  readonly #queue: Waiter[] = []

  constructor(
    readonly limit: number,
    readonly queueLimit: number,
  ) {}

  get active(): number {
    return this.#active
  }

  get waiting(): number {
    return this.#queue.length
  }

  /** Resolves to a release function once a slot is free; call it exactly once (extra calls are ignored). */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason)
    if (this.#active < this.limit) {
      this.#active++
      return Promise.resolve(this.#releaser())
    }
    if (this.#queue.length >= this.queueLimit) return Promise.reject(new QueueFullError(this.queueLimit))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter)
          if (index >= 0) this.#queue.splice(index, 1)
          reject(signal.reason)
        },
      }
      signal.addEventListener('abort', waiter.onAbort, { once: true })
      this.#queue.push(waiter)
    })
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#queue.shift()
      if (next) {
        next.signal.removeEventListener('abort', next.onAbort)
        next.resolve(this.#releaser())
      } else {
        this.#active--
      }
    }
  }
}
