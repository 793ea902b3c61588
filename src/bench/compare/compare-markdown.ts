/**
 * SUMMARY.md of a comparison: the page to read first — the verdict, each criterion against its threshold, the two
 * sides side by side, then one row per prompt.
 */
import {
  criterionThreshold,
  criterionValue,
  fixed,
  milliseconds,
  percentage,
  points,
  targetText,
  times,
} from './compare-format.js'
import { percentile } from '../stats.js'
import type { CompareResult, SideStats } from './compare-result.js'
import { COMPARE_CRITERIA } from './criteria.js'

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n')
}

function sideRows(a: SideStats, b: SideStats): string[][] {
  const row = (label: string, show: (side: SideStats) => string): string[] => [label, show(a), show(b)]
  return [
    row('requests (ok / errors)', (side) => `${side.requests} (${side.ok} / ${side.errors})`),
    row('error rate', (side) => percentage(side.error_rate)),
    row('latency p50 / p95', (side) => `${milliseconds(side.latency_ms.p50)} / ${milliseconds(side.latency_ms.p95)}`),
    row('TTFA p50 / p95', (side) => `${milliseconds(side.ttfa_ms.p50)} / ${milliseconds(side.ttfa_ms.p95)}`),
    row('corpus WER', (side) => percentage(side.wer)),
    row('audio received', (side) => `${side.audio_seconds.toFixed(1)} s`),
    row('warm-up (errors)', (side) => `${side.warmup.requests} (${side.warmup.errors})`),
  ]
}

export function renderCompareMarkdown(result: CompareResult): string {
  const { a, b } = result.sides
  const m = result.measures
  const lines: string[] = [
    `# chorus compare: ${result.verdict === 'parity' ? 'parity' : 'NOT parity'}`,
    '',
    `- **A** (reference): \`${a.label}\` — ${targetText(a)}`,
    `- **B** (candidate): \`${b.label}\` — ${targetText(b)}`,
    `- ${result.prompts.length} prompts × ${result.spec.rounds} round${result.spec.rounds === 1 ? '' : 's'}: ${result.pairs.measured} of ${result.pairs.planned} pairs sent` +
      `${result.stopped_by === 'time' ? ` (stopped by the ${result.spec.maxSeconds} s limit)` : ''}, ` +
      `${result.elapsed_seconds.toFixed(1)} s · embedder \`${result.embedder}\` · ASR ${result.asr ? result.asr.map((id) => `\`${id}\``).join(', ') : 'off'}`,
    `- ${result.convention}.`,
    '',
    '## Criteria',
    '',
    table(
      ['criterion', 'value', 'threshold', 'result', 'measured as'],
      result.criteria.map((item) => [
        `\`${item.name}\``,
        criterionValue(item),
        criterionThreshold(item),
        item.pass ? 'pass' : '**FAIL**',
        item.detail ?? '',
      ]),
    ),
  ]
  for (const name of result.skipped_criteria) {
    lines.push(
      '',
      `\`${name}\` was not judged: ${COMPARE_CRITERIA[name].detail} needs a recognizer (run without --no-asr).`,
    )
  }
  lines.push(
    '',
    `Also measured: latency ratio p50 ${times(m.latency_ratio_p50)}, TTFA ratio p50 ${times(m.ttfa_ratio_p50)}, ` +
      `lowest similarity ${fixed(m.min_similarity)}, duration B/A ${times(m.duration_ratio_mean)} on average ` +
      `(${times(m.duration_ratio_min)} – ${times(m.duration_ratio_max)}); ${m.prompts_compared} prompts compared, ` +
      `${m.prompts_scored} scored for WER.`,
    '',
    '## Sides',
    '',
    table(['', 'A', 'B'], sideRows(a, b)),
  )
  const samples = [...a.error_samples.map((text) => `A: ${text}`), ...b.error_samples.map((text) => `B: ${text}`)]
  if (samples.length > 0) lines.push('', 'Errors:', '', ...samples.map((text) => `- ${text}`))
  lines.push(
    '',
    '## Prompts',
    '',
    table(
      ['prompt', 'similarity', 'duration B/A', 'WER A', 'WER B', 'WER B − A', 'latency A', 'latency B', 'errors'],
      result.prompts.map((row) => {
        const errors = row.errors_a.length + row.errors_b.length
        return [
          row.id,
          fixed(row.similarity),
          times(row.duration_ratio),
          percentage(row.wer_a),
          percentage(row.wer_b),
          row.wer_a !== null && row.wer_b !== null ? points(row.wer_b - row.wer_a) : '–',
          milliseconds(percentile(row.latency_a_ms, 50)),
          milliseconds(percentile(row.latency_b_ms, 50)),
          errors > 0 ? `A ${row.errors_a.length}, B ${row.errors_b.length}` : '',
        ]
      }),
    ),
    '',
    `Percentiles: ${result.percentile_method}. Latency per prompt: the median of its rounds.`,
    '',
  )
  return lines.join('\n')
}
