/**
 * The eval sets Chorus ships (written for Chorus): `scenarios` (five shapes of text) and `categories` (ten categories
 * of ten prompts), each item with the text to synthesize and its expected spoken reference. A path to a JSON file of
 * the same shape loads a user's own set.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ChorusError } from '../../errors.js'
import { describeZodIssues } from '../../util/zod-issues.js'

const evalItemSchema = z
  .object({
    id: z.string().min(1),
    category: z.string().min(1),
    text: z.string().min(1),
    /** What a listener should hear, in words. */
    reference: z.string().min(1),
  })
  .strict()

const evalSetSchema = z
  .object({ name: z.string().min(1), description: z.string().default(''), items: z.array(evalItemSchema).min(1) })
  .strict()

export type EvalItem = z.infer<typeof evalItemSchema>
export type EvalSet = z.infer<typeof evalSetSchema>

/** Sets shipped with Chorus, by name; the JSON stays in src/ (compiled code reads it from there). */
export const BUILT_IN_EVAL_SETS = {
  scenarios: 'scenarios.json',
  categories: 'categories.json',
} as const

const SETS_DIR = new URL('../../../../src/lab/eval-sets/', import.meta.url)

export async function loadEvalSet(nameOrPath: string): Promise<EvalSet> {
  const file = Object.hasOwn(BUILT_IN_EVAL_SETS, nameOrPath)
    ? new URL(BUILT_IN_EVAL_SETS[nameOrPath as keyof typeof BUILT_IN_EVAL_SETS], SETS_DIR)
    : nameOrPath
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ChorusError('CHORUS_ERR_CLI_USAGE', {
      reason: `eval set ${nameOrPath}: not a built-in set (${Object.keys(BUILT_IN_EVAL_SETS).join(', ')}) and not a readable JSON file (${(error as Error).message})`,
    })
  }
  const parsed = evalSetSchema.safeParse(raw)
  if (!parsed.success) {
    throw new ChorusError('CHORUS_ERR_CLI_USAGE', {
      reason: `eval set ${nameOrPath}: ${describeZodIssues(parsed.error)}`,
    })
  }
  const ids = new Set<string>()
  for (const item of parsed.data.items) {
    if (ids.has(item.id))
      throw new ChorusError('CHORUS_ERR_CLI_USAGE', { reason: `eval set ${nameOrPath}: duplicate id ${item.id}` })
    ids.add(item.id)
  }
  return parsed.data
}
