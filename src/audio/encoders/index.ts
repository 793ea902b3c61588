/**
 * The response formats of `/v1/audio/speech` and their encoders, as data: one row per format with its MIME type, what
 * it needs from the machine (if anything) and a factory that imports the codec only when the format is first used.
 * Adding a format is one file and one row.
 *
 * @example
 * const encoder = await createEncoder('mp3', { sampleRate: outputSampleRate('mp3') })
 * reply.write(await encoder.write(chunk.samples))
 * reply.end(await encoder.end())
 */
import type { PcmAudio } from '../pcm.js'
import { resample } from '../resample.js'
import { concatBytes } from './bytes.js'
import {
  hasFinalHeader,
  RESPONSE_FORMATS,
  type AudioEncoder,
  type EncoderOptions,
  type ResponseFormat,
} from './encoder.js'
import { findExecutable } from './find-executable.js'

export { RESPONSE_FORMATS, type AudioEncoder, type EncoderOptions, type ResponseFormat } from './encoder.js'

interface FormatEntry {
  readonly contentType: string
  /** What the format needs beyond Chorus's own dependencies, and how to tell whether this machine has it. */
  readonly requires?: { readonly needs: string; readonly isPresent: () => Promise<boolean> }
  readonly factory: (options: EncoderOptions, contentType: string) => Promise<AudioEncoder>
}

/** OpenAI's `pcm` is 16-bit LE mono at 24 kHz; Chorus uses the same rate for every format so all sound alike. */
const OUTPUT_SAMPLE_RATE = 24000

const FORMATS: { readonly [format in ResponseFormat]: FormatEntry } = {
  mp3: {
    contentType: 'audio/mpeg',
    factory: async (options, type) => (await import('./mp3-encoder.js')).createMp3Encoder(options, type),
  },
  opus: {
    contentType: 'audio/ogg',
    factory: async (options, type) => (await import('./opus-encoder.js')).createOpusEncoder(options, type),
  },
  aac: {
    contentType: 'audio/aac',
    requires: {
      needs: 'ffmpeg on PATH (apt-get install ffmpeg)',
      isPresent: async () => (await findExecutable('ffmpeg')) !== undefined,
    },
    factory: async (options, type) => (await import('./aac-encoder.js')).createAacEncoder(options, type),
  },
  flac: {
    contentType: 'audio/flac',
    factory: async (options, type) => (await import('./flac-encoder.js')).createFlacEncoder(options, type),
  },
  wav: {
    contentType: 'audio/wav',
    factory: async (options, type) => (await import('./wav-encoder.js')).createWavEncoder(options, type),
  },
  pcm: {
    contentType: 'audio/pcm',
    factory: async (options, type) => (await import('./pcm-encoder.js')).createPcmEncoder(options, type),
  },
}

export function isResponseFormat(value: string): value is ResponseFormat {
  return Object.hasOwn(FORMATS, value)
}

export function contentTypeOf(format: ResponseFormat): string {
  return FORMATS[format].contentType
}

/** The output sample rate Chorus uses for a format: 24000 for all (OpenAI's pcm is 16-bit LE mono 24 kHz). */
export function outputSampleRate(_format: ResponseFormat): number {
  return OUTPUT_SAMPLE_RATE
}

export interface FormatAvailability {
  available: ResponseFormat[]
  unavailable: { format: ResponseFormat; needs: string }[]
}

let availability: Promise<FormatAvailability> | undefined

/** Which formats work on this machine (aac needs ffmpeg on PATH) — cached after first call. */
export function formatAvailability(): Promise<FormatAvailability> {
  availability ??= (async () => {
    const result: FormatAvailability = { available: [], unavailable: [] }
    for (const format of RESPONSE_FORMATS) {
      const { requires } = FORMATS[format]
      if (!requires || (await requires.isPresent())) result.available.push(format)
      else result.unavailable.push({ format, needs: requires.needs })
    }
    return result
  })()
  return availability
}

export async function createEncoder(format: ResponseFormat, options: EncoderOptions): Promise<AudioEncoder> {
  const entry = FORMATS[format] as FormatEntry | undefined
  if (!entry)
    throw new Error(`unknown response format '${String(format)}'; expected one of ${RESPONSE_FORMATS.join(', ')}`)
  if (!Number.isInteger(options.sampleRate) || options.sampleRate <= 0) {
    throw new Error(`encoder sample rate must be a positive integer in Hz; got ${options.sampleRate}`)
  }
  if (options.totalSamples !== undefined && (!Number.isInteger(options.totalSamples) || options.totalSamples < 0)) {
    throw new Error(`totalSamples must be a non-negative integer; got ${options.totalSamples}`)
  }
  if (entry.requires && !(await entry.requires.isPresent())) {
    throw new Error(`response format '${format}' needs ${entry.requires.needs}`)
  }
  return entry.factory(options, entry.contentType)
}

/** One-shot convenience: resamples `audio` to the format's output rate, encodes whole buffer, exact headers. */
export async function encodeAudio(format: ResponseFormat, audio: PcmAudio): Promise<Uint8Array> {
  const { samples, sampleRate } = await resample(audio, outputSampleRate(format))
  const encoder = await createEncoder(format, { sampleRate, totalSamples: samples.length })
  let bytes: Uint8Array
  try {
    bytes = concatBytes([await encoder.write(samples), await encoder.end()])
  } catch (error) {
    encoder.abort()
    throw error
  }
  const header = hasFinalHeader(encoder) ? encoder.finalHeader() : undefined
  if (header) {
    if (header.offset + header.bytes.length > bytes.length)
      throw new Error(`${format} output is too short for its header`)
    bytes.set(header.bytes, header.offset)
  }
  return bytes
}
