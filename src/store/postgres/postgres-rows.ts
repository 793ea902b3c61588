/** Rows as `pg` returns them (jsonb parsed, timestamptz as Date) and their conversion to store records. */
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

type Row = Record<string, unknown>

/** ISO string from a timestamptz, whether the pool's type parser gives a Date (pg's default) or text. */
const iso = (value: unknown): string => new Date(value as Date | string).toISOString()
const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value))
const text = (value: unknown): string => String(value)
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

export const toRunRecord = (row: Row): RunRecord => ({
  id: Number(row.id),
  kind: row.kind as RunKind,
  name: textOrNull(row.name),
  spec: row.spec as JsonValue,
  config_hash: textOrNull(row.config_hash),
  chorus_version: text(row.chorus_version),
  status: row.status as RunStatus,
  summary: (row.summary ?? null) as JsonValue,
  started_at: iso(row.started_at),
  finished_at: isoOrNull(row.finished_at),
})

export const toAudioResult = (row: Row): AudioResult => ({
  file_hash: text(row.file_hash),
  dataset: text(row.dataset),
  run_id: Number(row.run_id),
  item_id: text(row.item_id),
  backend: textOrNull(row.backend),
  voice: textOrNull(row.voice),
  text: text(row.text),
  wer: Number(row.wer),
  pass: row.pass === true,
  gates: row.gates as JsonValue,
  metrics: row.metrics as JsonValue,
  words: row.words as JsonValue,
  audio_path: textOrNull(row.audio_path),
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
})

export const toRating = (row: Row): Rating => ({
  id: Number(row.id),
  file_hash: text(row.file_hash),
  dataset: text(row.dataset),
  rater: text(row.rater),
  score: Number(row.score),
  comment: textOrNull(row.comment),
  created_at: iso(row.created_at),
})

export const toBaseline = (row: Row): Baseline => ({
  name: text(row.name),
  kind: row.kind as RunKind,
  run_id: Number(row.run_id),
  spec: row.spec as JsonValue,
  metrics: row.metrics as JsonValue,
  embeddings: row.embeddings as JsonValue,
  environment: row.environment as JsonValue,
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
})

export const toCanaryResult = (row: Row): CanaryResult => ({
  id: Number(row.id),
  baseline_name: text(row.baseline_name),
  baseline_run_id: Number(row.baseline_run_id),
  run_id: Number(row.run_id),
  verdict: row.verdict as CanaryVerdict,
  criteria: row.criteria as JsonValue,
  metrics: row.metrics as JsonValue,
  environment: row.environment as JsonValue,
  changes: row.changes as JsonValue,
  created_at: iso(row.created_at),
})
