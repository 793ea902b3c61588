/**
 * `aac`: AAC-LC in ADTS framing (the self-synchronising stream OpenAI returns as `audio/aac`), made by piping s16le PCM
 * through ffmpeg's native AAC encoder. No maintained JavaScript AAC encoder exists; ffmpeg is the common tool on
 * servers, so the format is offered only where ffmpeg is on PATH.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { floatToInt16Bytes } from '../pcm.js'
import { concatBytes } from './bytes.js'
import type { AudioEncoder, EncoderOptions } from './encoder.js'
import { EncoderState } from './encoder-state.js'
import { findExecutable } from './find-executable.js'

/** Kept from ffmpeg's stderr for error messages: its last lines say what went wrong. */
const STDERR_TAIL_CHARS = 2000

/** `ffmpeg` is the executable to run; by default the one on PATH. */
export async function createAacEncoder(
  options: EncoderOptions,
  contentType: string,
  ffmpeg?: string,
): Promise<AudioEncoder> {
  const executable = ffmpeg ?? (await findExecutable('ffmpeg'))
  if (!executable) throw new Error('aac needs ffmpeg on PATH (apt-get install ffmpeg)')
  return new FfmpegAacEncoder(executable, options.sampleRate, contentType)
}

export function ffmpegAacArguments(sampleRate: number): string[] {
  return [
    ...['-hide_banner', '-loglevel', 'error'],
    // Raw PCM has nothing to probe; by default ffmpeg would buffer seconds of input analysing it before encoding.
    ...['-probesize', '32', '-analyzeduration', '0'],
    ...['-f', 's16le', '-ar', String(sampleRate), '-ac', '1', '-i', 'pipe:0'],
    ...['-c:a', 'aac', '-b:a', '64k'],
    // Hand each ADTS frame to the pipe as soon as it is muxed instead of filling ffmpeg's 32 KiB I/O buffer first.
    ...['-flush_packets', '1'],
    ...['-f', 'adts', 'pipe:1'],
  ]
}

type Exit = { readonly code: number | null; readonly signal: NodeJS.Signals | null } | { readonly error: Error }

class FfmpegAacEncoder implements AudioEncoder {
  readonly format = 'aac'
  readonly #child: ChildProcessWithoutNullStreams
  readonly #exit: Promise<Exit>
  #stdout: Uint8Array[] = []
  #stderr = ''
  #exited: Exit | undefined
  readonly #state = new EncoderState('AAC')

  constructor(
    ffmpeg: string,
    readonly sampleRate: number,
    readonly contentType: string,
  ) {
    this.#child = spawn(ffmpeg, ffmpegAacArguments(sampleRate), { stdio: ['pipe', 'pipe', 'pipe'] })
    this.#child.stdout.on('data', (data: Buffer) => this.#stdout.push(new Uint8Array(data)))
    this.#child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_TAIL_CHARS)
    })
    // EPIPE when ffmpeg has already exited; the exit status explains why, so it is reported from there.
    this.#child.stdin.on('error', () => {})
    this.#exit = new Promise<Exit>((resolve) => {
      this.#child.once('error', (error) => resolve({ error }))
      this.#child.once('close', (code, signal) => resolve({ code, signal }))
    }).then((exit) => (this.#exited = exit))
  }

  async write(samples: Float32Array): Promise<Uint8Array> {
    this.#state.assertOpen()
    if (this.#exited) throw this.#failure(this.#exited)
    if (samples.length > 0 && !this.#child.stdin.write(floatToInt16Bytes(samples))) {
      // Backpressure: wait until ffmpeg has taken the bytes (or has died, which end() or the next write reports).
      await Promise.race([new Promise((resolve) => this.#child.stdin.once('drain', resolve)), this.#exit])
    }
    return this.#take()
  }

  async end(): Promise<Uint8Array> {
    this.#state.end()
    this.#child.stdin.end()
    const exit = await this.#exit
    if (!('code' in exit) || exit.code !== 0) throw this.#failure(exit)
    return this.#take()
  }

  abort(): void {
    if (!this.#state.abort()) return
    this.#stdout = []
    if (!this.#exited) this.#child.kill('SIGKILL')
  }

  #take(): Uint8Array {
    const bytes = concatBytes(this.#stdout)
    this.#stdout = []
    return bytes
  }

  #failure(exit: Exit): Error {
    if ('error' in exit) return new Error(`could not run ffmpeg for aac: ${exit.error.message}`, { cause: exit.error })
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
    const detail = this.#stderr.trim()
    return new Error(`ffmpeg (aac encoder) ${how}${detail ? `: ${detail}` : ''}`)
  }
}
