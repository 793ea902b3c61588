/**
 * An independent Ogg page reader for tests (RFC 3533 section 6): splits a byte stream into pages, checks each
 * page's CRC with a bit-by-bit CRC-32 (not the table the writer uses) and reassembles packets from the lacing values.
 */

export interface OggPage {
  readonly flags: number
  readonly granulePosition: bigint
  readonly serialNumber: number
  readonly sequence: number
  readonly crcMatches: boolean
  readonly lacing: readonly number[]
  /** Packets that end on this page (a packet continued from the previous page is joined to its tail). */
  readonly packets: readonly Uint8Array[]
}

function bitwiseOggCrc(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 24
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0
  }
  return crc >>> 0
}

export function readOggPages(stream: Uint8Array): OggPage[] {
  const pages: OggPage[] = []
  let carried: Uint8Array[] = []
  for (let offset = 0; offset < stream.length;) {
    const view = new DataView(stream.buffer, stream.byteOffset + offset)
    const capture = Buffer.from(stream.subarray(offset, offset + 4)).toString('latin1')
    if (capture !== 'OggS') throw new Error(`no Ogg capture pattern at byte ${offset}`)
    if (stream[offset + 4] !== 0) throw new Error(`unknown Ogg version at byte ${offset}`)
    const segmentCount = stream[offset + 26]!
    const lacing = Array.from(stream.subarray(offset + 27, offset + 27 + segmentCount))
    const bodyLength = lacing.reduce((sum, value) => sum + value, 0)
    const pageLength = 27 + segmentCount + bodyLength
    const page = new Uint8Array(stream.subarray(offset, offset + pageLength)) // a copy, even when given a Buffer
    const storedCrc = new DataView(page.buffer).getUint32(22, true)
    new DataView(page.buffer).setUint32(22, 0, true)
    const packets: Uint8Array[] = []
    let bodyOffset = offset + 27 + segmentCount
    let packetStart = bodyOffset
    for (const value of lacing) {
      bodyOffset += value
      if (value < 255) {
        carried.push(stream.subarray(packetStart, bodyOffset))
        packets.push(Buffer.concat(carried))
        carried = []
        packetStart = bodyOffset
      }
    }
    if (packetStart < bodyOffset) carried.push(stream.subarray(packetStart, bodyOffset))
    pages.push({
      flags: stream[offset + 5]!,
      granulePosition: view.getBigInt64(6, true),
      serialNumber: view.getUint32(14, true),
      sequence: view.getUint32(18, true),
      crcMatches: storedCrc === bitwiseOggCrc(page),
      lacing,
      packets,
    })
    offset += pageLength
  }
  return pages
}
