import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  OGG_BEGINNING_OF_STREAM,
  OGG_END_OF_STREAM,
  OggPageWriter,
  fitsOnePage,
  oggCrc32,
} from '../../src/audio/encoders/ogg-page-writer.js'
import { readOggPages } from './ogg-pages.js'

const packet = (length: number, fill: number): Uint8Array => new Uint8Array(length).fill(fill)

test('the CRC is CRC-32 with polynomial 0x04C11DB7, no reflection, init 0, no final XOR', () => {
  // The catalogued check value of CRC-32/POSIX ("cksum") is 0x765E7680; it differs from Ogg's only by the final XOR.
  assert.equal(oggCrc32(new TextEncoder().encode('123456789')), (0x765e7680 ^ 0xffffffff) >>> 0)
  assert.equal(oggCrc32(new Uint8Array(0)), 0)
})

test('pages carry version 0, flags, granule position, serial and consecutive sequence numbers', () => {
  const writer = new OggPageWriter(0xdeadbeef)
  const stream = Buffer.concat([
    writer.page([packet(19, 1)], 0n, OGG_BEGINNING_OF_STREAM),
    writer.page([packet(30, 2), packet(40, 3)], 1920n),
    writer.page([packet(10, 4)], 2000n, OGG_END_OF_STREAM),
  ])
  const pages = readOggPages(stream)
  assert.deepEqual(
    pages.map((page) => [page.flags, page.granulePosition, page.serialNumber, page.sequence, page.crcMatches]),
    [
      [OGG_BEGINNING_OF_STREAM, 0n, 0xdeadbeef, 0, true],
      [0, 1920n, 0xdeadbeef, 1, true],
      [OGG_END_OF_STREAM, 2000n, 0xdeadbeef, 2, true],
    ],
  )
  assert.deepEqual(
    pages[1]!.packets.map((p) => [p.length, p[0]]),
    [
      [30, 2],
      [40, 3],
    ],
  )
  assert.equal(writer.pageCount, 3)
})

test('lacing: 255 per full 255 bytes, then the remainder, with a 0 ending a multiple of 255', () => {
  const writer = new OggPageWriter(1)
  const pages = readOggPages(writer.page([packet(255, 7), packet(600, 8), packet(0, 0)], 0n))
  assert.deepEqual(pages[0]!.lacing, [255, 0, 255, 255, 90, 0])
  assert.deepEqual(
    pages[0]!.packets.map((p) => p.length),
    [255, 600, 0],
  )
})

test('a page refuses more packets than its 255 lacing values can describe', () => {
  const packets = Array.from({ length: 128 }, () => packet(300, 1)) // 2 lacing values each
  assert.equal(fitsOnePage(packets.slice(0, 127)), true)
  assert.equal(fitsOnePage(packets), false)
  assert.throws(() => new OggPageWriter(1).page(packets, 0n), /256 lacing values/)
})

test('a flipped bit in a page breaks its CRC', () => {
  const page = new OggPageWriter(5).page([packet(50, 9)], 960n)
  assert.equal(readOggPages(page)[0]!.crcMatches, true)
  page[40]! ^= 0x10
  assert.equal(readOggPages(page)[0]!.crcMatches, false)
})
