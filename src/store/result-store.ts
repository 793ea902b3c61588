/**
 * The ResultStore contract: where the quality lab keeps what it measured. Five record kinds:
 * - runs (one `chorus validate|eval|bench|compare|canary` invocation: its spec, config hash, outcome and summary);
 * - audio results, keyed by `(file_hash, dataset)`: the same audio scored again updates its row (and records the
 *   latest run) instead of adding one, so a re-run validation never duplicates;
 * - listening-test ratings (1–5) of an audio result;
 * - canary baselines, keyed by name: what a saved spec measured once (metrics, per-prompt speaker embeddings, the
 *   environment), which later canary runs are held to; saving a name again replaces it;
 * - canary results: one per canary run, its verdict against the baseline, so drift over time can be listed.
 *
 * Field names are snake_case on purpose: they are the column names and the keys of report JSON. Timestamps are ISO
 * 8601 strings in UTC; JSON fields come back exactly as given. Implementations (`sqlite/`, `postgres/`) all pass
 * `test/contracts/result-store.contract.ts`; open one with `openResultStore(url)`.
 */

/** Any value JSON can carry; stores reject anything else (undefined, NaN, Date, bigint) instead of losing it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export const RUN_KINDS = ['validate', 'eval', 'bench', 'compare', 'canary'] as const
export type RunKind = (typeof RUN_KINDS)[number]

/** `running` from `createRun` until `finishRun` sets one of the others. */
export const RUN_STATUSES = ['running', 'passed', 'failed', 'error', 'cancelled'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]
export type FinishedRunStatus = Exclude<RunStatus, 'running'>

export interface NewRun {
  readonly kind: RunKind
  readonly name?: string | null
  /** What was asked for (the validate/eval spec), as given. */
  readonly spec: JsonValue
  /** Hash of the effective configuration, to tell runs of the same config apart from others. */
  readonly config_hash?: string | null
  readonly chorus_version: string
}

export interface RunOutcome {
  readonly status: FinishedRunStatus
  readonly summary: JsonValue
}

export interface RunRecord {
  readonly id: number
  readonly kind: RunKind
  readonly name: string | null
  readonly spec: JsonValue
  readonly config_hash: string | null
  readonly chorus_version: string
  readonly status: RunStatus
  /** `null` until the run is finished. */
  readonly summary: JsonValue
  readonly started_at: string
  readonly finished_at: string | null
}

export interface RunFilter {
  readonly kind?: RunKind
  /** Runs started at or after this instant (ISO string or Date). */
  readonly since?: string | Date
  readonly limit?: number
}

export interface AudioResultInput {
  /** Content hash of the audio file (e.g. SHA-256 hex); with `dataset`, the key. */
  readonly file_hash: string
  readonly dataset: string
  readonly run_id: number
  readonly item_id: string
  readonly backend?: string | null
  readonly voice?: string | null
  /** The text that was spoken. */
  readonly text: string
  /** Word error rate of the ASR round trip (0 is perfect; may exceed 1). */
  readonly wer: number
  readonly pass: boolean
  readonly gates: JsonValue
  readonly metrics: JsonValue
  readonly words: JsonValue
  readonly audio_path?: string | null
}

export interface AudioResult {
  readonly file_hash: string
  readonly dataset: string
  /** The latest run that scored this audio. */
  readonly run_id: number
  readonly item_id: string
  readonly backend: string | null
  readonly voice: string | null
  readonly text: string
  readonly wer: number
  readonly pass: boolean
  readonly gates: JsonValue
  readonly metrics: JsonValue
  readonly words: JsonValue
  readonly audio_path: string | null
  /** When this (file_hash, dataset) was first stored. */
  readonly created_at: string
  /** When it was last upserted. */
  readonly updated_at: string
}

/** Listing order is `dataset, item_id, file_hash` (byte order), which upserts never change, so paging is stable. */
export interface AudioResultFilter {
  readonly dataset?: string
  readonly run_id?: number
  readonly pass?: boolean
  readonly backend?: string
  readonly voice?: string
  readonly limit?: number
  readonly offset?: number
}

export interface RatingInput {
  readonly file_hash: string
  readonly dataset: string
  readonly rater: string
  /** Integer from 1 (bad) to 5 (excellent), as in a MOS listening test. */
  readonly score: number
  readonly comment?: string | null
}

export interface Rating {
  readonly id: number
  readonly file_hash: string
  readonly dataset: string
  readonly rater: string
  readonly score: number
  readonly comment: string | null
  readonly created_at: string
}

