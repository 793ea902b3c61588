/**
 * eSpeak NG conventions shared by the `espeak-ng` program and the `espeak-wasm` engine, so one voice id means the same
 * voice in both: ids are the language names `espeak-ng -v` takes, and speed maps onto words per minute.
 */
import { posix } from 'node:path'

/** espeak-ng's default rate (words per minute), which Chorus calls speed 1. */
export const ESPEAK_NORMAL_WPM = 175

export interface EspeakRateLimits {
  /** Slowest rate the build accepts (espeak-ng clamps below espeakRATE_MINIMUM, 80). */
  readonly minWordsPerMinute: number
  /** Fastest rate the build reaches; faster requests are clamped there. */
  readonly maxWordsPerMinute: number
}

export interface EspeakRate {
  readonly wordsPerMinute: number
  /** What is left of the requested speed after clamping, for a time-stretch afterwards; 1 when nothing is. */
  readonly residualSpeed: number
}

/**
 * @example espeakRate(2, { minWordsPerMinute: 80, maxWordsPerMinute: 450 }) // { wordsPerMinute: 350, residualSpeed: 1 }
 * @example espeakRate(0.25, { minWordsPerMinute: 80, maxWordsPerMinute: 450 }) // 80 wpm, then stretched by ~0.55
 */
export function espeakRate(speed: number, limits: EspeakRateLimits): EspeakRate {
  const wanted = ESPEAK_NORMAL_WPM * speed
  const wordsPerMinute = Math.round(Math.min(limits.maxWordsPerMinute, Math.max(limits.minWordsPerMinute, wanted)))
  const residual = wanted / wordsPerMinute
  // Rounding to whole words per minute leaves well under 1% of difference: not worth a time-stretch pass.
  return { wordsPerMinute, residualSpeed: Math.abs(residual - 1) < 0.01 ? 1 : residual }
}

export interface EspeakVoiceKey {
  /** The voice's first language, as `espeak-ng --voices` prints it (`en-us`, `yue`). */
  readonly language: string
  /** Its voice file (`gmw/en-US`, `sit/yue-Latn-jyutping`), unique per voice. */
  readonly file: string
}

/**
 * Voice ids: the language name, which is what users type (`de`, `en-us`). Where two voices share a language (espeak-ng
 * has two `yue` voices) the later one is named by its file instead, lower-cased (`yue-latn-jyutping`).
 */
export function espeakVoiceIds(voices: readonly EspeakVoiceKey[]): string[] {
  const taken = new Set<string>()
  return voices.map((voice) => {
    const candidates = [
      voice.language.toLowerCase(),
      posix.basename(voice.file).toLowerCase(),
      voice.file.toLowerCase(),
    ]
    const id = candidates.find((candidate) => !taken.has(candidate)) ?? `${voice.file.toLowerCase()}#${taken.size}`
    taken.add(id)
    return id
  })
}
