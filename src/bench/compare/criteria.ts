/**
 * The criteria `chorus compare` decides parity by, as data: each with its bound, its default threshold and why that
 * default. B is the candidate (a standby, a new host) judged against A, the reference, so every relative measure reads
 * "B compared with A": ratios are B / A and deltas are B − A.
 *
 * | criterion           | passes when                          | default | measured as                                   |
 * |---------------------|--------------------------------------|---------|-----------------------------------------------|
 * | `mean_similarity`   | value ≥ threshold                    | 0.93    | mean over prompts of speaker similarity(A, B) |
 * | `wer_delta`         | value ≤ threshold                    | 0.05    | corpus WER of B − corpus WER of A             |
 * | `latency_ratio_p95` | value ≤ threshold                    | 1.5     | p95 latency of B / p95 latency of A           |
 * | `error_rate_delta`  | value ≤ threshold                    | 0.01    | error rate of B − error rate of A             |
 *
 * `mean_similarity` is calibrated with the built-in spectral embedder (`builtin-mfcc-v1`) on the embedded flite
 * voices, over 35 prompts of the shipped eval sets (every third item of `scenarios` + `categories` under 200
 * characters), each clip compared with the same prompt in the other voice:
 * - the same voice on two Chorus instances: 1.000 on every prompt (flite is deterministic; identical audio);
 * - the same voice, each prompt against the next one (what a non-deterministic engine's re-take could at worst look
 *   like): mean 0.964 (awb) … 0.976 (rms), lowest single pair 0.909;
 * - two different speakers: slt–rms 0.718, slt–kal16 0.757, slt–kal 0.757, slt–awb 0.785, kal–rms 0.859,
 *   awb–kal 0.862, kal16–awb 0.863, kal16–rms 0.867, rms–awb 0.893 (means); highest single prompt 0.918;
 * - kal and kal16 are one speaker at 8 and 16 kHz: 0.997 — the embedder compares below 4 kHz on purpose, so they
 *   count as the same voice.
 * 0.93 sits 0.037 above the closest pair of different speakers (rms–awb, 0.893) and 0.034 below the lowest same-voice
 * mean over different sentences (0.964). With a trained embedder (`--embedder onnx:…`) the scale differs: calibrate
 * again and pass `--threshold mean_similarity=…`.
 *
 * `latency_ratio_p95` ≤ 1.5 lets the standby be half as slow again at the tail before it is judged unfit. Two Chorus
 * instances of the same voice in one process, on a 2-core machine running other work (load average 13), measured p95
 * ratios of 0.63–1.37 over eight runs of 3 prompts × 3 rounds, and 0.55–1.52 with only 2 rounds (6 requests a side,
 * where p95 is nearly the slowest request): give a short run more rounds before trusting its tail. A host held back by
 * a proxy adding 600 ms per request on short prompts measures well past 2×. `wer_delta` ≤ 0.05 tolerates recognizer noise of one word
 * in twenty; `error_rate_delta` ≤ 0.01 allows B one extra failure per hundred
 * requests — any extra failure in a short run.
 */
import { closestKey } from '../../config/suggest.js'
import { ChorusError } from '../../errors.js'
import { criterion, decide, type Bound, type Criterion, type Verdict } from '../verdict.js'

export interface CriterionSpec {
  readonly bound: Bound
  readonly threshold: number
  /** Names what is measured, for people (reports, `detail`). */
  readonly detail: string
  /** Left out of the verdict when the run measures no WER (`--no-asr`). */
  readonly needsAsr?: boolean
}

export const COMPARE_CRITERIA = {
  mean_similarity: {
    bound: 'min',
    threshold: 0.93,
    detail: 'mean over prompts of the speaker similarity between A’s and B’s clip (0…1)',
  },
  wer_delta: {
    bound: 'max',
    threshold: 0.05,
    detail: 'corpus WER of B minus corpus WER of A, over prompts both sides answered (fraction)',
    needsAsr: true,
  },
  latency_ratio_p95: {
    bound: 'max',
    threshold: 1.5,
    detail: 'p95 request latency of B divided by that of A',
  },
  error_rate_delta: {
    bound: 'max',
    threshold: 0.01,
    detail: 'share of B’s measured requests that failed minus A’s (fraction)',
  },
} as const satisfies Record<string, CriterionSpec>

export type CriterionName = keyof typeof COMPARE_CRITERIA
export const CRITERION_NAMES = Object.keys(COMPARE_CRITERIA) as CriterionName[]

export type CompareThresholds = Partial<Record<CriterionName, number>>

export type CompareVerdict = Verdict<'parity' | 'not_parity'>

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', { reason })

export function isCriterionName(name: string): name is CriterionName {
  return Object.hasOwn(COMPARE_CRITERIA, name)
}

/** `mean_similarity=0.9` … → thresholds; unknown names get a did-you-mean. */
export function parseCompareThresholds(assignments: readonly string[]): CompareThresholds {
  const thresholds: CompareThresholds = {}
  for (const assignment of assignments) {
    const match = /^([\w.]+)=(.*)$/.exec(assignment.trim())
    if (!match) throw invalid(`--threshold expects criterion=value (e.g. latency_ratio_p95=2); got "${assignment}"`)
    const [, name, text] = match as unknown as [string, string, string]
    if (!isCriterionName(name)) {
      const guess = closestKey(name, CRITERION_NAMES)
      throw invalid(
        `--threshold: unknown criterion \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''} Criteria: ${CRITERION_NAMES.join(', ')}`,
      )
    }
    const value = Number(text)
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw invalid(`--threshold ${name} expects a number (fractions for deltas: 0.05 = 5 points); got "${text}"`)
    }
    thresholds[name] = value
  }
  return thresholds
}

/** The measured value of each criterion; null when it could not be measured (which fails it). */
export type CriterionValues = Record<CriterionName, number | null>

/**
 * Judges the measured values against the thresholds (defaults where not overridden). Without ASR the WER criterion is
 * left out rather than failed, and named in `skipped`.
 */
export function judgeCompare(
  values: CriterionValues,
  thresholds: CompareThresholds,
  options: { readonly withAsr: boolean },
): CompareVerdict & { readonly skipped: readonly CriterionName[] } {
  const criteria: Criterion[] = []
  const skipped: CriterionName[] = []
  for (const name of CRITERION_NAMES) {
    const spec: CriterionSpec = COMPARE_CRITERIA[name]
    if (spec.needsAsr && !options.withAsr) {
      skipped.push(name)
      continue
    }
    criteria.push(criterion(name, values[name], thresholds[name] ?? spec.threshold, spec.bound, spec.detail))
  }
  return { ...decide(criteria, 'parity', 'not_parity'), skipped }
}
