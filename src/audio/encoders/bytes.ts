/** Byte-buffer joining for encoders that collect several outputs (pages, frames, pipe reads) into one write result. */

export const EMPTY_BYTES = new Uint8Array(0)

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) return EMPTY_BYTES
  if (parts.length === 1) return parts[0]!
  let total = 0
  for (const part of parts) total += part.length
  const out = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
