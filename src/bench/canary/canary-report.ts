/**
 * How canary outcomes read: a plain-text summary for the terminal, SUMMARY.md and canary.json for `--out`, and the
 * drift-over-time listing of stored canary results. Pure formatting, apart from the one function that writes files.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Baseline, CanaryResult, JsonValue } from '../../store/result-store.js'
import type { Criterion } from '../verdict.js'
import type { CanaryMetrics, SideMetrics } from './canary-metrics.js'
import type { BackendState, CanaryEnvironment, EnvironmentChange } from './environment.js'
import type { BaselineReport, CanaryReport } from './run-canary.js'

/** `2026-05-01T12:03:04.567Z` → `2026-05-01 12:03:04Z`. */
export const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')

const value = (number: number | null | undefined): string =>
  number === null || number === undefined ? 'unmeasured' : Number(number.toFixed(4)).toString()

/** Hashes shortened to 12 hex digits; other values as JSON. */
function shown(item: JsonValue): string {
  if (typeof item === 'string') return /^sha256:[0-9a-f]{64}$/.test(item) ? `${item.slice(0, 19)}…` : item
  return item === null ? '(none)' : JSON.stringify(item)
}

const fixed = (number: number | null | undefined, digits: number): string =>
  number === null || number === undefined ? '–' : number.toFixed(digits)

const percent = (fraction: number | null | undefined): string =>
  fraction === null || fraction === undefined ? '–' : `${(100 * fraction).toFixed(1)}%`

/** The figures of one side, as a short phrase. */
function sideFigures(side: SideMetrics): string {
  return [
    `${side.requests} requests`,
    `errors ${percent(side.error_rate)}`,
    ...(side.latency_p95_ms === undefined ? [] : [`p95 ${fixed(side.latency_p95_ms, 0)} ms`]),
    ...(side.wer === undefined ? [] : [`WER ${percent(side.wer)}`]),
    ...(side.clipping_percent === undefined ? [] : [`clipping ${fixed(side.clipping_percent, 3)}%`]),
    `${side.prompts_with_audio} prompts with audio`,
  ].join(', ')
}

function metricsLines(metrics: CanaryMetrics): string[] {
  const sides = Object.entries(metrics.sides)
  const lines = sides.map(([name, side]) => (sides.length > 1 ? `side ${name}: ` : '') + sideFigures(side))
  if (metrics.ab_similarity !== undefined) lines.push(`A–B similarity ${value(metrics.ab_similarity)}`)
  return lines
}

const backendLine = ([key, state]: [string, BackendState]): string =>
  `${key} ${state.health}${state.version ? ` (version ${state.version})` : ''}${state.kind ? ` [${state.kind}]` : ''}`

function environmentLine(environment: CanaryEnvironment): string {
  const backends = Object.entries(environment.backends).map(backendLine)
  return (
    `chorus ${environment.chorus_version} · node ${environment.node_version} · config ${shown(environment.config_hash)}` +
    (backends.length > 0 ? ` · ${backends.join('; ')}` : '')
  )
}

const criterionLine = (item: Criterion): string =>
  `  ${item.pass ? 'pass' : 'FAIL'}  ${item.name.padEnd(20)} ${value(item.value).padStart(10)} ${item.bound === 'max' ? '≤' : '≥'} ${String(item.threshold).padEnd(6)} ${item.detail ?? ''}`.trimEnd()

const changeLine = (change: EnvironmentChange): string =>
  `  ${change.field}: ${shown(change.baseline)} → ${shown(change.current)}`

export function formatBaselineSummary(report: BaselineReport, store: string): string {
  const prompts = Object.values(report.prompts).reduce((sum, count) => sum + count, 0)
  return [
    `baseline ${report.name} saved (${report.kind} spec, run ${report.run_id}, ${shortTime(report.saved_at)})`,
    ...metricsLines(report.metrics).map((line) => `  ${line}`),
    `  ${prompts} speaker embeddings (${report.embedder})`,
    `environment: ${environmentLine(report.environment)}`,
    `store: ${store}`,
    '',
  ].join('\n')
}

