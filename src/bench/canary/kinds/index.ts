/**
 * The spec kinds a canary can re-run, one entry each. A spec file names its kind with a `kind` field; bench and
 * compare specs, which have none, are recognized by their shape (a `target` and a `load`; sides `a` and `b`).
 */
import { ChorusError } from '../../../errors.js'
import type { AnyCanaryKind } from '../canary-kind.js'
import { benchKind } from './bench.js'
import { compareKind } from './compare.js'
import { evalKind } from './eval.js'

export const canaryKinds: Readonly<Record<string, AnyCanaryKind>> = {
  bench: benchKind,
  compare: compareKind,
  eval: evalKind,
}

export const CANARY_KIND_NAMES = Object.keys(canaryKinds)

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

export function canaryKind(kind: string): AnyCanaryKind {
  const entry = Object.hasOwn(canaryKinds, kind) ? canaryKinds[kind] : undefined
  if (!entry) throw usage(`the canary cannot run \`${kind}\` specs; it runs ${CANARY_KIND_NAMES.join(', ')} specs`)
  return entry
}

/** The kind of a spec as read from a file: its `kind` field, else the one kind whose shape it has. */
export function kindOfSpec(raw: unknown, source: string): AnyCanaryKind {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw usage(`${source}: a spec is a JSON object (as chorus ${CANARY_KIND_NAMES.join('/')} write it)`)
  const record = raw as Record<string, unknown>
  if (typeof record.kind === 'string') return canaryKind(record.kind)
  const matches = Object.values(canaryKinds).filter((entry) => entry.recognizes(record))
  if (matches.length === 1) return matches[0]!
  throw usage(
    `${source}: cannot tell which kind of spec this is; add "kind": one of ${CANARY_KIND_NAMES.map((name) => `"${name}"`).join(', ')}`,
  )
}
