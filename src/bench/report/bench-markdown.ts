/**
 * SUMMARY.md of a bench run: the verdict against the SLOs, the headline figures over every measured request, one row
 * per step (load level × instances), the scaling table when instances were compared, chat checks, and the errors by
 * kind with sample messages. Rendered from the BenchResult bench.json holds.
 */
import { ERROR_KIND_NAMES } from '../error-kinds.js'
import type { BenchResult } from '../run-bench.js'
import { criterionValue, fixed, ms, percent, signedPercent } from './bench-format.js'

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`
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
    lines.push(row(['objective', 'measured', 'limit', 'pass']), row(['---', '---', '---', '---']))
    for (const item of result.verdict.criteria) {
      lines.push(
        row([
          `\`${item.name}\``,
          criterionValue(item, item.value),
          `${item.bound === 'max' ? '≤' : '≥'} ${criterionValue(item, item.threshold)}`,
          item.pass ? 'yes' : '**no**',
        ]),
      )
    }
    lines.push('')
  }
  lines.push('## Overall (every measured request)', '')
  lines.push(row(['metric', 'mean', 'p50', 'p90', 'p95', 'p99']), row(['---', '---', '---', '---', '---', '---']))
  const summaryRow = (name: string, summary: BenchResult['latency_ms']): string =>
    row([name, ms(summary.mean), ms(summary.p50), ms(summary.p90), ms(summary.p95), ms(summary.p99)])
  lines.push(summaryRow('latency', result.latency_ms))
  if (result.ttfa_ms.count > 0)
    lines.push(summaryRow(result.chat ? 'time to first token' : 'time to first audio', result.ttfa_ms))
  if (result.first_audible_ms.count > 0) lines.push(summaryRow('first audible sample', result.first_audible_ms))
  lines.push('')
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
  lines.push(
    row([
      'step',
      'requests',
      'ok',
      'throughput',
      'p50',
      'p95',
      'p99',
      'TTFA p50',
      'TTFA p95',
      'RTF',
      'errors',
      'goodput',
    ]),
    row(Array(12).fill('---')),
  )
  for (const step of result.steps) {
    lines.push(
      row([
        step.label + (step.open_loop ? ` (dropped ${step.open_loop.dropped}, late ${step.open_loop.late})` : ''),
        step.requests,
        step.ok,
        `${fixed(step.throughput_rps)}/s`,
        ms(step.latency_ms.p50),
        ms(step.latency_ms.p95),
        ms(step.latency_ms.p99),
        ms(step.ttfa_ms.p50),
        ms(step.ttfa_ms.p95),
        fixed(step.rtf, 3),
        percent(step.error_rate),
        `${fixed(step.goodput.rps)}/s`,
      ]),
    )
  }
  lines.push('')
  if (result.scaling) {
    lines.push('## Scaling over instances', '')
    lines.push(
      row(['load', 'instances', 'throughput', 'latency p50', 'latency p95', 'marginal gain', 'efficiency']),
      row(Array(7).fill('---')),
    )
    for (const item of result.scaling) {
      lines.push(
        row([
          item.load,
          item.instances,
          `${fixed(item.throughput_rps)}/s`,
          ms(item.latency_ms.p50),
          ms(item.latency_ms.p95),
          item.marginal_gain_rps === null
            ? '–'
            : `${fixed(item.marginal_gain_rps)}/s (${signedPercent(item.marginal_gain_fraction)})`,
          percent(item.scaling_efficiency, 0),
        ]),
      )
    }
    lines.push('')
  }
  if (result.failed > 0) {
    lines.push('## Errors by kind', '')
    lines.push(row(['kind', 'count']), row(['---', '---']))
    for (const kind of ERROR_KIND_NAMES)
      if (result.errors[kind] > 0) lines.push(row([`\`${kind}\``, result.errors[kind]]))
    lines.push('', 'Most frequent messages:', '')
    for (const sample of result.error_samples)
      lines.push(`- \`${sample.kind}\` ×${sample.count}: ${escapeCell(sample.message)}`)
    lines.push('')
  }
  lines.push(`Percentiles: ${result.percentile_method}. Latency and TTFA are over successful requests only.`, '')
  return lines.join('\n')
}
