import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OGG_BEGINNING_OF_STREAM, OGG_END_OF_STREAM } from '../../src/audio/encoders/ogg-page-writer.js'
import { createEncoder, encodeAudio } from '../../src/audio/encoders/index.js'
import { decodeAudio } from '../helpers/decode-audio.js'
import { readOggPages } from './ogg-pages.js'
import { envelopedTone, speechLikeBursts, unevenChunks } from './signals.js'

const tone = envelopedTone({ frequency: 220, seconds: 1.5, sampleRate: 24000 })
const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  Buffer.from(bytes.subarray(from, to)).toString('latin1')

/** Frame duration in ms from an Opus TOC byte's configuration number (RFC 6716 section 3.1, table 2). */
function tocFrameMs(toc: number): number {
  const config = toc >> 3
  if (config < 12) return [10, 20, 40, 60][config % 4]! // SILK-only
  if (config < 16) return [10, 20][config % 2]! // hybrid
  return [2.5, 5, 10, 20][config % 4]! // CELT-only
}

test('the stream is OpusHead (BOS), OpusTags, then audio pages, the last flagged EOS, every CRC valid', async () => {
  const pages = readOggPages(await encodeAudio('opus', tone))
  assert.ok(pages.length >= 4)
  assert.ok(
    pages.every((page) => page.crcMatches),
    'every page CRC matches',
  )
  assert.ok(
    pages.every((page, i) => page.sequence === i),
    'page sequence numbers count up from 0',
  )
  assert.equal(new Set(pages.map((page) => page.serialNumber)).size, 1, 'one logical stream')
  assert.deepEqual(
    pages.map((page) => page.flags),
    [OGG_BEGINNING_OF_STREAM, ...Array<number>(pages.length - 2).fill(0), OGG_END_OF_STREAM],
  )
  assert.deepEqual(
    pages[0]!.packets.map((p) => ascii(p, 0, 8)),
    ['OpusHead'],
  )
  assert.deepEqual(
    pages[1]!.packets.map((p) => ascii(p, 0, 8)),
    ['OpusTags'],
  )
  assert.equal(pages[0]!.granulePosition, 0n)
  assert.equal(pages[1]!.granulePosition, 0n)
})

test('OpusHead carries version 1, mono, the encoder lookahead as pre-skip in 48 kHz samples and the input rate', async () => {
  for (const sampleRate of [24000, 16000, 48000]) {
    const encoder = await createEncoder('opus', { sampleRate })
    const head = readOggPages(await encoder.end())[0]!.packets[0]!
    const view = new DataView(head.buffer, head.byteOffset)
    assert.equal(head.length, 19)
    assert.equal(head[8], 1, 'version')
    assert.equal(head[9], 1, 'channels')
    // libopus lookahead is Fs/400 + Fs/250 (2.5 ms + 4 ms delay compensation): 6.5 ms = 312 samples at 48 kHz.
    assert.equal(view.getUint16(10, true), 312, `pre-skip at ${sampleRate} Hz`)
    assert.equal(view.getUint32(12, true), sampleRate, 'input sample rate')
    assert.equal(view.getInt16(16, true), 0, 'output gain')
    assert.equal(head[18], 0, 'mapping family')
  }
})

test('audio packets are single 20 ms frames and granule positions count 48 kHz samples, trimmed at the end', async () => {
  const encoder = await createEncoder('opus', { sampleRate: 24000 })
  const parts: Uint8Array[] = []
  for (const chunk of unevenChunks(tone.samples)) parts.push(await encoder.write(chunk))
  parts.push(await encoder.end())
  const pages = readOggPages(Buffer.concat(parts)).slice(2)
  let packets = 0
  for (const [i, page] of pages.entries()) {
    for (const packet of page.packets) {
      assert.equal(tocFrameMs(packet[0]!), 20, 'a 20 ms frame')
      assert.equal(packet[0]! & 0x03, 0, 'code 0: one frame per packet')
      assert.equal(packet[0]! & 0x04, 0, 'mono')
    }
    packets += page.packets.length
    if (i < pages.length - 1) assert.equal(page.granulePosition, BigInt(packets * 960), `page ${i} granule position`)
  }
  // Enough packets to cover input plus lookahead, and the last granule drops exactly the padding.
  assert.equal(packets, Math.ceil((tone.samples.length + 156) / 480))
  assert.equal(pages.at(-1)!.granulePosition, BigInt(312 + tone.samples.length * 2))
})

test('decoders return exactly the samples written, whatever the input rate', async () => {
  for (const sampleRate of [8000, 16000, 24000, 48000]) {
    const audio = speechLikeBursts(0.77, sampleRate)
    const encoder = await createEncoder('opus', { sampleRate })
    const bytes = Buffer.concat([await encoder.write(audio.samples), await encoder.end()])
    const decoded = await decodeAudio('opus', bytes)
    assert.equal(decoded.samples.length, audio.samples.length * (48000 / sampleRate), `${sampleRate} Hz`)
  }
})

test('concurrent Opus encoders do not disturb each other', async () => {
  const other = speechLikeBursts(1.5, 24000)
  const alone = await createEncoder('opus', { sampleRate: 24000 })
  const aloneParts: Uint8Array[] = []
  for (const chunk of unevenChunks(tone.samples)) aloneParts.push(await alone.write(chunk))
  aloneParts.push(await alone.end())
  const first = await createEncoder('opus', { sampleRate: 24000 })
  const second = await createEncoder('opus', { sampleRate: 24000 })
  const firstParts: Uint8Array[] = []
  const toneChunks = unevenChunks(tone.samples)
  const otherChunks = unevenChunks(other.samples, [997])
  for (let i = 0; i < Math.max(toneChunks.length, otherChunks.length); i++) {
    if (toneChunks[i]) firstParts.push(await first.write(toneChunks[i]!))
    if (otherChunks[i]) await second.write(otherChunks[i]!)
  }
  firstParts.push(await first.end())
  await second.end()
  const packetsOf = (bytes: Uint8Array): Buffer[] =>
    readOggPages(bytes)
      .slice(2)
      .flatMap((page) => page.packets.map((packet) => Buffer.from(packet)))
  assert.deepEqual(
    packetsOf(Buffer.concat(firstParts)),
    packetsOf(Buffer.concat(aloneParts)),
    'identical packets with or without a neighbour',
  )
})

test('Opus refuses sample rates libopus does not take', async () => {
  await assert.rejects(createEncoder('opus', { sampleRate: 44100 }), /Opus cannot encode 44100 Hz/)
})
