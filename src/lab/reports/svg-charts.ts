/**
 * Small inline SVG charts for report.html — horizontal bars and histograms — written as strings so the report stays
 * one self-contained file with no script library. Histogram bins follow the Freedman–Diaconis rule (width
 * 2·IQR·n^(−1/3)), clamped to 5–30 bins; all-equal values get one bin.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

export interface Bar {
  readonly label: string
  readonly value: number | null
  /** Shown after the value, e.g. "12 items". */
  readonly note?: string
  /** Draws the bar in the failure colour. */
  readonly alert?: boolean
}

export interface BarChartOptions {
  readonly title: string
  readonly bars: readonly Bar[]
  readonly format: (value: number) => string
  /** Full-scale value; default the largest bar. */
  readonly max?: number
}

const WIDTH = 560
const ROW = 22

export function barChart({ title, bars, format, max }: BarChartOptions): string {
  const labelWidth = Math.min(200, 12 + 7 * Math.max(4, ...bars.map((bar) => bar.label.length)))
  const plotWidth = WIDTH - labelWidth - 150
  const top = Math.max(max ?? 0, ...bars.map((bar) => bar.value ?? 0)) || 1
  const height = 30 + bars.length * ROW
  const rows = bars.map((bar, index) => {
    const y = 28 + index * ROW
    const length = bar.value === null ? 0 : Math.max(bar.value > 0 ? 1 : 0, (bar.value / top) * plotWidth)
    const text = `${bar.value === null ? '–' : format(bar.value)}${bar.note ? ` · ${bar.note}` : ''}`
    return (
      `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end" class="label">${escapeHtml(bar.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${length.toFixed(1)}" height="${ROW - 6}" class="${bar.alert ? 'bar alert' : 'bar'}"/>` +
      `<text x="${labelWidth + length + 6}" y="${y + 14}" class="value">${escapeHtml(text)}</text>`
    )
  })
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text x="0" y="16" class="title">${escapeHtml(title)}</text>${rows.join('')}</svg>`
  )
}

export interface HistogramOptions {
  readonly title: string
  readonly values: readonly number[]
  /** Formats axis ticks and the threshold. */
  readonly format: (value: number) => string
  /** A gate threshold to mark with a vertical line. */
  readonly threshold?: number
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}

/** Bin edges for `values` (sorted): Freedman–Diaconis width, 5–30 bins. */
export function binEdges(sorted: readonly number[]): number[] {
  const min = sorted[0]!
  const max = sorted[sorted.length - 1]!
  if (max === min) return [min - 0.5, min + 0.5]
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
  const width = iqr > 0 ? 2 * iqr * sorted.length ** (-1 / 3) : (max - min) / 10
  const count = Math.min(30, Math.max(5, Math.ceil((max - min) / width)))
  return Array.from({ length: count + 1 }, (_, index) => min + ((max - min) * index) / count)
}

export function histogram({ title, values, format, threshold }: HistogramOptions): string {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b)
  const height = 150
  const left = 34
  const plotWidth = 300
  const plotHeight = 90
  const baseline = 22 + plotHeight
  if (finite.length === 0) {
    return `<svg class="chart" viewBox="0 0 ${left + plotWidth + 20} 40" width="${left + plotWidth + 20}" height="40"><text x="0" y="16" class="title">${escapeHtml(title)}</text><text x="0" y="34" class="value">no values</text></svg>`
  }
  const edges = binEdges(finite)
  const lo = edges[0]!
  const hi = edges[edges.length - 1]!
  const counts = new Array<number>(edges.length - 1).fill(0)
  for (const value of finite) {
    const index = Math.min(counts.length - 1, Math.floor(((value - lo) / (hi - lo)) * counts.length))
    counts[index]! += 1
  }
  const tallest = Math.max(...counts)
  const barWidth = plotWidth / counts.length
  const x = (value: number): number => left + ((value - lo) / (hi - lo)) * plotWidth
  const bars = counts.map((count, index) => {
    const barHeight = (count / tallest) * plotHeight
    return `<rect x="${(left + index * barWidth + 0.5).toFixed(1)}" y="${(baseline - barHeight).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" class="bar"><title>${escapeHtml(`${format(edges[index]!)} – ${format(edges[index + 1]!)}: ${count}`)}</title></rect>`
  })
  const marker =
    threshold !== undefined && threshold >= lo && threshold <= hi
      ? `<line x1="${x(threshold).toFixed(1)}" x2="${x(threshold).toFixed(1)}" y1="20" y2="${baseline}" class="threshold"/>` +
        `<text x="${(x(threshold) + 3).toFixed(1)}" y="30" class="value">limit ${escapeHtml(format(threshold))}</text>`
      : ''
  return (
    `<svg class="chart" viewBox="0 0 ${left + plotWidth + 20} ${height}" width="${left + plotWidth + 20}" height="${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text x="0" y="14" class="title">${escapeHtml(title)}</text>` +
    `<text x="${left - 4}" y="${22 + 8}" text-anchor="end" class="value">${tallest}</text>` +
    `<text x="${left - 4}" y="${baseline}" text-anchor="end" class="value">0</text>` +
    bars.join('') +
    `<line x1="${left}" x2="${left + plotWidth}" y1="${baseline}" y2="${baseline}" class="axis"/>` +
    `<text x="${left}" y="${baseline + 14}" class="value">${escapeHtml(format(lo))}</text>` +
    `<text x="${left + plotWidth}" y="${baseline + 14}" text-anchor="end" class="value">${escapeHtml(format(hi))}</text>` +
    `<text x="${left + plotWidth / 2}" y="${baseline + 30}" text-anchor="middle" class="value">n = ${finite.length}</text>` +
    marker +
    '</svg>'
  )
}
