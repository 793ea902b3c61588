/**
 * What the canary kinds share in taking a spec from a file: dropping a `kind` field that a spec's own schema does not
 * have, and making every path in it absolute so that a spec stored as a baseline runs from any folder. Built-in eval
 * set names stay names.
 */
import { isAbsolute, resolve } from 'node:path'
import { BUILT_IN_EVAL_SETS } from '../../../lab/eval-sets/index.js'

/**
 * The spec less its `kind` field when that names `kind`: bench and compare specs have no such field, but a spec
 * file that says which it is is welcome all the same. Any other `kind` is left for the spec's own validation to refuse.
 */
export function withoutOwnKind(raw: unknown, kind: string): unknown {
  const { kind: given, ...rest } = (raw ?? {}) as Record<string, unknown>
  return given === kind ? rest : raw
}

/** `path` resolved against `cwd`, unless it is absolute already. */
export const anchorPath = (cwd: string, path: string): string => (isAbsolute(path) ? path : resolve(cwd, path))

/** An eval set: a built-in set's name as it is, a set file's path anchored. */
export const anchorSet = (cwd: string, set: string): string =>
  Object.hasOwn(BUILT_IN_EVAL_SETS, set) ? set : anchorPath(cwd, set)

type PromptSource = { readonly set: string } | { readonly file: string } | { readonly items: readonly unknown[] }

/** A spec's `prompts`: a prompt file or a set file anchored; built-in sets and inline items as they are. */
export function anchorPrompts<Prompts extends PromptSource>(cwd: string, prompts: Prompts): Prompts {
  if ('file' in prompts) return { file: anchorPath(cwd, prompts.file) } as Prompts
  if ('set' in prompts) return { set: anchorSet(cwd, prompts.set) } as Prompts
  return prompts
}
