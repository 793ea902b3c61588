/**
 * report.json of a validation run: `{ run, summary, items, unpaired }`, the one document SUMMARY.md and report.html
 * are rendered from, so the three never disagree. Keys are snake_case; rates are fractions (0.1 = 10%); numbers
 * JSON cannot hold (a silent clip's −Infinity dB) are `null`.
 *
 * Per item: `id`, `file`, `wer` (first ASR engine), `gate_wer` (what the asr_wer gate judged: words blamed on the
 * TTS), `pass`, `gates` (`{ <gate>: 'pass' | 'fail' }`), `failed_gates`, `gate_details` (value, threshold and a
 * sentence per gate), `transcripts` (one per engine), `words` (the word table with verdicts; dropped by `compact`),
 * `verdict_counts`, `metrics`, and what the dataset's `<name>.json` said (`category`, `backend`, `voice`, `text`).
 * Items that could not be scored have `pass: false`, `wer: null` and an `error` `{ code, message }`.
 */
import {
  defaultThresholds,
  GATE_NAMES,
  type GateName,
  type GateStatus,
  type GateThresholdOverrides,
} from '../gates/index.js'
import type { JsonValue } from '../../store/result-store.js'
import type { VerdictCounts, WordVerdict } from '../../text/scoring/index.js'
import { CHORUS_VERSION } from '../../version.js'
import type { UnpairedFile } from '../dataset-folder.js'
import type { EvalMatrix } from '../eval/eval-matrix.js'
import { toJsonValue } from '../json-values.js'
import type { FolderValidation, ItemError, ValidatedItem } from '../validate-folder.js'
import type { ValidationSummary } from '../validation-summary.js'

export interface ReportRun {
  /** The report folder's name: `<UTC time>-run<store id>`. */
  readonly id: string
  readonly kind: 'validate' | 'eval'
  readonly store_run_id: number | null
  /** The store URL, password redacted; null when nothing was stored. */
  readonly store: string | null
  readonly dataset: string
  readonly folder: string
  readonly status: 'passed' | 'failed'
  readonly asr: readonly string[]
  /** Every gate's threshold as applied (defaults with the overrides given). */
  readonly thresholds: JsonValue
  readonly concurrency: number
  readonly embedder: string | null
  readonly started_at: string
  readonly finished_at: string
  readonly duration_seconds: number
  readonly chorus_version: string
  /** True when per-word detail was left out (`--compact`). */
  readonly compact: boolean
}

export interface ReportTranscript {
  readonly engine: string
  readonly text: string
  readonly normalized: string
  readonly wer: number
  readonly cer: number
}

export interface ReportGateDetail {
  readonly status: GateStatus
  readonly value: number | null
  readonly threshold: JsonValue
  readonly detail: string
}

export interface ReportItem {
  readonly id: string
  readonly file: string
  readonly file_hash: string | null
  readonly category: string | null
  readonly backend: string | null
  readonly voice: string | null
  /** What the TTS engine was given, when `<name>.json` says and it differs from the reference. */
  readonly text: string | null
  readonly reference: string | null
  readonly normalized_reference: string | null
  readonly duration_seconds: number | null
  readonly wer: number | null
  readonly cer: number | null
  readonly gate_wer: number | null
  readonly pass: boolean
  readonly gates: Partial<Record<GateName, GateStatus>>
  readonly failed_gates: readonly GateName[]
  readonly gate_details: Partial<Record<GateName, ReportGateDetail>>
  readonly transcripts: readonly ReportTranscript[]
  /** The engine whose transcript the truncation, repetition and speaking-rate gates read. */
  readonly gated_engine: string | null
  readonly verdict_counts: VerdictCounts | null
  /** Absent in compact reports. */
  readonly words?: readonly WordVerdict[]
  readonly metrics: Record<string, JsonValue> | null
  readonly voice_consistency: number | null
  readonly error: ItemError | null
}

