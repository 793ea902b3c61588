/**
 * Spans: stretches of text that are read as a whole (a URL, an e-mail address, a phone number) and must not be
 * touched by the prose rules afterwards, whether or not they are spoken. Text is cut into pieces; a piece is either
 * free (the prose rules still run on it) or fixed (already final: spoken, or kept verbatim because its switch is off).
 */

export interface Piece {
  readonly text: string
  readonly fixed: boolean
}

export interface SpanKind {
  readonly name: string
  readonly pattern: RegExp
  /** Trailing punctuation that belongs to the sentence, not the span ("see example.com." keeps its full stop). */
  readonly trim?: (text: string) => string
  /** The spoken form, or undefined when the match is not one of these after all. */
  readonly speak: (text: string) => string | undefined
}

/** Cuts every free piece at the spans of `kind`; `speak` false keeps the span as written (its option is off). */
export function cutSpans(pieces: readonly Piece[], kind: SpanKind, speak: boolean): Piece[] {
  return pieces.flatMap((piece) => (piece.fixed ? [piece] : cutPiece(piece.text, kind, speak)))
}

function cutPiece(text: string, kind: SpanKind, speak: boolean): Piece[] {
  const out: Piece[] = []
  let last = 0
  for (const found of text.matchAll(kind.pattern)) {
    const span = kind.trim ? kind.trim(found[0]) : found[0]
    if (span.length === 0) continue
    const spoken = kind.speak(span)
    if (spoken === undefined) continue
    if (found.index > last) out.push({ text: text.slice(last, found.index), fixed: false })
    out.push({ text: speak ? spoken : span, fixed: true })
    last = found.index + span.length
  }
  if (last < text.length) out.push({ text: text.slice(last), fixed: false })
  return out
}
