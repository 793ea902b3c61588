/**
 * Worker-thread side of the espeak-wasm engine. eSpeak NG keeps global state (one voice, one rate) and synthesizes
 * synchronously for a whole utterance, so each thread loads its own instance once and runs one task at a time, and
 * the main thread's event loop stays free. Abort terminates the thread (piscina), which is the only way to stop a
 * synchronous WASM call.
 *
 * The Emscripten build is `@echogarden/espeak-ng-emscripten`, licensed GPL-3.0.
 */
import createEspeakModule from '@echogarden/espeak-ng-emscripten'
import { concatSamples, int16BytesToFloat } from '../../audio/pcm.js'

/** The parts of the Emscripten wrapper (its `eSpeakNGWorker` class) that Chorus calls. */
interface EspeakInstance {
  list_voices(): EspeakVoiceEntry[]
  /** Returns 0 on success (espeak_ERROR codes otherwise; 2 = not found), keeping the previous voice on failure. */
  set_voice(name: string): number
  set_rate(wordsPerMinute: number): number
  get_samplerate(): number
  /** Calls back with each block of 16-bit samples; returning true from the callback stops synthesis. */
  synthesize(text: string, callback: (samples: Int16Array | undefined, events: unknown[]) => boolean | void): void
}

interface EspeakModule {
  eSpeakNGWorker: new () => EspeakInstance
}

export interface EspeakVoiceEntry {
  readonly name: string
  /** The voice file, e.g. `gmw/en-US`: what `set_voice` is given. */
  readonly identifier: string
  readonly languages: readonly { readonly priority: number; readonly name: string }[]
}

export interface EspeakTask {
  /** Already escaped for eSpeak's SSML mode, which this build always reads text in. */
  readonly ssml: string
  readonly voiceIdentifier: string
  readonly wordsPerMinute: number
}

export interface EspeakResult {
  readonly samples: Float32Array
  readonly sampleRate: number
}

const espeakModule = (await createEspeakModule()) as EspeakModule
const espeak = new espeakModule.eSpeakNGWorker()

export function listVoices(): EspeakVoiceEntry[] {
  return espeak.list_voices().map(({ name, identifier, languages }) => ({
    name,
    identifier,
    languages: languages.map(({ priority, name: language }) => ({ priority, name: language })),
  }))
}

export default function synthesizeWithEspeak(task: EspeakTask): EspeakResult {
  const status = espeak.set_voice(task.voiceIdentifier)
  if (status !== 0) throw new Error(`eSpeak NG cannot select voice ${task.voiceIdentifier} (error ${status})`)
  espeak.set_rate(task.wordsPerMinute)
  const blocks: Float32Array[] = []
  espeak.synthesize(task.ssml, (samples) => {
    if (samples && samples.length > 0) {
      blocks.push(int16BytesToFloat(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)))
    }
    return false // keep going
  })
  return { samples: concatSamples(blocks), sampleRate: espeak.get_samplerate() }
}
