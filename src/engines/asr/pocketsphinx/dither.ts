/**
 * PocketSphinx's own dither (`-dither yes`: "add 1/2-bit noise", +1 LSB on a random quarter of the 16-bit samples,
 * `fe_dither_csn` in sphinxbase's fe_sigproc.c), done here instead, with a generator seeded afresh for every clip.
 * Dither keeps digital silence out of the log spectrum; seeding per clip makes the noise, and so the transcript, a
 * function of the clip alone. PocketSphinx's generator is seeded once per process, so in `pocketsphinx_batch` a
 * clip's dither (and its word timings) would depend on which clips were decoded before it.
 *
 * @example
 * await writeFile(file, ditheredWav(input)) // then run with `-dither no`
 */
import { type PcmAudio } from '../../../audio/pcm.js'
import { encodeWav, WAV_HEADER_BYTES } from '../../../audio/wav.js'
import { mulberry32Uint32 } from '../../../util/seeded-random.js'

/** The seed every clip starts from. */
export const DITHER_SEED = 1

/** `audio` as a 16-bit mono WAV with half-bit dither from a generator seeded with `seed`. */
export function ditheredWav(audio: PcmAudio, seed = DITHER_SEED): Uint8Array {
  const wav = encodeWav(audio)
  const samples = new DataView(wav.buffer, wav.byteOffset + WAV_HEADER_BYTES, wav.byteLength - WAV_HEADER_BYTES)
  const random = mulberry32Uint32(seed)
  for (let offset = 0; offset + 1 < samples.byteLength; offset += 2) {
    if (random() % 4 !== 0) continue
    const value = samples.getInt16(offset, true)
    if (value < 0x7fff) samples.setInt16(offset, value + 1, true)
  }
  return wav
}
