/**
 * How a table row becomes a store record, whatever the dialect: each record's columns with their {@link ColumnType},
 * in one table here, and each dialect says only how its driver hands back a value of each type (SQLite: JSON as
 * text, booleans as 0/1; PostgreSQL: jsonb parsed, timestamptz as a Date). The SQL stays in each dialect's store.
 */
import type { AudioResult, Baseline, CanaryResult, Rating, RunRecord } from './result-store.js'

/** `?`: the column may be NULL, and the record holds `null` then. */
export type ColumnType = 'number' | 'text' | 'text?' | 'json' | 'json?' | 'boolean' | 'timestamp' | 'timestamp?'

/** One dialect's reading of a driver's value of each column type into the value a record holds. */
export type ColumnDecoders = { readonly [Type in ColumnType]: (value: unknown) => unknown }

/** A row as a driver returns it from `SELECT *` or `RETURNING *`. */
export type Row = Readonly<Record<string, unknown>>

type Columns<Stored> = { readonly [Key in keyof Stored]-?: ColumnType }

const RUN_COLUMNS = {
  id: 'number',
  kind: 'text',
  name: 'text?',
  spec: 'json',
  config_hash: 'text?',
  chorus_version: 'text',
  status: 'text',
  summary: 'json?',
  started_at: 'timestamp',
  finished_at: 'timestamp?',
} as const satisfies Columns<RunRecord>

const AUDIO_RESULT_COLUMNS = {
  file_hash: 'text',
  dataset: 'text',
  run_id: 'number',
  item_id: 'text',
  backend: 'text?',
  voice: 'text?',
  text: 'text',
  wer: 'number',
  pass: 'boolean',
  gates: 'json',
  metrics: 'json',
  words: 'json',
  audio_path: 'text?',
  created_at: 'timestamp',
  updated_at: 'timestamp',
} as const satisfies Columns<AudioResult>

const RATING_COLUMNS = {
  id: 'number',
  file_hash: 'text',
  dataset: 'text',
  rater: 'text',
  score: 'number',
  comment: 'text?',
  created_at: 'timestamp',
} as const satisfies Columns<Rating>

const BASELINE_COLUMNS = {
  name: 'text',
  kind: 'text',
  run_id: 'number',
  spec: 'json',
  metrics: 'json',
  embeddings: 'json',
  environment: 'json',
  created_at: 'timestamp',
  updated_at: 'timestamp',
} as const satisfies Columns<Baseline>

const CANARY_RESULT_COLUMNS = {
  id: 'number',
  baseline_name: 'text',
  baseline_run_id: 'number',
  run_id: 'number',
  verdict: 'text',
  criteria: 'json',
  metrics: 'json',
  environment: 'json',
  changes: 'json',
  created_at: 'timestamp',
} as const satisfies Columns<CanaryResult>

export interface RowReaders {
  readonly toRunRecord: (row: Row) => RunRecord
  readonly toAudioResult: (row: Row) => AudioResult
  readonly toRating: (row: Row) => Rating
  readonly toBaseline: (row: Row) => Baseline
  readonly toCanaryResult: (row: Row) => CanaryResult
}

/** The record readers of a dialect whose driver returns values as `decoders` read them. */
export function rowReaders(decoders: ColumnDecoders): RowReaders {
  // The record types hold only checked values (kinds, statuses, verdicts were validated on the way in).
  const reader =
    <Stored>(columns: Columns<Stored>) =>
    (row: Row): Stored =>
      Object.fromEntries(
        Object.entries<ColumnType>(columns).map(([column, type]) => [column, decoders[type](row[column])]),
      ) as Stored
  return {
    toRunRecord: reader<RunRecord>(RUN_COLUMNS),
    toAudioResult: reader<AudioResult>(AUDIO_RESULT_COLUMNS),
    toRating: reader<Rating>(RATING_COLUMNS),
    toBaseline: reader<Baseline>(BASELINE_COLUMNS),
    toCanaryResult: reader<CanaryResult>(CANARY_RESULT_COLUMNS),
  }
}
