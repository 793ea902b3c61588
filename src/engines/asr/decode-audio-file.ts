/**
 * Turns an uploaded audio file (the `file` of a transcription request) into PCM. WAV is read in-process; mp3, mp4/m4a,
 * ogg, flac and webm are decoded by `ffmpeg` when it is on PATH, straight to what recognizers want (16 kHz mono
 * s16le). Without ffmpeg those formats get a 400 that says what to install or send instead. Every failure is
 * `CHORUS_ERR_AUDIO_UNDECODABLE` with the reason.
 *
 * @example
 * const audio = await decodeAudioFile(bytes, { ffmpeg: await findExecutable('ffmpeg'), signal })
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { int16BytesToFloat, type PcmAudio } from '../../audio/pcm.js'
import { decodeWav } from '../../audio/wav.js'
import { ChorusError } from '../../errors.js'
import { ProgramStartError, ProgramTimeoutError, runProgram } from '../cli/run-program.js'

/** The rate ffmpeg decodes compressed uploads to: every recognizer here runs at 16 kHz. */
export const DECODE_SAMPLE_RATE = 16_000
/** Longest an ffmpeg decode may take (25 MiB of the slowest codec decodes in seconds). */
const FFMPEG_TIMEOUT_MS = 120_000
const STDERR_EXCERPT_CHARS = 300

export type AudioContainer = 'wav' | 'mp3' | 'flac' | 'ogg' | 'webm' | 'mp4'

const ascii = (bytes: Uint8Array, offset: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(offset, offset + length))

/** The container the first bytes announce (magic numbers per each format's specification), or undefined. */
export function sniffContainer(bytes: Uint8Array): AudioContainer | undefined {
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'wav'
  if (ascii(bytes, 0, 4) === 'fLaC') return 'flac'
  if (ascii(bytes, 0, 4) === 'OggS') return 'ogg'
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'webm'
  if (bytes.length >= 8 && ascii(bytes, 4, 4) === 'ftyp') return 'mp4'
  // An ID3v2 tag, or an MPEG audio frame sync (11 set bits).
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3'
  return undefined
}

function undecodable(reason: string, cause?: unknown): ChorusError {
  return new ChorusError('CHORUS_ERR_AUDIO_UNDECODABLE', { reason }, { cause })
}

function excerpt(stderr: string): string {
  const text = stderr.replace(/\s+/g, ' ').trim()
  return text.length > STDERR_EXCERPT_CHARS ? `…${text.slice(-STDERR_EXCERPT_CHARS)}` : text
}

export interface DecodeAudioFileOptions {
  /** Path of `ffmpeg`, or undefined when it is not installed. */
  readonly ffmpeg: string | undefined
  readonly signal: AbortSignal
}

export async function decodeAudioFile(bytes: Uint8Array, options: DecodeAudioFileOptions): Promise<PcmAudio> {
  if (bytes.length === 0) throw undecodable('the file is empty.')
  const container = sniffContainer(bytes)
  let audio: PcmAudio
  if (container === 'wav') {
    try {
      audio = decodeWav(bytes)
    } catch (error) {
      throw undecodable(`${(error as Error).message}.`, error)
    }
  } else if (options.ffmpeg) {
    audio = await decodeWithFfmpeg(options.ffmpeg, bytes, container, options.signal)
  } else if (container) {
    throw undecodable(
      `it is ${container === 'mp4' ? 'an' : 'a'} ${container} file, and decoding ${container} needs ffmpeg, which is not installed on this server (apt-get install ffmpeg). Send WAV instead.`,
    )
  } else {
    throw undecodable('it is not a WAV file, and without ffmpeg on this server only WAV can be read.')
  }
  if (audio.samples.length === 0) throw undecodable('the file holds no audio samples.')
  return audio
}

async function decodeWithFfmpeg(
  ffmpeg: string,
  bytes: Uint8Array,
  container: AudioContainer | undefined,
  signal: AbortSignal,
): Promise<PcmAudio> {
  const what = container ?? 'file'
  // A file, not stdin: mp4/m4a keep their index (moov) at the end, which ffmpeg cannot seek to in a pipe.
  const workDir = await mkdtemp(join(tmpdir(), 'chorus-upload-'))
  try {
    const input = join(workDir, 'upload')
    await writeFile(input, bytes)
    let result
    try {
      result = await runProgram({
        binary: ffmpeg,
        args: [
          '-nostdin',
          '-hide_banner',
          '-loglevel',
          'error',
          '-i',
          input,
          '-vn',
          '-ac',
          '1',
          '-ar',
          String(DECODE_SAMPLE_RATE),
          '-f',
          's16le',
          'pipe:1',
        ],
        cwd: workDir,
        timeoutMs: FFMPEG_TIMEOUT_MS,
        signal,
      })
    } catch (error) {
      if (error instanceof ProgramStartError)
        throw undecodable(`ffmpeg cannot be run (${error.code ?? error.message}).`, error)
      if (error instanceof ProgramTimeoutError)
        throw undecodable(`ffmpeg took longer than ${FFMPEG_TIMEOUT_MS} ms.`, error)
      throw error
    }
    if (result.exitCode !== 0) {
      // ffmpeg names its input by path; the client knows it as its upload, not as our temporary file.
      const stderr = excerpt(result.stderr.replaceAll(`${input}: `, '').replaceAll(input, 'the upload'))
      throw undecodable(`ffmpeg cannot decode this ${what}${stderr ? `: ${stderr}` : '.'}`)
    }
    return { samples: int16BytesToFloat(result.stdout), sampleRate: DECODE_SAMPLE_RATE }
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}
