/** Open/closed bookkeeping every encoder shares, so using one after `end()` or `abort()` fails saying which. */
export class EncoderState {
  #closedBy: 'end()' | 'abort()' | undefined

  constructor(readonly name: string) {}

  assertOpen(): void {
    if (this.#closedBy) throw new Error(`${this.name} encoder used after ${this.#closedBy}`)
  }

  /** Marks the encoder ended; throws if it already was ended or aborted. */
  end(): void {
    this.assertOpen()
    this.#closedBy = 'end()'
  }

  /** Marks the encoder aborted; false when it was already closed (abort is idempotent). */
  abort(): boolean {
    if (this.#closedBy) return false
    this.#closedBy = 'abort()'
    return true
  }
}
