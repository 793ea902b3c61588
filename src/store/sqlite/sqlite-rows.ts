/** Rows as SQLite returns them (JSON as text, booleans as 0/1) and their conversion to store records. */
import type {
  AudioResult,
  Baseline,
  CanaryResult,
  CanaryVerdict,
  JsonValue,
  Rating,
  RunKind,
  RunRecord,
  RunStatus,
} from '../result-store.js'

export interface SqliteRunRow {
  id: number
  kind: string
  name: string | null
  spec: string
  config_hash: string | null
  chorus_version: string
  status: string
  summary: string | null
  started_at: string
  finished_at: string | null
}

export interface SqliteAudioResultRow {
  file_hash: string
  dataset: string
  run_id: number
  item_id: string
  backend: string | null
  voice: string | null
  text: string
  wer: number
  pass: number
  gates: string
  metrics: string
  words: string
  audio_path: string | null
  created_at: string
  updated_at: string
}

export interface SqliteRatingRow {
  id: number
  file_hash: string
  dataset: string
  rater: string
  score: number
  comment: string | null
  created_at: string
}

export interface SqliteBaselineRow {
  name: string
  kind: string
  run_id: number
  spec: string
  metrics: string
  embeddings: string
  environment: string
  created_at: string
  updated_at: string
}

export interface SqliteCanaryResultRow {
  id: number
  baseline_name: string
  baseline_run_id: number
  run_id: number
  verdict: string
  criteria: string
  metrics: string
  environment: string
  changes: string
  created_at: string
}

const parseJson = (text: string): JsonValue => JSON.parse(text) as JsonValue

export const toRunRecord = (row: SqliteRunRow): RunRecord => ({
  id: row.id,
  kind: row.kind as RunKind,
  name: row.name,
  spec: parseJson(row.spec),
  config_hash: row.config_hash,
  chorus_version: row.chorus_version,
  status: row.status as RunStatus,
  summary: row.summary === null ? null : parseJson(row.summary),
  started_at: row.started_at,
  finished_at: row.finished_at,
})

export const toAudioResult = (row: SqliteAudioResultRow): AudioResult => ({
  file_hash: row.file_hash,
  dataset: row.dataset,
  run_id: row.run_id,
  item_id: row.item_id,
  backend: row.backend,
  voice: row.voice,
  text: row.text,
  wer: row.wer,
  pass: row.pass === 1,
  gates: parseJson(row.gates),
  metrics: parseJson(row.metrics),
  words: parseJson(row.words),
  audio_path: row.audio_path,
  created_at: row.created_at,
  updated_at: row.updated_at,
})

export const toRating = (row: SqliteRatingRow): Rating => ({ ...row })

export const toBaseline = (row: SqliteBaselineRow): Baseline => ({
  name: row.name,
  kind: row.kind as RunKind,
  run_id: row.run_id,
  spec: parseJson(row.spec),
  metrics: parseJson(row.metrics),
  embeddings: parseJson(row.embeddings),
  environment: parseJson(row.environment),
  created_at: row.created_at,
  updated_at: row.updated_at,
})

export const toCanaryResult = (row: SqliteCanaryResultRow): CanaryResult => ({
  id: row.id,
  baseline_name: row.baseline_name,
  baseline_run_id: row.baseline_run_id,
  run_id: row.run_id,
  verdict: row.verdict as CanaryVerdict,
  criteria: parseJson(row.criteria),
  metrics: parseJson(row.metrics),
  environment: parseJson(row.environment),
  changes: parseJson(row.changes),
  created_at: row.created_at,
})
