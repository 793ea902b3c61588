/** Rows as SQLite returns them (JSON as text, booleans as 0/1, timestamps as the ISO text stored) read into records. */
import type { JsonValue } from '../result-store.js'
import { rowReaders } from '../rows.js'

const asStored = (value: unknown): unknown => value
const parseJson = (value: unknown): JsonValue => JSON.parse(value as string) as JsonValue

export const { toRunRecord, toAudioResult, toRating, toBaseline, toCanaryResult } = rowReaders({
  number: asStored,
  text: asStored,
  'text?': asStored,
  json: parseJson,
  'json?': (value) => (value === null ? null : parseJson(value)),
  boolean: (value) => value === 1,
  timestamp: asStored,
  'timestamp?': asStored,
})
