/**
 * The quality gates, as data, and {@link runGates}, which checks a clip against all of them. A clip passes when
 * every gate passes. Thresholds are per gate name; anything not given uses the gate's `defaultThreshold`.
 *
 * @example
 * const report = await runGates({ metrics, referenceText, hypothesisWords, wer }, { clipping: 0.5 })
 * if (!report.pass) console.log(Object.entries(report.details).filter(([, r]) => r.status === 'fail'))
 */
import { closestKey } from '../../config/suggest.js'
import { ChorusError } from '../../errors.js'
import { asrWerGate } from './asr-wer-gate.js'
import type { Gate, GateInput, GateName, GateResult, GateStatus } from './gate.js'
import { repetitionGate } from './repetition-gate.js'
import { clippingGate, leadingSilenceGate, silenceGate } from './signal-gates.js'
import type { SpeakingRateBand } from './speaking-rate-gate.js'
import { speakingRateGate } from './speaking-rate-gate.js'
import { countSyllables } from './syllables.js'
import { truncatedStartGate, truncatedTailGate } from './truncation-gates.js'
import { referenceWordsOf } from './words.js'

/** Each gate's threshold type: a number, except the speaking-rate band. */
export interface GateThresholds {
  readonly asr_wer: number
  readonly clipping: number
  readonly silence: number
  readonly leading_silence: number
  readonly truncated_start: number
  readonly truncated_tail: number
  readonly repetition: number
  readonly speaking_rate: SpeakingRateBand
}

/** What a caller may override: any gate's threshold, and any part of the speaking-rate band. */
export type GateThresholdOverrides = Partial<Omit<GateThresholds, 'speaking_rate'>> & {
  readonly speaking_rate?: Partial<SpeakingRateBand>
}

type GateRegistry = { readonly [name in GateName]: Gate<GateThresholds[name]> }

/** Every gate, by its stable name, in report order. */
export const gates: GateRegistry = Object.freeze({
  asr_wer: asrWerGate,
  clipping: clippingGate,
  silence: silenceGate,
  leading_silence: leadingSilenceGate,
  truncated_start: truncatedStartGate,
  truncated_tail: truncatedTailGate,
  repetition: repetitionGate,
  speaking_rate: speakingRateGate,
})

export const defaultThresholds: GateThresholds = Object.freeze(
  Object.fromEntries(
    Object.values(gates).map((gate) => [gate.name, gate.defaultThreshold]),
  ) as unknown as GateThresholds,
)

export type GateDetails = { readonly [name in GateName]: GateResult<GateThresholds[name]> }

export interface GateReport {
  /** True when every gate passed. */
  readonly pass: boolean
  readonly gates: Readonly<Record<GateName, GateStatus>>
  readonly details: GateDetails
}

/**
 * Checks `input` against every gate. Async only to count reference syllables with the CMU dictionary (loaded once)
 * when `input.referenceSyllables` is not given.
 */
export async function runGates(input: GateInput, thresholds: GateThresholdOverrides = {}): Promise<GateReport> {
  checkThresholds(thresholds)
  const prepared: GateInput =
    input.referenceSyllables === undefined
      ? { ...input, referenceSyllables: await countSyllables(referenceWordsOf(input)) }
      : input
  const details = {
    asr_wer: check(gates.asr_wer, prepared, thresholds.asr_wer),
    clipping: check(gates.clipping, prepared, thresholds.clipping),
    silence: check(gates.silence, prepared, thresholds.silence),
    leading_silence: check(gates.leading_silence, prepared, thresholds.leading_silence),
    truncated_start: check(gates.truncated_start, prepared, thresholds.truncated_start),
    truncated_tail: check(gates.truncated_tail, prepared, thresholds.truncated_tail),
    repetition: check(gates.repetition, prepared, thresholds.repetition),
    speaking_rate: check(gates.speaking_rate, prepared, {
      ...gates.speaking_rate.defaultThreshold,
      ...thresholds.speaking_rate,
    }),
  } satisfies GateDetails
  const statuses = Object.fromEntries(Object.entries(details).map(([name, result]) => [name, result.status])) as Record<
    GateName,
    GateStatus
  >
  return { pass: Object.values(statuses).every((status) => status === 'pass'), gates: statuses, details }
}

/**
 * Thresholds usually come from a configuration file, so a misspelt gate name, band key or a non-number is reported
 * with the fix rather than silently ignored.
 */
function checkThresholds(thresholds: GateThresholdOverrides): void {
  const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CONFIG_INVALID', { reason })
  const unknown = (what: string, name: string, known: string[]): ChorusError => {
    const suggestion = closestKey(name, known)
    return invalid(
      `unknown ${what} \`${name}\` in gate thresholds${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} ` +
        `Known: ${known.join(', ')}.`,
    )
  }
  for (const [name, threshold] of Object.entries(thresholds) as [string, unknown][]) {
    if (threshold === undefined) continue
    if (!Object.hasOwn(gates, name)) throw unknown('gate', name, Object.keys(gates))
    if (name === 'speaking_rate') {
      if (typeof threshold !== 'object' || threshold === null) {
        throw invalid(
          `the speaking_rate threshold must be an object such as {"maxSyllablesPerSecond": 9}; got ${JSON.stringify(threshold)}.`,
        )
      }
      const known = Object.keys(gates.speaking_rate.defaultThreshold)
      for (const [key, value] of Object.entries(threshold)) {
        if (!known.includes(key)) throw unknown('speaking_rate key', key, known)
        if (typeof value !== 'number' || Number.isNaN(value)) {
          throw invalid(`speaking_rate.${key} must be a number; got ${JSON.stringify(value)}.`)
        }
      }
    } else if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
      throw invalid(`the threshold of gate \`${name}\` must be a number; got ${JSON.stringify(threshold)}.`)
    }
  }
}

function check<T>(gate: Gate<T>, input: GateInput, threshold: T | undefined): GateResult<T> {
  return gate.check(input, threshold ?? gate.defaultThreshold)
}

export type { Gate, GateInput, GateName, GateResult, GateStatus, WordTiming } from './gate.js'
export { GATE_NAMES } from './gate.js'
export type { SpeakingRateBand } from './speaking-rate-gate.js'
export { MIN_WORDS_TO_JUDGE_RATE, NOMINAL_SYLLABLES_PER_SECOND } from './speaking-rate-gate.js'
export { CERTAIN_CUT_MARGIN_DB, missingEdgeWords } from './truncation-gates.js'
export { worstRepetition, type Repetition } from './repetition-gate.js'
export { countSyllables, estimateSyllables } from './syllables.js'
export { longestRuns, ngramCounts, normalizeWords } from './words.js'