export function formatCanarySummary(report: CanaryReport, store: string): string {
  const lines = [
    `canary ${report.name} (${report.kind} spec): ${report.verdict === 'ok' ? 'ok' : 'DRIFT'} — against the baseline of ${shortTime(report.baseline.saved_at)} (run ${report.baseline.run_id})`,
    ...report.criteria.map(criterionLine),
  ]
  if (report.criteria.length === 0) lines.push('  no drift gate applies to what this spec measures')
  if (report.verdict === 'drift') {
    lines.push(
      report.changes.length > 0
        ? 'what may explain drift (changed since the baseline):'
        : 'what may explain drift: nothing recorded changed since the baseline (Chorus, configuration, spec, backend versions)',
    )
  } else if (report.changes.length > 0) lines.push('changed since the baseline (no drift):')
  lines.push(...report.changes.map(changeLine))
  lines.push(`now: ${metricsLines(report.current.metrics).join('; ')}`)
  lines.push(`was: ${metricsLines(report.baseline.metrics).join('; ')}`)
  lines.push(`store: ${store} (run ${report.run_id}, canary result ${report.canary_result_id})`, '')
  return lines.join('\n')
}

const cell = (text: string): string => text.replace(/\|/g, '\\|')

export function canaryMarkdown(report: CanaryReport): string {
  const lines = [
    `# Canary \`${report.name}\`: ${report.verdict}`,
    '',
    `${report.kind} spec · baseline run ${report.baseline.run_id} of ${shortTime(report.baseline.saved_at)} · ` +
      `this run ${report.run_id} (canary result ${report.canary_result_id})`,
    '',
    '| gate | value | threshold | result | detail |',
    '|---|---|---|---|---|',
    ...report.criteria.map(
      (item) =>
        `| ${item.name} | ${value(item.value)} | ${item.bound === 'max' ? '≤' : '≥'} ${item.threshold} | ${item.pass ? 'pass' : '**FAIL**'} | ${cell(item.detail ?? '')} |`,
    ),
    '',
    report.verdict === 'drift' ? '## What may explain drift' : '## Changed since the baseline',
    '',
  ]
  if (report.changes.length === 0)
    lines.push('Nothing recorded changed: Chorus, configuration, spec and backend versions are as at the baseline.')
  else {
    lines.push('| field | baseline | now |', '|---|---|---|')
    for (const change of report.changes)
      lines.push(`| ${cell(change.field)} | ${cell(shown(change.baseline))} | ${cell(shown(change.current))} |`)
  }
  lines.push(
    '',
    '## Figures',
    '',
    `- now: ${metricsLines(report.current.metrics).join('; ')}`,
    `- baseline: ${metricsLines(report.baseline.metrics).join('; ')}`,
    `- environment now: ${environmentLine(report.current.environment)}`,
    '',
  )
  return lines.join('\n')
}

/** Writes canary.json (the verdict JSON with its details) and SUMMARY.md into `dir`. */
export async function writeCanaryReports(
  dir: string,
  report: CanaryReport,
): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true })
  const json = join(dir, 'canary.json')
  const markdown = join(dir, 'SUMMARY.md')
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(markdown, canaryMarkdown(report))
  return { json, markdown }
}

/** One line per stored canary result, newest first: when, which baseline, verdict, each gate's value. */
export function formatHistory(results: readonly CanaryResult[]): string {
  if (results.length === 0) return 'No canary results yet.\n'
  const width = Math.max(8, ...results.map((result) => result.baseline_name.length))
  const lines = results.map((result) => {
    const criteria = (result.criteria as unknown as Criterion[])
      .map(
        (item) =>
          `${item.name}=${value(item.value)}${item.pass ? '' : ` (FAIL, ${item.bound === 'max' ? '>' : '<'} ${item.threshold})`}`,
      )
      .join('  ')
    const changes = result.changes as unknown as EnvironmentChange[]
    const changed = changes.length > 0 ? `  changed: ${changes.map((change) => change.field).join(', ')}` : ''
    return `${shortTime(result.created_at)}  ${result.baseline_name.padEnd(width)}  ${result.verdict.padEnd(5)}  ${criteria}${changed}`
  })
  return `${['date'.padEnd(21), 'baseline'.padEnd(width), 'verdict', 'gates'].join('  ')}\n${lines.join('\n')}\n`
}

export function formatBaselines(baselines: readonly Baseline[]): string {
  if (baselines.length === 0) return 'No canary baselines yet; save one with `chorus canary baseline <spec.json>`.\n'
  const width = Math.max(8, ...baselines.map((baseline) => baseline.name.length))
  return (
    `${'name'.padEnd(width)}  kind     saved                 run\n` +
    baselines
      .map(
        (baseline) =>
          `${baseline.name.padEnd(width)}  ${baseline.kind.padEnd(7)}  ${shortTime(baseline.updated_at)}  ${baseline.run_id}`,
      )
      .join('\n') +
    '\n'
  )
}
