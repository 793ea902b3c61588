/**
 * The gate contract: a named pass/fail check on one synthesized clip, given its signal metrics and (from the ASR round
 * trip) what was heard. Gates are data — `{ name, description, defaultThreshold, check }` entries in a list — so a
 * report can list them, a configuration can retune them by name, and adding one is one entry.
 */
import type { SignalMetrics } from '../../audio/metrics/index.js'

export const GATE_NAMES = [
  'asr_wer',
  'clipping',
  'silence',
  'leading_silence',
  'truncated_start',
  'truncated_tail',
  'repetition',
  'speaking_rate',
] as const

export type GateName = (typeof GATE_NAMES)[number]

export type GateStatus = 'pass' | 'fail'

/** A recognised word with its time span in the clip, seconds (the AsrEngine contract's `words`). */
export interface WordTiming {
  readonly word: string
  readonly start: number
  readonly end: number
  readonly confidence?: number
}

export interface GateInput {
  readonly metrics: SignalMetrics
  /** The text the engine was asked to speak. */
  readonly referenceText: string
  /**
   * The reference as normalised words, normalised exactly like {@link hypothesisWords} (use the lab's transcript
   * normalizer for both). When omitted, `referenceText` is split with {@link normalizeWords}, which only lowercases
   * and strips punctuation (numbers stay digits).
   */
  readonly referenceWords?: readonly string[]
  /** What the ASR heard, as normalised words. */
  readonly hypothesisWords: readonly string[]
  /** Per-word times from the ASR, when it gives them. */
  readonly hypothesisTimings?: readonly WordTiming[]
  /** Word error rate of the hypothesis against the reference, as a fraction (0.1 = 10%). */
  readonly wer: number
  /**
   * Syllables in the reference, for the speaking-rate gate. `runGates` fills it in from the CMU Pronouncing
   * Dictionary when absent; a gate checked on its own falls back to a spelling estimate.
   */
  readonly referenceSyllables?: number
}

export interface GateResult<T = number> {
  readonly status: GateStatus
  /** The measured value the gate judged (units in each gate's description). */
  readonly value: number
  readonly threshold: T
  /** One human-readable sentence saying why. */
  readonly detail: string
}

export interface Gate<T = number> {
  readonly name: GateName
  readonly description: string
  readonly defaultThreshold: T
  check(input: GateInput, threshold?: T): GateResult<T>
}
