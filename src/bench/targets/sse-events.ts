/**
 * An incremental reader of server-sent events (the WHATWG HTML "event stream" format) for bodies that arrive in
 * arbitrary slices: lines end in LF, CRLF or CR; `data:` lines of one event are joined with LF; a blank line ends the
 * event; `:` lines are comments. Only `data` matters to OpenAI-style streams, so `event`, `id` and `retry` are kept
 * no further than the event they belong to.
 *
 * @example
 * const reader = new SseReader()
 * for (const data of reader.push(chunkText)) if (data !== '[DONE]') handle(JSON.parse(data))
 */

export class SseReader {
  #buffer = ''
  #data: string[] = []
  /** A CR ended the last slice: an LF starting the next one belongs to it. */
  #pendingCr = false

  /** The `data` of every event completed by `text`. */
  push(text: string): string[] {
    let input = text
    if (this.#pendingCr && input.startsWith('\n')) input = input.slice(1)
    this.#pendingCr = false
    this.#buffer += input
    const events: string[] = []
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer)
      if (!match) break
      // A CR at the very end may be the first half of a CRLF split across slices.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) this.#pendingCr = true
      const line = this.#buffer.slice(0, match.index)
      this.#buffer = this.#buffer.slice(match.index + match[0].length)
      this.#line(line, events)
    }
    return events
  }

  /** The stream ended: an event not closed by a blank line is still delivered. */
  end(): string[] {
    const events: string[] = []
    if (this.#buffer !== '') this.#line(this.#buffer, events)
    this.#buffer = ''
    this.#line('', events)
    return events
  }

  #line(line: string, events: string[]): void {
    if (line === '') {
      if (this.#data.length > 0) events.push(this.#data.join('\n'))
      this.#data = []
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') this.#data.push(value)
  }
}
