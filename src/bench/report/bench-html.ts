/**
 * report.html of a bench run: one self-contained page (inline CSS, inline SVG, no script) with the verdict, headline
 * cards, a latency histogram, latency CDFs per step, a TTFA histogram, throughput against concurrency (and against
 * instances when those were compared), the step and scaling tables and the errors by kind. Rendered from the
 * BenchResult bench.json holds.
 */
import { escapeHtml, histogram } from '../../lab/reports/svg-charts.js'
import { ERROR_KIND_NAMES } from '../error-kinds.js'
import type { BenchResult } from '../run-bench.js'
import { criterionValue, fixed, ms, percent } from './bench-format.js'
import { SCALING_HEADERS, scalingCells, STEP_HEADERS, stepCells } from './bench-tables.js'
import { cdfPoints, lineChart, type LineSeries } from './line-chart.js'

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:#5b6573}.pass{color:#19733b}.fail{color:#b42318}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:20px}.card span{color:#5b6573;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:14px}.chart{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px}
.chart .title{font-weight:600;font-size:12px}.chart .label,.chart .value{font-size:11px;fill:#3b4450}
.chart .bar{fill:#4b7bd1}.chart .threshold{stroke:#d9534f;stroke-dasharray:3 2}.chart .axis{stroke:#8a94a1}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border:1px solid #dde1e6;padding:4px 7px;text-align:left;vertical-align:top}th{background:#eef1f5}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
`

const h = escapeHtml

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    `<table><thead><tr>${head.map((cell) => `<th>${h(cell)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  )
}

const card = (label: string, value: string): string =>
  `<div class="card"><b>${h(value)}</b><span>${h(label)}</span></div>`

function charts(result: BenchResult): string {
  const ok = result.request_log.filter((record) => record.ok)
  const latencyLimit = result.slos.find((slo) => slo.name === 'latency' || slo.name === 'p95')?.threshold
  const ttfaLimit = result.slos.find((slo) => slo.name === 'ttfa' || slo.name === 'ttfa_p95')?.threshold
  const parts = [
    histogram({
      title: 'Latency (successful requests)',
      values: ok.map((record) => record.latency_ms),
      format: ms,
      ...(latencyLimit !== undefined ? { threshold: latencyLimit } : {}),
    }),
  ]
  const cdfSeries: LineSeries[] = result.steps.map((step) => ({
    label: step.label,
    points: cdfPoints(ok.filter((record) => record.step === step.index).map((record) => record.latency_ms)),
  }))
  parts.push(
    lineChart({
      title: 'Latency CDF',
      series: cdfSeries,
      formatX: ms,
      formatY: (y) => percent(y, 0),
      stepped: true,
      xLabel: 'latency',
    }),
  )
  const ttfa = ok.map((record) => record.ttfa_ms).filter((value): value is number => value !== null)
  if (ttfa.length > 0) {
    parts.push(
      histogram({
        title: result.chat ? 'Time to first token' : 'Time to first audio (first decodable sample)',
        values: ttfa,
        format: ms,
        ...(ttfaLimit !== undefined ? { threshold: ttfaLimit } : {}),
      }),
    )
  }
  const byInstances = [...new Set(result.steps.map((step) => step.instances))]
  const closed = result.steps.filter((step) => step.concurrency !== null)
  if (closed.length > 0) {
    parts.push(
      lineChart({
        title: 'Throughput vs concurrency',
        series: byInstances.map((instances) => ({
          label: `${instances} instance${instances === 1 ? '' : 's'}`,
          points: closed
            .filter((step) => step.instances === instances)
            .map((step) => ({ x: step.concurrency!, y: step.throughput_rps })),
        })),
        formatX: (x) => String(Math.round(x)),
        formatY: (y) => `${y.toFixed(1)}/s`,
        xLabel: 'concurrency',
        yLabel: 'req/s',
      }),
    )
  }
  if (result.scaling) {
    const loads = [...new Set(result.scaling.map((row) => row.load))]
    parts.push(
      lineChart({
        title: 'Throughput vs instances',
        series: loads.map((load) => ({
          label: load,
          points: result
            .scaling!.filter((row) => row.load === load)
            .map((row) => ({ x: row.instances, y: row.throughput_rps })),
        })),
        formatX: (x) => String(Math.round(x)),
        formatY: (y) => `${y.toFixed(1)}/s`,
        xLabel: 'instances',
        yLabel: 'req/s',
      }),
    )
  }
  return `<div class="charts">${parts.join('')}</div>`
}

export function benchHtml(result: BenchResult): string {
  const target = result.target
  const where = target.mode === 'in-process' ? `backend ${target.backend} (in-process)` : target.endpoints.join(', ')
  const verdict = result.verdict
    ? `<h2>SLO verdict: <span class="${result.verdict.verdict}">${h(result.verdict.verdict.toUpperCase())}</span></h2>` +
      table(
        ['objective', 'measured', 'limit', 'pass'],
        result.verdict.criteria.map((item) => [
          `<code>${h(item.name)}</code>`,
          h(criterionValue(item, item.value)),
          h(`${item.bound === 'max' ? '≤' : '≥'} ${criterionValue(item, item.threshold)}`),
          item.pass ? '<span class="pass">yes</span>' : '<span class="fail">no</span>',
        ]),
      )
    : ''
  const cards = [
    card('requests', `${result.ok}/${result.requests} ok`),
    card('throughput', `${fixed(result.throughput_rps)}/s`),
    card('latency p50', ms(result.latency_ms.p50)),
    card('latency p95', ms(result.latency_ms.p95)),
    card('latency p99', ms(result.latency_ms.p99)),
    ...(result.ttfa_ms.count > 0
      ? [
          card(result.chat ? 'TTFT p50' : 'TTFA p50', ms(result.ttfa_ms.p50)),
          card(result.chat ? 'TTFT p95' : 'TTFA p95', ms(result.ttfa_ms.p95)),
        ]
      : []),
    ...(result.rtf !== null ? [card('real-time factor', fixed(result.rtf, 3))] : []),
    ...(result.audio_seconds_per_second !== null ? [card('audio s / s', fixed(result.audio_seconds_per_second))] : []),
    card('error rate', percent(result.error_rate, 2)),
    card('goodput', `${fixed(result.goodput.rps)}/s (${percent(result.goodput.fraction)})`),
    ...(result.chat
      ? [
          card('decode tokens/s p50', fixed(result.chat.tokens_per_second.p50, 1)),
          card('reasoning leaks', String(result.chat.reasoning_leaks)),
          card('contract failures', `${result.chat.contract_failures}/${result.chat.contract_checked}`),
        ]
      : []),
  ]
  const steps = table(
    [...STEP_HEADERS, 'error rate', 'goodput', 'stopped by'],
    result.steps.map((step) => [...stepCells(step), step.stopped_by].map(h)),
  )
  const scaling = result.scaling
    ? '<h2>Scaling over instances</h2>' +
      table(
        SCALING_HEADERS,
        result.scaling.map((row) => scalingCells(row).map(h)),
      )
    : ''
  const errors =
    result.failed > 0
      ? '<h2>Errors by kind</h2>' +
        table(
          ['kind', 'count'],
          ERROR_KIND_NAMES.filter((kind) => result.errors[kind] > 0).map((kind) => [
            `<code>${kind}</code>`,
            String(result.errors[kind]),
          ]),
        ) +
        `<ul>${result.error_samples.map((sample) => `<li><code>${h(sample.kind)}</code> ×${sample.count}: ${h(sample.message)}</li>`).join('')}</ul>`
      : ''
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>chorus bench — ${h(target.kind)}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>chorus bench — ${h(target.kind)}</h1>` +
    `<div class="meta">${h(where)}${target.voice ? ` · voice ${h(target.voice)}` : ''}${target.model ? ` · model ${h(target.model)}` : ''} · ${result.prompts.count} prompts · ${h(result.started_at)}${result.interrupted ? ' · <b>interrupted</b>' : ''}</div>` +
    verdict +
    `<div class="cards">${cards.join('')}</div>` +
    charts(result) +
    '<h2>Steps</h2>' +
    steps +
    scaling +
    errors +
    `<p class="meta">Percentiles: ${h(result.percentile_method)}. Latency and TTFA are over successful requests only; TTFA is timed at the first decodable audio sample.</p>` +
    '</main></body></html>\n'
  )
}
