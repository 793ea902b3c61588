/**
 * Speaking rate, judged in **syllables per second** of the reference over the clip's speech span: the span from the
 * first word's start to the last word's end when the ASR gave word timings, otherwise the clip minus its leading and
 * trailing silence (pauses inside count, as in the usual measures of read speech). Plausible is 2–8 syllables/s:
 * English conversation averages about 4–5 and fast read English about 6 (Pellegrino, Coupé & Marsico 2011), so the
 * band accepts speech from roughly half to nearly twice that. Put differently, the measured duration may be off the
 * expected duration (syllables ÷ 4.5/s) by a factor of about 2 either way.
 *
 * Words per minute is reported too but does not decide: it swings with the words' length. The embedded flite voices
 * read "International organizations coordinate humanitarian assistance." at 71–83 wpm and monosyllabic sentences at
 * 240–283 wpm, all at 3.0–6.4 syllables/s, so a 90–260 wpm band would fail clean speech both ways.
 *
 * Syllables come from `input.referenceSyllables` (runGates fills it from the CMU Pronouncing Dictionary) or a spelling
 * estimate. Under 3 reference words the rate is too noisy to judge, and the gate passes with a note.
 */
import type { Gate, GateResult } from './gate.js'
import { estimateSyllables } from './syllables.js'
import { referenceWordsOf } from './words.js'

export interface SpeakingRateBand {
  readonly minSyllablesPerSecond: number
  readonly maxSyllablesPerSecond: number
}

const SPEAKING_RATE_BAND: SpeakingRateBand = Object.freeze({ minSyllablesPerSecond: 2, maxSyllablesPerSecond: 8 })

/** The nominal rate the expected duration in the detail is computed at. */
export const NOMINAL_SYLLABLES_PER_SECOND = 4.5

export const MIN_WORDS_TO_JUDGE_RATE = 3

export const speakingRateGate: Gate<SpeakingRateBand> = {
  name: 'speaking_rate',
  description:
    'Reference syllables per second of speech (value); fails outside the band (default 2–8). Words per minute is ' +
    'reported in the detail.',
  defaultThreshold: SPEAKING_RATE_BAND,
  check(input, threshold = SPEAKING_RATE_BAND): GateResult<SpeakingRateBand> {
    const words = referenceWordsOf(input)
    const timings = input.hypothesisTimings ?? []
    const span =
      timings.length > 0
        ? timings[timings.length - 1]!.end - timings[0]!.start
        : input.metrics.durationSeconds - input.metrics.leadingSilenceSeconds - input.metrics.trailingSilenceSeconds
    const syllables = input.referenceSyllables ?? words.reduce((sum, word) => sum + estimateSyllables(word), 0)
    const value = span > 0 ? syllables / span : Infinity
    const wpm = span > 0 ? (words.length / span) * 60 : Infinity
    const measured =
      `${value.toFixed(1)} syllables/s (${wpm.toFixed(0)} wpm) over ${span.toFixed(2)} s of speech` +
      `${timings.length > 0 ? ' by ASR word timings' : ''}`
    if (words.length < MIN_WORDS_TO_JUDGE_RATE) {
      return { status: 'pass', value, threshold, detail: `${measured}; ${words.length} words are too few to judge.` }
    }
    const inBand = value >= threshold.minSyllablesPerSecond && value <= threshold.maxSyllablesPerSecond
    const expected = syllables / NOMINAL_SYLLABLES_PER_SECOND
    return {
      status: inBand ? 'pass' : 'fail',
      value,
      threshold,
      detail:
        `${measured}; band ${threshold.minSyllablesPerSecond}–${threshold.maxSyllablesPerSecond}, ` +
        `${syllables} syllables would take about ${expected.toFixed(2)} s at ${NOMINAL_SYLLABLES_PER_SECOND}/s.`,
    }
  },
}
