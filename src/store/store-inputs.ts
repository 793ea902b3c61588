/**
 * Checks what callers hand a ResultStore, once, before any SQL runs, so every implementation rejects the same inputs
 * with the same `CHORUS_ERR_INVALID_PARAM` (naming the field), and turns them into the plain values the dialects
 * bind: `null` for absent optionals, JSON already serialized, instants as ISO strings.
 */
import { z } from 'zod'
import { closestKey } from '../config/suggest.js'
import { ChorusError } from '../errors.js'
import {
  CANARY_VERDICTS,
  RUN_KINDS,
  RUN_STATUSES,
  type AudioResultFilter,
  type BaselineInput,
  type CanaryResultFilter,
  type CanaryResultInput,
  type AudioResultInput,
  type FinishedRunStatus,
  type NewRun,
  type RatingFilter,
  type RatingInput,
  type RunFilter,
  type RunOutcome,
} from './result-store.js'

const key = z.string().min(1).max(512)
const label = z.string().max(512)
const id = z.number().int().min(1).max(2_147_483_647)
const limit = z.number().int().min(1).max(1_000_000)
const offset = z.number().int().min(0)
const instant = z.union([z.string(), z.date()]).transform((value, context) => {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: 'custom', message: 'expected an ISO 8601 date-time' })
    return z.NEVER
  }
  return date.toISOString()
})
/**
 * Where `value` stops being JSON, if anywhere: values JSON.stringify would drop or change (undefined, NaN, Date, Map,
 * class instances, cycles) are refused, so what a store gives back always deep-equals what it was given.
 */
function nonJsonAt(
  value: unknown,
  path: PropertyKey[],
  seen: Set<object>,
): { path: PropertyKey[]; message: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : { path, message: `${value} is not a JSON number` }
  if (typeof value !== 'object') return { path, message: `a ${typeof value} is not JSON` }
  if (seen.has(value)) return { path, message: 'a circular reference is not JSON' }
  const prototype = Object.getPrototypeOf(value) as unknown
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    const name = (value as object).constructor?.name ?? 'object'
    return { path, message: `a ${name} is not plain JSON${value instanceof Date ? '; store date.toISOString()' : ''}` }
  }
  seen.add(value)
  const entries: [PropertyKey, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value)
  for (const [key, item] of entries) {
    const problem = nonJsonAt(item, [...path, key], seen)
    if (problem) return problem
  }
  seen.delete(value)
  return undefined
}

const json = z
  .unknown()
  .superRefine((value, context) => {
    const problem = nonJsonAt(value, [], new Set())
    if (problem) context.addIssue({ code: 'custom', path: problem.path, message: problem.message })
  })
  .transform((value) => JSON.stringify(value))

const newRunSchema = z.strictObject({
  kind: z.enum(RUN_KINDS),
  name: label.nullish().transform((value) => value ?? null),
  spec: json,
  config_hash: label.nullish().transform((value) => value ?? null),
  chorus_version: z.string().min(1).max(128),
})

const finishedStatuses = RUN_STATUSES.filter((status): status is FinishedRunStatus => status !== 'running')
const outcomeSchema = z.strictObject({ status: z.enum(finishedStatuses), summary: json })

const runFilterSchema = z.strictObject({
  kind: z.enum(RUN_KINDS).optional(),
  since: instant.optional(),
  limit: limit.optional(),
})

const audioResultSchema = z.strictObject({
  file_hash: key,
  dataset: key,
  run_id: id,
  item_id: key,
  backend: label.nullish().transform((value) => value ?? null),
  voice: label.nullish().transform((value) => value ?? null),
  text: z.string(),
  wer: z.number().min(0),
  pass: z.boolean(),
  gates: json,
  metrics: json,
  words: json,
  audio_path: z
    .string()
    .max(4096)
    .nullish()
    .transform((value) => value ?? null),
})

const audioResultFilterSchema = z.strictObject({
  dataset: key.optional(),
  run_id: id.optional(),
  pass: z.boolean().optional(),
  backend: label.optional(),
  voice: label.optional(),
  limit: limit.optional(),
  offset: offset.optional(),
})

const ratingSchema = z.strictObject({
  file_hash: key,
  dataset: key,
  rater: z.string().min(1).max(256),
  score: z
    .number()
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be from 1 to 5')
    .max(5, 'must be from 1 to 5'),
  comment: z
    .string()
    .max(10_000)
    .nullish()
    .transform((value) => value ?? null),
})

