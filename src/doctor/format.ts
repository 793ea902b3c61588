/**
 * How a doctor report reads: an aligned table (backend, check, status, time, detail) with a one-line verdict under
 * it, and progress lines for `--wait`. `--json` prints the report record itself.
 */
import { reportRows, type DoctorReport } from './report.js'
import type { RoundReport } from './doctor.js'

const HEADER = ['backend', 'check', 'status', 'ms', 'detail'] as const
/** Columns aligned to the right (numbers). */
const RIGHT_ALIGNED: ReadonlySet<number> = new Set([3])

export function formatTable(report: RoundReport): string {
  const rows = reportRows(report).map(({ target, check }) => [
    target,
    check.name,
    check.status,
    String(check.ms),
    check.detail,
  ])
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === cells.length - 1
          ? cell
          : RIGHT_ALIGNED.has(column)
            ? cell.padStart(widths[column]!)
            : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd()
  return [line(HEADER), ...rows.map(line)].join('\n')
}

/** `backend check` of every failing row, e.g. `remote reachable, server ports`. */
export function failingChecks(report: RoundReport): string[] {
  return reportRows(report)
    .filter(({ check }) => check.status === 'fail')
    .map(({ target, check }) => `${target} ${check.name}`)
}

export function formatVerdict(report: DoctorReport): string {
  const rows = reportRows(report)
  const count = (status: string): number => rows.filter(({ check }) => check.status === status).length
  const after = report.rounds > 1 ? ` after ${report.rounds} rounds (${(report.elapsedMs / 1000).toFixed(1)} s)` : ''
  const skipped = count('skip') > 0 ? `, ${count('skip')} skipped` : ''
  if (report.ok) return `doctor: OK, ${count('pass')} checks passed${skipped}${after}`
  const failed = `${count('fail')} of ${rows.length} checks failed`
  return `doctor: FAILED, ${failed}${skipped}${after}: ${failingChecks(report).join(', ')}`
}

/** A `--wait` progress line for stderr. */
export function formatRetry(report: RoundReport, round: number, elapsedMs: number, intervalMs: number): string {
  const failing = failingChecks(report)
  const when = `round ${round} (${(elapsedMs / 1000).toFixed(1)} s)`
  return `doctor: ${when}: ${failing.length} failing (${failing.join(', ')}); retrying in ${intervalMs / 1000} s`
}
