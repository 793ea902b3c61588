/**
 * The seam between the canary and the runners it re-runs: one {@link CanaryKind} per spec kind (`bench`, `eval`,
 * `compare`), held in the table of ./kinds/index.ts. An entry knows how to validate its spec, make it runnable from
 * any folder, name the backends and configuration it reaches (for the environment record), run it keeping one clip
 * per prompt, and reduce its result to the figures drift is judged on.
 */
import type { BackendRef } from './environment.js'
import type { KindMeasurement } from './canary-metrics.js'

export const CANARY_SPEC_KINDS = ['bench', 'compare', 'eval'] as const
export type CanarySpecKind = (typeof CANARY_SPEC_KINDS)[number]

/** Progress of the run under way: requests (bench), takes (eval), per step or side. */
export interface CanaryProgress {
  readonly label: string
  readonly done: number
  readonly total: number
  readonly failed: number
}

export interface CanaryRunContext {
  readonly signal: AbortSignal
  /** A folder the run may write to (eval keeps its takes there). */
  readonly workDir: string
  readonly onProgress?: (progress: CanaryProgress) => void
  /** Sent with every request to a server the spec names (Authorization …); never stored with the spec. */
  readonly headers?: Readonly<Record<string, string>>
}

export interface CanaryKind<Spec, Result> {
  readonly kind: CanarySpecKind
  /** Validates a spec as read from JSON; throws a coded error naming the field. */
  parse(raw: unknown): Spec
  /** For spec files without a `kind` field: whether this one has this kind's shape. */
  recognizes(raw: Readonly<Record<string, unknown>>): boolean
  /** The spec with every file path in it made absolute against `cwd`, so a stored spec runs from any folder. */
  anchor(spec: Spec, cwd: string): Spec
  /** The configuration file the spec reads, when it names one. */
  configFile(spec: Spec): string | undefined
  /** The spec reading configuration `file` when it reads the configuration but names no file; else unchanged. */
  withConfig(spec: Spec, file: string): Spec
  /** The servers and configured backends the spec reaches. */
  backends(spec: Spec): Promise<BackendRef[]>
  /** Runs the spec keeping one clip per prompt; an interrupted run throws `CHORUS_ERR_ABORTED`. */
  run(spec: Spec, context: CanaryRunContext): Promise<Result>
  measure(result: Result): KindMeasurement
}

/** A table entry with its spec and result types erased (the table holds kinds of different types). */
export type AnyCanaryKind = CanaryKind<unknown, unknown>

export const defineCanaryKind = <Spec, Result>(kind: CanaryKind<Spec, Result>): AnyCanaryKind =>
  kind as unknown as AnyCanaryKind
