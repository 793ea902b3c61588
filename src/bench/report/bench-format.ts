/** Formatting shared by the bench's SUMMARY.md, report.html and terminal lines, so all say the same thing alike. */
import type { Criterion } from '../verdict.js'

const finite = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value)

/** 12.3 → `12.3 ms`; 2345 → `2.35 s`; missing → `–`. */
export function ms(value: number | null | undefined): string {
  if (!finite(value)) return '–'
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value >= 100 ? 0 : 1)} ms`
}

export function fixed(value: number | null | undefined, digits = 2): string {
  return finite(value) ? value.toFixed(digits) : '–'
}

export function percent(value: number | null | undefined, digits = 1): string {
  return finite(value) ? `${(100 * value).toFixed(digits)}%` : '–'
}

export function signedPercent(value: number | null | undefined): string {
  return finite(value) ? `${value >= 0 ? '+' : ''}${(100 * value).toFixed(1)}%` : '–'
}

/** A criterion's value or threshold in the unit its name implies. */
export function criterionValue(item: Pick<Criterion, 'name'>, value: number | null): string {
  if (value === null) return '–'
  if (item.name === 'error_rate' || item.name === 'goodput') return percent(value, 2)
  if (/^(p\d+|ttfa_p\d+)$/.test(item.name)) return ms(value)
  return fixed(value, 3)
}

/** A GitHub-flavoured Markdown table; cells are written as given (escape them first). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`
  return [row(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(row)].join('\n')
}
