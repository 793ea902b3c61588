/** Tiny Markdown builders for benchmark reports: GitHub-flavoured tables and fixed-precision numbers. */

export type Cell = string | number

/** A number with `digits` decimals; NaN and ±Infinity print as "–" so a missing figure is never mistaken for zero. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–'
}

/** Numbers are right-aligned, text left-aligned, judged by the first row. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const escape = (cell: Cell): string => String(cell).replaceAll('|', '\\|')
  const numeric = headers.map((_, column) => /^[-+]?[\d.,–×%]+[a-z%×]*$/i.test(String(rows[0]?.[column] ?? '')))
  const lines = [
    `| ${headers.map(escape).join(' | ')} |`,
    `|${numeric.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ]
  return lines.join('\n')
}
