/**
 * An eval run's reports: the validation report (report.json, SUMMARY.md, report.html — the same documents
 * `chorus validate` writes, with the run kind `eval`) plus the eval section (matrix, every take) and spec.json, the
 * run's spec, so the run can be repeated from its report folder alone.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { toJsonValue } from '../json-values.js'
import { buildValidationReport, type ValidationReport } from '../reports/validation-report.js'
import { writeValidationReports, type WrittenReports } from '../reports/write-reports.js'
import type { EvalResult } from './run-eval.js'

export interface EvalReportOptions {
  readonly runId: string
  /** The store URL, password redacted; null when nothing was stored. */
  readonly store: string | null
  readonly concurrency: number
  readonly compact?: boolean
}

export function buildEvalReport(result: EvalResult, options: EvalReportOptions): ValidationReport {
  return buildValidationReport(result.validation, {
    ...options,
    thresholds: result.thresholds,
    eval: {
      spec: toJsonValue(result.spec),
      candidates: result.spec.candidates,
      keep_wavs: result.spec.keepWavs,
      matrix: result.matrix,
      cells: result.cells.map((cell) => ({
        id: cell.id,
        best: cell.best ?? null,
        takes: cell.takes.map((take) =>
          toJsonValue({
            take: take.take,
            speed: take.speed,
            seed: take.seed ?? null,
            pass: take.pass ?? false,
            wer: take.wer ?? null,
            gate_wer: take.gateWer ?? null,
            failed_gates: take.failedGates ?? [],
            error: take.error ?? null,
          }),
        ),
      })),
    },
  })
}

export async function writeEvalReports(
  dir: string,
  result: EvalResult,
  options: EvalReportOptions,
): Promise<WrittenReports & { spec: string }> {
  const written = await writeValidationReports(dir, buildEvalReport(result, options))
  const spec = join(dir, 'spec.json')
  await writeFile(spec, `${JSON.stringify(result.spec, null, 2)}\n`)
  return { ...written, spec }
}
