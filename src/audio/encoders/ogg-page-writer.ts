/**
 * Minimal Ogg page writer (RFC 3533, "The Ogg Encapsulation Format Version 0") for a single logical bitstream: lays
 * packets into pages with lacing values, numbers the pages and stamps each with its CRC. No npm muxer for Ogg is
 * maintained, and one stream of small packets needs only this.
 */

export const OGG_CAPTURE_PATTERN = 'OggS'

/** header_type flags, RFC 3533 section 6. */
export const OGG_CONTINUED = 0x01
export const OGG_BEGINNING_OF_STREAM = 0x02
export const OGG_END_OF_STREAM = 0x04

const HEADER_BYTES = 27
const MAX_SEGMENTS = 255

/** Ogg's CRC-32: polynomial 0x04C11DB7, MSB-first (unreflected), initial value 0, no final XOR (RFC 3533 section 6). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    table[i] = r >>> 0
  }
  return table
})()

export function oggCrc32(bytes: Uint8Array): number {
  let crc = 0
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0
  return crc
}

/** Lacing values a packet takes: one 255 per full 255 bytes, then the remainder (0 when it divides evenly). */
export function segmentCount(packet: Uint8Array): number {
  return Math.floor(packet.length / 255) + 1
}

/** Whether `packets` fit in one page without continuing a packet onto the next. */
export function fitsOnePage(packets: readonly Uint8Array[]): boolean {
  let segments = 0
  for (const packet of packets) segments += segmentCount(packet)
  return segments <= MAX_SEGMENTS
}

export class OggPageWriter {
  #sequence = 0

  constructor(readonly serialNumber: number) {}

  /** Pages written so far. */
  get pageCount(): number {
    return this.#sequence
  }

  /**
   * One page holding whole `packets`. `granulePosition` is the codec's position after the last packet that ends on
   * this page. Throws when the packets need more than the 255 lacing values a page has.
   */
  page(packets: readonly Uint8Array[], granulePosition: bigint, flags = 0): Uint8Array {
    const lacing: number[] = []
    let bodyBytes = 0
    for (const packet of packets) {
      for (let left = packet.length; ; left -= 255) {
        lacing.push(Math.min(left, 255))
        if (left < 255) break
      }
      bodyBytes += packet.length
    }
    if (lacing.length > MAX_SEGMENTS)
      throw new Error(`Ogg page needs ${lacing.length} lacing values; a page holds ${MAX_SEGMENTS}`)
    const page = new Uint8Array(HEADER_BYTES + lacing.length + bodyBytes)
    const view = new DataView(page.buffer)
    for (let i = 0; i < 4; i++) page[i] = OGG_CAPTURE_PATTERN.charCodeAt(i)
    page[4] = 0 // stream_structure_version
    page[5] = flags
    view.setBigUint64(6, BigInt.asUintN(64, granulePosition), true)
    view.setUint32(14, this.serialNumber >>> 0, true)
    view.setUint32(18, this.#sequence++, true)
    // bytes 22–25 (CRC) stay zero while the checksum is computed over the whole page
    page[26] = lacing.length
    page.set(lacing, HEADER_BYTES)
    let offset = HEADER_BYTES + lacing.length
    for (const packet of packets) {
      page.set(packet, offset)
      offset += packet.length
    }
    view.setUint32(22, oggCrc32(page), true)
    return page
  }
}