const ratingFilterSchema = z.strictObject({
  file_hash: key.optional(),
  dataset: key.optional(),
  rater: z.string().min(1).optional(),
  limit: limit.optional(),
  offset: offset.optional(),
})

/** Baseline names end up in file names, URLs and shell commands, so they stay plain. */
const baselineName = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'use 1–128 letters, digits, `_`, `.` and `-`')

const baselineSchema = z.strictObject({
  name: baselineName,
  kind: z.enum(RUN_KINDS),
  run_id: id,
  spec: json,
  metrics: json,
  embeddings: json,
  environment: json,
})

const canaryResultSchema = z.strictObject({
  baseline_name: baselineName,
  baseline_run_id: id,
  run_id: id,
  verdict: z.enum(CANARY_VERDICTS),
  criteria: json,
  metrics: json,
  environment: json,
  changes: json,
})

const canaryResultFilterSchema = z.strictObject({
  baseline_name: baselineName.optional(),
  verdict: z.enum(CANARY_VERDICTS).optional(),
  since: instant.optional(),
  limit: limit.optional(),
})

function parse<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys[0]!
    const known = schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : []
    const suggestion = closestKey(unknown, known)
    const reason = `unknown key in ${what}${suggestion ? `; did you mean \`${suggestion}\`?` : ''} Known keys: ${known.join(', ')}.`
    throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param: unknown, reason })
  }
  const param = issue.path.length > 0 ? issue.path.join('.') : what
  throw new ChorusError('CHORUS_ERR_INVALID_PARAM', { param, reason: `${issue.message} (in ${what}).` })
}

export type CheckedNewRun = z.output<typeof newRunSchema>
export type CheckedRunOutcome = z.output<typeof outcomeSchema>
export type CheckedRunFilter = z.output<typeof runFilterSchema>
export type CheckedAudioResult = z.output<typeof audioResultSchema>
export type CheckedAudioResultFilter = z.output<typeof audioResultFilterSchema>
export type CheckedRating = z.output<typeof ratingSchema>
export type CheckedRatingFilter = z.output<typeof ratingFilterSchema>
export type CheckedBaseline = z.output<typeof baselineSchema>
export type CheckedCanaryResult = z.output<typeof canaryResultSchema>
export type CheckedCanaryResultFilter = z.output<typeof canaryResultFilterSchema>

export const checkNewRun = (run: NewRun): CheckedNewRun => parse(newRunSchema, run, 'run')
export const checkRunOutcome = (outcome: RunOutcome): CheckedRunOutcome => parse(outcomeSchema, outcome, 'run outcome')
export const checkRunId = (runId: number): number => parse(id, runId, 'run_id')
export const checkRunFilter = (filter: RunFilter = {}): CheckedRunFilter => parse(runFilterSchema, filter, 'run filter')
export const checkAudioResult = (result: AudioResultInput): CheckedAudioResult =>
  parse(audioResultSchema, result, 'audio result')
export const checkAudioResultKey = (fileHash: string, dataset: string): { file_hash: string; dataset: string } => ({
  file_hash: parse(key, fileHash, 'file_hash'),
  dataset: parse(key, dataset, 'dataset'),
})
export const checkAudioResultFilter = (filter: AudioResultFilter = {}): CheckedAudioResultFilter =>
  parse(audioResultFilterSchema, filter, 'audio result filter')
export const checkRating = (rating: RatingInput): CheckedRating => parse(ratingSchema, rating, 'rating')
export const checkRatingFilter = (filter: RatingFilter = {}): CheckedRatingFilter =>
  parse(ratingFilterSchema, filter, 'rating filter')
export const checkBaseline = (baseline: BaselineInput): CheckedBaseline => parse(baselineSchema, baseline, 'baseline')
export const checkBaselineName = (name: string): string => parse(baselineName, name, 'name')
export const checkCanaryResult = (result: CanaryResultInput): CheckedCanaryResult =>
  parse(canaryResultSchema, result, 'canary result')
export const checkCanaryResultFilter = (filter: CanaryResultFilter = {}): CheckedCanaryResultFilter =>
  parse(canaryResultFilterSchema, filter, 'canary result filter')

/** The instant a store stamps on a write, taken from this process's clock so every dialect agrees on the format. */
export const nowIso = (): string => new Date().toISOString()
