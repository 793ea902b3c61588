/**
 * SUMMARY.md of a bench run: the verdict against the SLOs, the headline figures over every measured request, one row
 * per step (load level × instances), the scaling table when instances were compared, chat checks, and the errors by
 * kind with sample messages. Rendered from the BenchResult bench.json holds.
 */
import { ERROR_KIND_NAMES } from '../error-kinds.js'
import type { BenchResult } from '../run-bench.js'
import { criterionValue, fixed, markdownTable, ms, percent } from './bench-format.js'
import { SCALING_HEADERS, scalingCells, STEP_HEADERS, stepCells } from './bench-tables.js'

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

export function benchMarkdown(result: BenchResult): string {
  const lines: string[] = []
  const target = result.target
  lines.push(`# chorus bench — ${target.kind}`, '')
  lines.push(
    `${target.mode === 'in-process' ? `Backend \`${target.backend}\` in-process` : target.endpoints.map((url) => `\`${url}\``).join(', ')}` +
      `${target.voice ? ` · voice \`${target.voice}\`` : ''}${target.model ? ` · model \`${target.model}\`` : ''}` +
      ` · ${result.prompts.count} prompts · ${result.started_at}${result.interrupted ? ' · **interrupted**' : ''}`,
    '',
  )
  if (result.verdict) {
    lines.push(`**SLO verdict: ${result.verdict.verdict.toUpperCase()}**`, '')
    lines.push(
      markdownTable(
        ['objective', 'measured', 'limit', 'pass'],
        result.verdict.criteria.map((item) => [
          `\`${item.name}\``,
          criterionValue(item, item.value),
          `${item.bound === 'max' ? '≤' : '≥'} ${criterionValue(item, item.threshold)}`,
          item.pass ? 'yes' : '**no**',
        ]),
      ),
      '',
    )
  }
  lines.push('## Overall (every measured request)', '')
  const summaryRow = (name: string, summary: BenchResult['latency_ms']): string[] => [
    name,
    ...[summary.mean, summary.p50, summary.p90, summary.p95, summary.p99].map(ms),
  ]
  const overall = [summaryRow('latency', result.latency_ms)]
  if (result.ttfa_ms.count > 0)
    overall.push(summaryRow(result.chat ? 'time to first token' : 'time to first audio', result.ttfa_ms))
  if (result.first_audible_ms.count > 0) overall.push(summaryRow('first audible sample', result.first_audible_ms))
  lines.push(markdownTable(['metric', 'mean', 'p50', 'p90', 'p95', 'p99'], overall), '')
  lines.push(
    `Requests ${result.requests} (${result.ok} ok, ${result.failed} failed${result.dropped > 0 ? `, ${result.dropped} dropped` : ''})` +
      ` · throughput ${fixed(result.throughput_rps)} req/s (peak step ${fixed(result.peak_throughput_rps)})` +
      ` · error rate ${percent(result.error_rate, 2)}` +
      (result.rtf !== null ? ` · RTF ${fixed(result.rtf, 3)}` : '') +
      (result.audio_seconds_per_second !== null ? ` · ${fixed(result.audio_seconds_per_second)} audio s/s` : '') +
      ` · goodput ${fixed(result.goodput.rps)} req/s (${percent(result.goodput.fraction)}` +
      `${result.goodput.slos.length > 0 ? ` meeting ${result.goodput.slos.join(', ')}` : ' succeeded'})`,
    '',
  )
  if (result.chat) {
    const chat = result.chat
    lines.push('## Chat checks', '')
    lines.push(
      `Tokens ${chat.tokens} (counted from ${chat.tokens_from ?? '–'}) · decode rate p50 ${fixed(chat.tokens_per_second.p50, 1)} tokens/s` +
        ` · ${fixed(chat.output_tokens_per_second, 1)} output tokens/s overall · reasoning leaks ${chat.reasoning_leaks}` +
        ` · contract failures ${chat.contract_failures}/${chat.contract_checked}`,
      '',
    )
  }
  lines.push('## Steps', '')
  lines.push(markdownTable([...STEP_HEADERS, 'errors', 'goodput'], result.steps.map(stepCells)), '')
  if (result.scaling) {
    lines.push('## Scaling over instances', '')
    lines.push(markdownTable(SCALING_HEADERS, result.scaling.map(scalingCells)), '')
  }
  if (result.failed > 0) {
    lines.push('## Errors by kind', '')
    const kinds = ERROR_KIND_NAMES.filter((kind) => result.errors[kind] > 0)
    lines.push(
      markdownTable(
        ['kind', 'count'],
        kinds.map((kind) => [`\`${kind}\``, result.errors[kind]]),
      ),
    )
    lines.push('', 'Most frequent messages:', '')
    for (const sample of result.error_samples)
      lines.push(`- \`${sample.kind}\` ×${sample.count}: ${escapeCell(sample.message)}`)
    lines.push('')
  }
  lines.push(`Percentiles: ${result.percentile_method}. Latency and TTFA are over successful requests only.`, '')
  return lines.join('\n')
}
