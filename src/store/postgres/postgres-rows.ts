/** Rows as `pg` returns them (jsonb parsed, timestamptz as Date, bigint as text) read into store records. */
import { rowReaders } from '../rows.js'

/** ISO string from a timestamptz, whether the pool's type parser gives a Date (pg's default) or text. */
const iso = (value: unknown): string => new Date(value as Date | string).toISOString()
const orNull =
  <T>(read: (value: unknown) => T) =>
  (value: unknown): T | null =>
    value === null || value === undefined ? null : read(value)

export const { toRunRecord, toAudioResult, toRating, toBaseline, toCanaryResult } = rowReaders({
  number: Number,
  text: String,
  'text?': orNull(String),
  json: (value) => value,
  'json?': (value) => value ?? null,
  boolean: (value) => value === true,
  timestamp: iso,
  'timestamp?': orNull(iso),
})
