/**
 * Circuit breaker per backend: closed → open after `failureThreshold` consecutive failures; while open the backend is
 * skipped; after `resetMs` one trial request is let through (half-open); its success closes the circuit, its failure
 * opens it again for another `resetMs`.
 */

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface CircuitBreakerOptions {
  readonly failureThreshold: number
  readonly resetMs: number
  readonly now?: () => number
  readonly onChange?: (state: CircuitState) => void
}

export class CircuitBreaker {
  #state: CircuitState = 'closed'
  #failures = 0
  #openedAt = 0
  #trialInFlight = false
  readonly #options: CircuitBreakerOptions
  readonly #now: () => number

  constructor(options: CircuitBreakerOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#options.resetMs) this.#set('half-open')
    return this.#state
  }

  /** Seconds until an open circuit lets a trial through (0 when not open). */
  get retryAfterSeconds(): number {
    if (this.state !== 'open') return 0
    return Math.max(1, Math.ceil((this.#options.resetMs - (this.#now() - this.#openedAt)) / 1000))
  }

  /** True when a request may go to the backend now; in half-open only one trial at a time is allowed. */
  tryAcquire(): boolean {
    const state = this.state
    if (state === 'closed') return true
    if (state === 'open' || this.#trialInFlight) return false
    this.#trialInFlight = true
    return true
  }

  /** Undo a `tryAcquire` that did not lead to a request (e.g. the queue was full). */
  cancelTrial(): void {
    this.#trialInFlight = false
  }

  recordSuccess(): void {
    this.#failures = 0
    this.#trialInFlight = false
    if (this.#state !== 'closed') this.#set('closed')
  }

  recordFailure(): void {
    this.#trialInFlight = false
    this.#failures++
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#failures >= this.#options.failureThreshold)) {
      this.#openedAt = this.#now()
      this.#set('open')
    }
  }

  #set(state: CircuitState): void {
    if (state === this.#state) return
    this.#state = state
    this.#options.onChange?.(state)
  }
}
