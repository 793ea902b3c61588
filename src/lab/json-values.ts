/**
 * Lab results as plain JSON, the way report files and the results store keep them: keys in snake_case (they are
 * column names and report keys), and numbers JSON cannot carry — a silent clip's −Infinity dB, an undefined
 * spectral centroid's NaN, an instant clip's infinite speaking rate — as `null`, which `JSON.stringify` would
 * otherwise produce silently and the store rightly refuses.
 *
 * @example
 * toJsonValue({ edgeEndDb: -Infinity, rmsDbfs: -20.5 }) // { edge_end_db: null, rms_dbfs: -20.5 }
 */
import type { JsonValue } from '../store/result-store.js'

/** `leadingSilenceSeconds` → `leading_silence_seconds`; `edgeEndDb` → `edge_end_db`; snake_case stays as it is. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, (item) => toJsonValue(item))
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {}
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[snakeCase(key)] = toJsonValue(item)
    return out
  }
  return String(value)
}
