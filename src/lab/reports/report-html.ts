/**
 * report.html: one self-contained page (inline CSS, a few lines of inline JS, SVG charts, audio as data URIs) that
 * opens from disk or as a CI artifact with nothing else beside it. It shows the verdict and totals, gate failures,
 * WER by category, backend, voice and ASR engine where the dataset says them, distributions of the metrics the gates
 * read (with the gate's limit marked), every failed item with an audio player, its gates and its word table, and a
 * sortable, filterable table of all items. Rendered from report.json's object (validation-report.ts).
 */
import { GATE_NAMES } from '../gates/index.js'
import type { GroupSummary } from '../validation-summary.js'
import {
  failureReason,
  gateDetailText,
  GATE_MEANINGS,
  matrixTable,
  percent,
  seconds,
  thresholdText,
  worstFirst,
} from './report-format.js'
import { barChart, escapeHtml, histogram, type Bar } from './svg-charts.js'
import type { ReportItem, ValidationReport } from './validation-report.js'

export interface HtmlReportOptions {
  /** The `src` of an item's audio player (a `data:audio/wav;base64,…` URI), or undefined for none. */
  readonly audioSource?: (item: ReportItem) => string | undefined
  /** Shown when some failures have no player (the embedding budget ran out). */
  readonly audioNote?: string
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}h3{font-size:15px;margin:0 0 6px}
.meta{color:#5b6573}.verdict.pass{color:#19733b}.verdict.fail{color:#b42318}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:20px}.card span{color:#5b6573;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:14px}.chart{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px}
.chart .title{font-weight:600;font-size:12px}.chart .label,.chart .value{font-size:11px;fill:#3b4450}
.chart .bar{fill:#4b7bd1}.chart .bar.alert{fill:#d9534f}.chart .threshold{stroke:#d9534f;stroke-dasharray:3 2}.chart .axis{stroke:#8a94a1}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border:1px solid #dde1e6;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}
tr.fail td:first-child{border-left:3px solid #d9534f}
.failure{background:#fff;border:1px solid #e7b4ae;border-radius:8px;padding:12px 14px;margin:12px 0}
.failure audio{width:100%;max-width:520px;margin:6px 0}
.gates td.fail{color:#b42318;font-weight:600}
.words{width:auto}.words td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.v-pass{color:#19733b}.v-tts_failure,.v-ambiguous{background:#fde8e6;color:#b42318;font-weight:600}
.v-stt_error{background:#fff4d6}.v-homophone,.v-compound,.v-spelling_variant,.v-abbreviation,.v-filler_word,.v-gt_error{background:#e8f0fe}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.controls{margin:8px 0;display:flex;gap:12px;align-items:center}
`

const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th,column){
    th.addEventListener('click',function(){
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),up=th.dataset.dir!=='asc';
      th.dataset.dir=up?'asc':'desc';
      rows.sort(function(a,b){
        var x=a.cells[column].dataset.sort||a.cells[column].textContent,y=b.cells[column].dataset.sort||b.cells[column].textContent;
        var nx=parseFloat(x),ny=parseFloat(y),r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
        return up?r:-r});
      rows.forEach(function(row){body.appendChild(row)})})})});
var filter=document.getElementById('filter'),onlyFailed=document.getElementById('only-failed');
function applyFilter(){var text=filter.value.toLowerCase();
  document.querySelectorAll('#items tbody tr').forEach(function(row){
    var show=row.textContent.toLowerCase().indexOf(text)>=0&&(!onlyFailed.checked||row.classList.contains('fail'));
    row.style.display=show?'':'none'})}
filter.addEventListener('input',applyFilter);onlyFailed.addEventListener('change',applyFilter);
`

const h = escapeHtml

function groupBars(groups: Readonly<Record<string, GroupSummary>>): Bar[] {
  return Object.entries(groups).map(([label, group]) => ({
    label,
    value: group.corpus_wer,
    note: `${group.failed}/${group.items} failed`,
    alert: group.failed > 0,
  }))
}

function charts(report: ValidationReport): string {
  const { summary } = report
  const out: string[] = [
    barChart({
      title: 'Items failing each gate',
      bars: GATE_NAMES.map((gate) => ({
        label: gate,
        value: summary.by_gate_failures[gate],
        alert: summary.by_gate_failures[gate] > 0,
      })),
      format: (value) => String(value),
      max: Math.max(1, summary.items),
    }),
  ]
  const groups: [string, Readonly<Record<string, GroupSummary>>][] = [
    ['category', summary.by_category],
    ['backend', summary.by_backend],
    ['voice', summary.by_voice],
  ]
  for (const [name, group] of groups) {
    if (Object.keys(group).length > 0)
      out.push(barChart({ title: `Corpus WER by ${name}`, bars: groupBars(group), format: (value) => percent(value) }))
  }
  if (summary.by_engine.length > 1) {
    out.push(
      barChart({
        title: 'Corpus WER by ASR engine',
        bars: summary.by_engine.map((engine) => ({ label: engine.engine, value: engine.corpus_wer })),
        format: (value) => percent(value),
      }),
    )
  }
  return out.join('')
}

function distributions(report: ValidationReport): string {
  const scored = report.items.filter((item) => item.metrics !== null)
  const metric = (key: string): number[] =>
    scored.flatMap((item) => {
      const value = item.metrics![key]
      return typeof value === 'number' ? [value] : []
    })
  const gateValue = (gate: 'speaking_rate'): number[] =>
    scored.flatMap((item) => {
      const value = item.gate_details[gate]?.value
      return typeof value === 'number' ? [value] : []
    })
  const thresholds = (report.run.thresholds ?? {}) as Record<string, number>
  const fixed =
    (digits: number, unit = '') =>
    (value: number) =>
      `${value.toFixed(digits)}${unit}`
  return [
    histogram({
      title: 'WER per item (first engine)',
      values: scored.map((item) => item.wer!),
      format: (value) => percent(value, 0),
    }),
    histogram({
      title: 'Gate WER per item (words blamed on the TTS)',
      values: scored.map((item) => item.gate_wer!),
      format: (value) => percent(value, 0),
      threshold: thresholds.asr_wer,
    }),
    histogram({ title: 'Duration', values: metric('duration_seconds'), format: fixed(1, ' s') }),
    histogram({ title: 'Loudness (RMS dBFS)', values: metric('rms_dbfs'), format: fixed(0, ' dB') }),
    histogram({
      title: 'Silent frames',
      values: metric('silence_percent'),
      format: fixed(0, '%'),
      threshold: thresholds.silence,
    }),
    histogram({
      title: 'Leading silence',
      values: metric('leading_silence_seconds'),
      format: fixed(2, ' s'),
      threshold: thresholds.leading_silence,
    }),
    histogram({
      title: 'Clipped samples',
      values: metric('clipping_percent'),
      format: fixed(2, '%'),
      threshold: thresholds.clipping,
    }),
    histogram({ title: 'Speaking rate (syllables/s)', values: gateValue('speaking_rate'), format: fixed(1) }),
    histogram({
      title: 'Last 30 ms vs clip (dB; high = cut off)',
      values: metric('edge_end_db'),
      format: fixed(0, ' dB'),
      threshold: thresholds.truncated_tail,
    }),
    histogram({
      title: 'Voice consistency (similarity to its group)',
      values: scored.flatMap((item) => (item.voice_consistency === null ? [] : [item.voice_consistency])),
      format: fixed(2),
    }),
  ].join('')
}

function wordTable(item: ReportItem): string {
  if (!item.words || item.words.length === 0) return ''
  const two = item.transcripts.length > 1
  const header = `<tr><th>reference</th><th>${h(item.transcripts[0]?.engine ?? 'heard')}</th>${two ? `<th>${h(item.transcripts[1]!.engine)}</th>` : ''}<th>verdict</th></tr>`
  const rows = item.words.map(
    (row) =>
      `<tr><td>${h(row.ref ?? '')}</td><td>${h(row.hyp ?? '')}</td>${two ? `<td>${h(row.hyp2 ?? '')}</td>` : ''}<td class="v-${row.verdict}">${row.verdict}</td></tr>`,
  )
  return `<details><summary>Word table</summary><table class="words">${header}${rows.join('')}</table></details>`
}

function failureCard(item: ReportItem, options: HtmlReportOptions): string {
  const source = options.audioSource?.(item)
  const player = source ? `<audio controls preload="none" src="${h(source)}"></audio>` : ''
  const transcripts = item.transcripts
    .map(
      (transcript) =>
        `<div><b>${h(transcript.engine)}</b> (WER ${percent(transcript.wer)}): ${h(transcript.text)}</div>`,
    )
    .join('')
  const gates = GATE_NAMES.filter((gate) => item.gate_details[gate])
    .map((gate) => {
      const detail = item.gate_details[gate]!
      return `<tr><td class="${detail.status}">${gate}</td><td class="${detail.status}">${detail.status}</td><td>${h(gateDetailText(item, gate))}</td></tr>`
    })
    .join('')
  const body = item.error
    ? `<p><code>${h(item.error.code)}</code> ${h(item.error.message)}</p>`
    : `<div><b>reference</b>: ${h(item.reference ?? '')}</div>${transcripts}` +
      `<table class="gates">${gates}</table>${wordTable(item)}`
  return (
    `<section class="failure" id="item-${h(item.id)}"><h3>${h(item.id)} — ${h(failureReason(item))}</h3>` +
    `<div class="meta"><code>${h(item.file)}</code>${[item.category, item.backend, item.voice]
      .filter(Boolean)
      .map((value) => ` · ${h(value!)}`)
      .join('')}</div>` +
    `${player}${body}</section>`
  )
}

function itemsTable(report: ValidationReport): string {
  const rows = worstFirst(report.items).map((item) => {
    const verdict = item.pass ? 'pass' : 'FAIL'
    return (
      `<tr class="${item.pass ? 'pass' : 'fail'}"><td>${item.pass ? h(item.id) : `<a href="#item-${h(item.id)}">${h(item.id)}</a>`}</td><td>${verdict}</td>` +
      `<td data-sort="${item.wer ?? -1}">${percent(item.wer)}</td><td data-sort="${item.gate_wer ?? -1}">${percent(item.gate_wer)}</td>` +
      `<td>${h(failureReason(item))}</td><td data-sort="${item.duration_seconds ?? -1}">${seconds(item.duration_seconds)}</td>` +
      `<td>${h(item.category ?? '')}</td><td>${h([item.backend, item.voice].filter(Boolean).join(':'))}</td>` +
      `<td>${h(item.normalized_reference ?? item.reference ?? '')}</td><td>${h(item.transcripts[0]?.normalized ?? '')}</td></tr>`
    )
  })
  return (
    `<div class="controls"><input id="filter" placeholder="filter items" size="30"><label><input type="checkbox" id="only-failed"> failed only</label></div>` +
    `<table id="items" class="sortable"><thead><tr><th>item</th><th>verdict</th><th>WER</th><th>gate WER</th><th>failed gates</th><th>duration</th><th>category</th><th>backend:voice</th><th>reference</th><th>heard</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  )
}

function matrixHtml(report: ValidationReport): string {
  const matrix = matrixTable(report)
  if (!matrix) return ''
  const row = (cells: readonly string[], tag: 'td' | 'th'): string =>
    `<tr>${cells.map((cell) => `<${tag}>${h(cell)}</${tag}>`).join('')}</tr>`
  return `<h2>Matrix: passed/items · corpus WER</h2><table>${row(matrix.header, 'th')}${matrix.rows.map((cells) => row(cells, 'td')).join('')}</table>`
}

export function renderReportHtml(report: ValidationReport, options: HtmlReportOptions = {}): string {
  const { run, summary } = report
  const failed = worstFirst(report.items).filter((item) => !item.pass)
  const card = (value: string | number, label: string): string =>
    `<div class="card"><b>${h(String(value))}</b><span>${h(label)}</span></div>`
  const gateRows = GATE_NAMES.map(
    (gate) =>
      `<tr><td><code>${gate}</code></td><td>${summary.by_gate_failures[gate]}</td><td>${h(thresholdText(report, gate))}</td><td>${h(GATE_MEANINGS[gate])}</td></tr>`,
  ).join('')
  const unpaired =
    report.unpaired.length === 0
      ? ''
      : `<h2>Unpaired files (not scored)</h2><ul>${report.unpaired.map((file) => `<li><code>${h(file.file)}</code>: no same-name <code>${file.missing}</code></li>`).join('')}</ul>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Chorus ${run.kind}: ${h(run.dataset)} — ${summary.failed === 0 ? 'passed' : `${summary.failed} failed`}</title>
<style>${STYLE}</style></head><body><main>
<h1>${run.kind === 'eval' ? 'Eval' : 'Validation'} of <code>${h(run.dataset)}</code>: <span class="verdict ${summary.failed === 0 ? 'pass' : 'fail'}">${summary.failed === 0 ? `all ${summary.items} passed` : `${summary.failed} of ${summary.items} failed`}</span></h1>
<div class="meta">Run <code>${h(run.id)}</code>${run.store_run_id === null ? '' : ` (store run ${run.store_run_id})`} · ${h(run.started_at)} · ${run.duration_seconds.toFixed(1)} s · ASR ${h(run.asr.join(' + '))} · Chorus ${h(run.chorus_version)} · <code>${h(run.folder)}</code></div>
<div class="cards">${card(summary.items, 'items')}${card(summary.passed, 'passed')}${card(summary.failed, 'failed')}${card(percent(summary.corpus_wer), 'corpus WER (Σ errors / Σ words)')}${card(percent(summary.mean_utterance_wer), 'mean per-utterance WER')}${card(summary.utterances_over_50pct, 'utterances over 50% WER')}${card(`${summary.audio_seconds.toFixed(1)} s`, 'audio scored')}</div>
${matrixHtml(report)}<h2>Gates</h2><table><tr><th>gate</th><th>failed items</th><th>threshold</th><th>fails when</th></tr>${gateRows}</table>
<h2>Charts</h2><div class="charts">${charts(report)}</div>
<h2>Distributions</h2><div class="charts">${distributions(report)}</div>
<h2>Failed items (${failed.length})</h2>${options.audioNote ? `<p class="meta">${h(options.audioNote)}</p>` : ''}
${failed.map((item) => failureCard(item, options)).join('\n') || '<p>None.</p>'}
${unpaired}
<h2>All items</h2>${itemsTable(report)}
</main><script>${SCRIPT}</script></body></html>
`
}
