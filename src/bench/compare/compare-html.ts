/**
 * report.html of a comparison: one self-contained page (inline CSS and SVG, audio as data URIs) with the verdict, the
 * criteria, bar charts of similarity per prompt and of each side's latency, and a row per prompt with A's and B's
 * clip side by side to listen to. Charts come from the lab's report writers (src/lab/reports/svg-charts.ts).
 */
import { barChart, escapeHtml as h } from '../../lab/reports/svg-charts.js'
import {
  criterionThreshold,
  criterionValue,
  fixed,
  milliseconds,
  percentage,
  targetText,
  times,
} from './compare-format.js'
import type { CompareResult, PromptRow } from './compare-result.js'
import { COMPARE_CRITERIA } from './criteria.js'
import type { SideName } from './side-spec.js'

export interface CompareHtmlOptions {
  /** The `src` of a prompt's player for one side (a data URI), or undefined for none. */
  readonly audioSource?: (side: SideName, promptId: string) => string | undefined
  /** Shown when some clips have no player. */
  readonly audioNote?: string
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:#5b6573}.pass{color:#19733b}.fail{color:#b42318;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:14px}.chart{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px}
.chart .title{font-weight:600;font-size:12px}.chart .label,.chart .value{font-size:11px;fill:#3b4450}
.chart .bar{fill:#4b7bd1}.chart .bar.alert{fill:#d9534f}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border:1px solid #dde1e6;padding:4px 7px;text-align:left;vertical-align:top}th{background:#eef1f5}
audio{width:220px;height:32px}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
`

function player(options: CompareHtmlOptions, side: SideName, row: PromptRow): string {
  const source = options.audioSource?.(side, row.id)
  return source ? `<audio controls preload="none" src="${source}"></audio>` : ''
}

function criteriaTable(result: CompareResult): string {
  const rows = result.criteria.map(
    (item) =>
      `<tr><td><code>${h(item.name)}</code></td><td>${h(criterionValue(item))}</td><td>${h(criterionThreshold(item))}</td>` +
      `<td class="${item.pass ? 'pass' : 'fail'}">${item.pass ? 'pass' : 'FAIL'}</td><td>${h(item.detail ?? '')}</td></tr>`,
  )
  const skipped = result.skipped_criteria.map(
    (name) =>
      `<tr><td><code>${h(name)}</code></td><td colspan="3">not judged (no ASR)</td><td>${h(COMPARE_CRITERIA[name].detail)}</td></tr>`,
  )
  return `<table><thead><tr><th>criterion</th><th>value</th><th>threshold</th><th>result</th><th>measured as</th></tr></thead><tbody>${[...rows, ...skipped].join('')}</tbody></table>`
}

function charts(result: CompareResult): string {
  const similarityThreshold =
    result.criteria.find((item) => item.name === 'mean_similarity')?.threshold ??
    COMPARE_CRITERIA.mean_similarity.threshold
  const { a, b } = result.sides
  return [
    barChart({
      title: `Speaker similarity A–B per prompt (threshold for the mean: ${similarityThreshold})`,
      bars: result.prompts.map((row) => ({
        label: row.id,
        value: row.similarity,
        alert: row.similarity === null || row.similarity < similarityThreshold,
      })),
      format: (value) => value.toFixed(3),
      max: 1,
    }),
    barChart({
      title: 'Latency (ms)',
      bars: [
        { label: 'A p50', value: a.latency_ms.count > 0 ? a.latency_ms.p50 : null },
        { label: 'B p50', value: b.latency_ms.count > 0 ? b.latency_ms.p50 : null },
        { label: 'A p95', value: a.latency_ms.count > 0 ? a.latency_ms.p95 : null },
        {
          label: 'B p95',
          value: b.latency_ms.count > 0 ? b.latency_ms.p95 : null,
          alert: result.criteria.some((item) => item.name === 'latency_ratio_p95' && !item.pass),
        },
      ],
      format: (value) => `${Math.round(value)}`,
    }),
  ].join('')
}

function promptTable(result: CompareResult, options: CompareHtmlOptions): string {
  const rows = result.prompts.map(
    (row) =>
      `<tr><td><code>${h(row.id)}</code><br>${h(row.text)}</td><td>${fixed(row.similarity)}</td><td>${times(row.duration_ratio)}</td>` +
      `<td>${percentage(row.wer_a)}<br><small>${h(row.transcript_a ?? '')}</small></td>` +
      `<td>${percentage(row.wer_b)}<br><small>${h(row.transcript_b ?? '')}</small></td>` +
      `<td>${player(options, 'a', row)}${h(row.errors_a.join('; '))}</td><td>${player(options, 'b', row)}${h(row.errors_b.join('; '))}</td></tr>`,
  )
  return (
    `<table><thead><tr><th>prompt</th><th>similarity</th><th>duration B/A</th><th>WER A</th><th>WER B</th><th>A</th><th>B</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  )
}

export function renderCompareHtml(result: CompareResult, options: CompareHtmlOptions = {}): string {
  const { a, b } = result.sides
  const side = (name: string, stats: typeof a): string =>
    `<tr><td><b>${name}</b></td><td><code>${h(stats.label)}</code><br><small>${h(targetText(stats).replace(/`/g, ''))}</small></td>` +
    `<td>${stats.requests} (${stats.errors} errors, ${percentage(stats.error_rate)})</td>` +
    `<td>${milliseconds(stats.latency_ms.p50)} / ${milliseconds(stats.latency_ms.p95)}</td>` +
    `<td>${milliseconds(stats.ttfa_ms.p50)} / ${milliseconds(stats.ttfa_ms.p95)}</td><td>${percentage(stats.wer)}</td></tr>`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chorus compare: ${h(result.verdict)}</title><style>${STYLE}</style></head><body><main>
<h1>chorus compare: <span class="${result.verdict === 'parity' ? 'pass' : 'fail'}">${result.verdict === 'parity' ? 'parity' : 'NOT parity'}</span></h1>
<p class="meta">${h(result.convention)}. ${result.pairs.measured} of ${result.pairs.planned} prompt pairs, ${result.elapsed_seconds.toFixed(1)} s, embedder <code>${h(result.embedder)}</code>, ASR ${h(result.asr?.join(', ') ?? 'off')}. ${h(result.started_at)}</p>
<h2>Criteria</h2>${criteriaTable(result)}
<h2>Sides</h2><table><thead><tr><th></th><th>side</th><th>requests</th><th>latency p50 / p95</th><th>TTFA p50 / p95</th><th>corpus WER</th></tr></thead><tbody>${side('A (reference)', a)}${side('B (candidate)', b)}</tbody></table>
<h2>Charts</h2><div class="charts">${charts(result)}</div>
<h2>Prompts</h2>${options.audioNote ? `<p class="meta">${h(options.audioNote)}</p>` : ''}${promptTable(result, options)}
</main></body></html>
`
}
