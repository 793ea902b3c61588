/**
 * The ResultStore contract: where the quality lab keeps what it measured. Three record kinds:
 * - runs (one `chorus validate|eval|bench|compare|canary` invocation: its spec, config hash, outcome and summary);
 * - audio results, keyed by `(file_hash, dataset)`: the same audio scored again updates its row (and records the
 *   latest run) instead of adding one, so a re-run validation never duplicates;
 * - listening-test ratings (1–5) of an audio result.
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

/**
 * Errors are coded: invalid input → `CHORUS_ERR_INVALID_PARAM` (with `param`), unknown run →
 * `CHORUS_ERR_RUN_NOT_FOUND`, rating an unknown result → `CHORUS_ERR_AUDIO_RESULT_NOT_FOUND`, database unreachable,
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
  /** Releases the connection(s); idempotent. Later calls fail with `CHORUS_ERR_STORE_UNAVAILABLE`. */
  close(): Promise<void>
}