/** What an eval run adds (`chorus eval`): the matrix and, per cell, every take's score and which was kept. */
export interface EvalSection {
  readonly spec: JsonValue
  readonly candidates: number
  readonly keep_wavs: string
  readonly matrix: EvalMatrix
  readonly cells: readonly {
    readonly id: string
    readonly best: number | null
    readonly takes: readonly JsonValue[]
  }[]
}

export interface ValidationReport {
  readonly run: ReportRun
  readonly summary: ValidationSummary
  readonly items: readonly ReportItem[]
  readonly unpaired: readonly UnpairedFile[]
  /** Present in eval runs only. */
  readonly eval?: EvalSection
}

export interface ReportOptions {
  readonly runId: string
  readonly store: string | null
  readonly thresholds?: GateThresholdOverrides
  readonly concurrency: number
  /** Leave out the per-word tables. */
  readonly compact?: boolean
  /** The eval section, for `chorus eval` runs (the run kind is then `eval`). */
  readonly eval?: EvalSection
}

/** Every gate's threshold as `runGates` applies it: defaults, then the overrides. */
export function effectiveThresholds(overrides: GateThresholdOverrides = {}): JsonValue {
  return toJsonValue({
    ...defaultThresholds,
    ...overrides,
    speaking_rate: { ...defaultThresholds.speaking_rate, ...overrides.speaking_rate },
  })
}

function reportItem(item: ValidatedItem, compact: boolean): ReportItem {
  const result = item.result
  const failed = result ? GATE_NAMES.filter((gate) => result.gates[gate] === 'fail') : []
  return {
    id: item.id,
    file: item.file,
    file_hash: item.fileHash ?? null,
    category: item.metadata.category ?? null,
    backend: item.metadata.backend ?? null,
    voice: item.metadata.voice ?? null,
    text: item.metadata.text ?? null,
    reference: item.reference ?? null,
    normalized_reference: result?.normalizedReference ?? null,
    duration_seconds: result ? result.metrics.durationSeconds : null,
    wer: result?.wer ?? null,
    cer: result?.cer ?? null,
    gate_wer: result?.gateWer ?? null,
    pass: result?.pass ?? false,
    gates: result?.gates ?? {},
    failed_gates: failed,
    gate_details: result ? (toJsonValue(result.gateDetails) as unknown as ReportItem['gate_details']) : {},
    transcripts: (result?.transcripts ?? []).map(({ engine, text, normalized, wer, cer }) => ({
      engine,
      text,
      normalized,
      wer,
      cer,
    })),
    gated_engine: result?.gatedEngine ?? null,
    verdict_counts: result?.counts ?? null,
    ...(compact || !result ? {} : { words: result.words }),
    metrics: result ? (toJsonValue(result.metrics) as Record<string, JsonValue>) : null,
    voice_consistency: item.voiceConsistency ?? null,
    error: item.error ?? null,
  }
}

export function buildValidationReport(validation: FolderValidation, options: ReportOptions): ValidationReport {
  const compact = options.compact === true
  return {
    run: {
      id: options.runId,
      kind: options.eval ? 'eval' : 'validate',
      store_run_id: validation.storeRunId ?? null,
      store: options.store,
      dataset: validation.dataset,
      folder: validation.folder,
      status: validation.status,
      asr: validation.asr,
      thresholds: effectiveThresholds(options.thresholds),
      concurrency: options.concurrency,
      embedder: validation.embedder ?? null,
      started_at: validation.startedAt,
      finished_at: validation.finishedAt,
      duration_seconds: (Date.parse(validation.finishedAt) - Date.parse(validation.startedAt)) / 1000,
      chorus_version: CHORUS_VERSION,
      compact,
    },
    summary: validation.summary,
    items: validation.items.map((item) => reportItem(item, compact)),
    unpaired: validation.unpaired,
    ...(options.eval ? { eval: options.eval } : {}),
  }
}

/** The report as written to report.json: 2-space indented, non-finite numbers already null. */
export function reportJsonText(report: ValidationReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`
}