/** Listing order is oldest first. */
export interface RatingFilter {
  readonly file_hash?: string
  readonly dataset?: string
  readonly rater?: string
  readonly limit?: number
  readonly offset?: number
}

export const CANARY_VERDICTS = ['ok', 'drift'] as const
export type CanaryVerdict = (typeof CANARY_VERDICTS)[number]

export interface BaselineInput {
  /** The key: letters, digits and `._-`, 1–128 characters. */
  readonly name: string
  /** What kind of spec was run (`bench`, `compare`, `eval`). */
  readonly kind: RunKind
  /** The run that measured it. */
  readonly run_id: number
  /** The spec as run; a canary re-runs exactly this. */
  readonly spec: JsonValue
  readonly metrics: JsonValue
  /** Per-prompt speaker embeddings (vectors, never audio), with the embedder that made them. */
  readonly embeddings: JsonValue
  /** Chorus version, config hash, backend versions … at the time of the run. */
  readonly environment: JsonValue
}

/** A stored baseline: what was saved, and when. */
export interface Baseline extends BaselineInput {
  /** When a baseline of this name was first saved. */
  readonly created_at: string
  /** When this version of it was saved. */
  readonly updated_at: string
}

export interface CanaryResultInput {
  readonly baseline_name: string
  /** The baseline's `run_id` when it was compared: says which version of a replaced baseline this result is against. */
  readonly baseline_run_id: number
  /** The canary's own run. */
  readonly run_id: number
  readonly verdict: CanaryVerdict
  /** The verdict's criteria `[{ name, value, threshold, pass … }]`. */
  readonly criteria: JsonValue
  readonly metrics: JsonValue
  readonly environment: JsonValue
  /** Environment fields that differ from the baseline's ("what may explain drift"). */
  readonly changes: JsonValue
}

/** A stored canary result: what was added, its id and when. */
export interface CanaryResult extends CanaryResultInput {
  readonly id: number
  readonly created_at: string
}

/** Listing order is newest first. */
export interface CanaryResultFilter {
  readonly baseline_name?: string
  readonly verdict?: CanaryVerdict
  /** Results stored at or after this instant (ISO string or Date). */
  readonly since?: string | Date
  readonly limit?: number
}

/**
 * Errors are coded: invalid input → `CHORUS_ERR_INVALID_PARAM` (with `param`), unknown run →
 * `CHORUS_ERR_RUN_NOT_FOUND`, rating an unknown result → `CHORUS_ERR_AUDIO_RESULT_NOT_FOUND`, a canary result for an
 * unknown baseline → `CHORUS_ERR_BASELINE_NOT_FOUND`, database unreachable,
 * locked or closed → `CHORUS_ERR_STORE_UNAVAILABLE`.
 */
export interface ResultStore {
  /** `sqlite` or `postgres`. */
  readonly dialect: string
  /** Starts a run in status `running`; returns its id. */
  createRun(run: NewRun): Promise<number>
  /** Records the outcome; finishing again overwrites it. */
  finishRun(id: number, outcome: RunOutcome): Promise<RunRecord>
  getRun(id: number): Promise<RunRecord | undefined>
  /** Newest first. */
  listRuns(filter?: RunFilter): Promise<RunRecord[]>
  /** Inserts, or updates the row with the same `(file_hash, dataset)` (keeping its `created_at`). */
  upsertAudioResult(result: AudioResultInput): Promise<AudioResult>
  /** Several upserts in one transaction: all are stored or none. */
  upsertAudioResults(results: readonly AudioResultInput[]): Promise<AudioResult[]>
  getAudioResult(file_hash: string, dataset: string): Promise<AudioResult | undefined>
  listAudioResults(filter?: AudioResultFilter): Promise<AudioResult[]>
  addRating(rating: RatingInput): Promise<Rating>
  listRatings(filter?: RatingFilter): Promise<Rating[]>
  /** Inserts the named baseline, or replaces the one of that name (keeping its `created_at`). */
  saveBaseline(baseline: BaselineInput): Promise<Baseline>
  getBaseline(name: string): Promise<Baseline | undefined>
  /** Ordered by name. */
  listBaselines(): Promise<Baseline[]>
  addCanaryResult(result: CanaryResultInput): Promise<CanaryResult>
  listCanaryResults(filter?: CanaryResultFilter): Promise<CanaryResult[]>
  /** Releases the connection(s); idempotent. Later calls fail with `CHORUS_ERR_STORE_UNAVAILABLE`. */
  close(): Promise<void>
}
