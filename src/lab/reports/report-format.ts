/** Formatting shared by SUMMARY.md and report.html, so both say the same thing the same way. */
import type { GateName } from '../gates/index.js'
import type { ReportItem, ValidationReport } from './validation-report.js'

/** 0.0523 → `5.2%`; null → `–`. */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(100 * value).toFixed(digits)}%`
}

export function seconds(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)} s`
}

/** What an item failed, in one line: the failing gates, or the error code. */
export function failureReason(item: ReportItem): string {
  if (item.error) return item.error.code
  return item.failed_gates.join(', ')
}

/**
 * A gate's sentence for a person. The asr_wer gate judged `gate_wer` (words blamed on the TTS), which its own
 * sentence calls plain "WER"; say which it is, next to the item's plain WER, so the two never read as a contradiction.
 */
export function gateDetailText(item: ReportItem, gate: GateName): string {
  const detail = item.gate_details[gate]
  if (!detail) return ''
  if (gate !== 'asr_wer') return detail.detail
  const limit = typeof detail.threshold === 'number' ? percent(detail.threshold) : '–'
  return `${percent(detail.value)} of words blamed on the TTS (limit ${limit}); plain WER ${percent(item.wer)}.`
}

/** The first failing gate's sentence, or the error message. */
export function failureDetail(item: ReportItem): string {
  if (item.error) return item.error.message
  const gate = item.failed_gates[0]
  return gate ? gateDetailText(item, gate) : ''
}

/** Failed items first (errors, then by WER, highest first), then the passing ones by WER. */
export function worstFirst(items: readonly ReportItem[]): ReportItem[] {
  const rank = (item: ReportItem): number => (item.error ? 0 : item.pass ? 2 : 1)
  return [...items].sort((a, b) => rank(a) - rank(b) || (b.wer ?? 0) - (a.wer ?? 0) || a.id.localeCompare(b.id))
}

/** Items by WER, highest first, only those with one. */
export function highestWer(items: readonly ReportItem[], limit: number): ReportItem[] {
  return items
    .filter((item) => item.wer !== null)
    .sort((a, b) => b.wer! - a.wer! || a.id.localeCompare(b.id))
    .slice(0, limit)
}

/** The threshold of a gate as the run applied it, readable: `20.0%`, `0.80 s`, `2–8 syllables/s`. */
export function thresholdText(report: ValidationReport, gate: GateName): string {
  const thresholds = report.run.thresholds as Record<string, unknown> | null
  const value = thresholds?.[gate]
  if (gate === 'speaking_rate' && value && typeof value === 'object') {
    const band = value as { min_syllables_per_second?: number; max_syllables_per_second?: number }
    return `${band.min_syllables_per_second}–${band.max_syllables_per_second} syllables/s`
  }
  if (typeof value !== 'number') return '–'
  switch (gate) {
    case 'asr_wer':
      return `${percent(value)} words blamed on the TTS`
    case 'clipping':
      return `${value}% of samples`
    case 'silence':
      return `${value}% of frames`
    case 'leading_silence':
      return `${value} s`
    case 'truncated_start':
    case 'truncated_tail':
      return `edge at ${value} dB`
    case 'repetition':
      return `${value} extra repeats`
    default:
      return String(value)
  }
}

export const GATE_MEANINGS: Readonly<Record<GateName, string>> = {
  asr_wer: 'the recognizers did not hear the text',
  clipping: 'samples at full scale',
  silence: 'mostly silence',
  leading_silence: 'speech starts late',
  truncated_start: 'start cut off',
  truncated_tail: 'end cut off',
  repetition: 'something said twice',
  speaking_rate: 'too fast or too slow',
}

/** The eval matrix as a table: a row per backend:voice, its pass count and corpus WER overall and per category. */
export function matrixTable(report: ValidationReport): { header: string[]; rows: string[][] } | undefined {
  const matrix = report.eval?.matrix
  if (!matrix || matrix.rows.length === 0) return undefined
  const cell = (group: { items: number; passed: number; corpus_wer: number | null } | undefined): string =>
    group ? `${group.passed}/${group.items} · ${percent(group.corpus_wer)}` : '–'
  return {
    header: ['backend:voice', 'all', ...matrix.categories],
    rows: matrix.rows.map((row) => [
      `${row.backend}:${row.voice}`,
      cell(row.overall),
      ...matrix.categories.map((category) => cell(row.by_category[category])),
    ]),
  }
}
