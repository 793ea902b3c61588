/**
 * An inline SVG line chart (one or more series of x/y points, linear axes from zero or the data's minimum) for
 * bench reports — a latency CDF, throughput against concurrency or instances — next to the histogram and bar charts
 * of src/lab/reports/svg-charts.ts, whose escaping and CSS classes (`chart`, `title`, `value`, `axis`) it shares so
 * report pages style all charts alike.
 *
 * @example
 * lineChart({ title: 'Throughput', series: [{ label: 'rps', points: [{ x: 1, y: 3 }, { x: 2, y: 5.5 }] }],
 *   formatX: String, formatY: (y) => y.toFixed(1) })
 */
import { escapeHtml } from '../../lab/reports/svg-charts.js'

export interface LinePoint {
  readonly x: number
  readonly y: number
}

export interface LineSeries {
  readonly label: string
  readonly points: readonly LinePoint[]
}

export interface LineChartOptions {
  readonly title: string
  readonly series: readonly LineSeries[]
  readonly formatX: (x: number) => string
  readonly formatY: (y: number) => string
  readonly xLabel?: string
  readonly yLabel?: string
  /** Draw steps (a CDF) instead of straight segments. */
  readonly stepped?: boolean
  /** Start the y axis at zero (default true). */
  readonly yFromZero?: boolean
}

const COLORS = ['#4b7bd1', '#d9534f', '#19733b', '#b8860b', '#7b4bd1', '#2a9d8f']
const LEFT = 52
const TOP = 24
const PLOT_WIDTH = 380
const PLOT_HEIGHT = 150

export function lineChart(options: LineChartOptions): string {
  const { title, series, formatX, formatY, xLabel, yLabel, stepped = false, yFromZero = true } = options
  const points = series
    .flatMap((each) => each.points)
    .filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y))
  const width = LEFT + PLOT_WIDTH + 20
  const legendHeight = series.length > 1 ? 16 * series.length : 0
  const height = TOP + PLOT_HEIGHT + 40 + legendHeight
  if (points.length === 0) {
    return `<svg class="chart" viewBox="0 0 ${width} 40" width="${width}" height="40"><text x="0" y="16" class="title">${escapeHtml(title)}</text><text x="0" y="34" class="value">no values</text></svg>`
  }
  let xMin = Math.min(...points.map((point) => point.x))
  let xMax = Math.max(...points.map((point) => point.x))
  let yMin = yFromZero ? 0 : Math.min(...points.map((point) => point.y))
  let yMax = Math.max(...points.map((point) => point.y))
  if (xMax === xMin) {
    xMin -= 0.5
    xMax += 0.5
  }
  if (yMax === yMin) {
    yMax = yMin === 0 ? 1 : yMax * 1.1
    if (!yFromZero) yMin = yMin * 0.9
  }
  const x = (value: number): number => LEFT + ((value - xMin) / (xMax - xMin)) * PLOT_WIDTH
  const y = (value: number): number => TOP + PLOT_HEIGHT - ((value - yMin) / (yMax - yMin)) * PLOT_HEIGHT
  const lines = series.map((each, index) => {
    const color = COLORS[index % COLORS.length]
    const valid = each.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y))
    const path = valid
      .map((point, at) => {
        const command = at === 0 ? 'M' : 'L'
        if (!stepped || at === 0) return `${command}${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`
        return `H${x(point.x).toFixed(1)}V${y(point.y).toFixed(1)}`
      })
      .join('')
    const dots = stepped
      ? ''
      : valid
          .map(
            (point) =>
              `<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="3" fill="${color}"><title>${escapeHtml(`${each.label}: ${formatX(point.x)} → ${formatY(point.y)}`)}</title></circle>`,
          )
          .join('')
    return `<path d="${path}" fill="none" stroke="${color}" stroke-width="1.8"/>${dots}`
  })
  const legend =
    series.length > 1
      ? series
          .map(
            (each, index) =>
              `<rect x="${LEFT}" y="${TOP + PLOT_HEIGHT + 34 + 16 * index}" width="10" height="10" fill="${COLORS[index % COLORS.length]}"/>` +
              `<text x="${LEFT + 16}" y="${TOP + PLOT_HEIGHT + 43 + 16 * index}" class="value">${escapeHtml(each.label)}</text>`,
          )
          .join('')
      : ''
  const baseline = TOP + PLOT_HEIGHT
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text x="0" y="14" class="title">${escapeHtml(title)}</text>` +
    `<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${baseline}" y2="${baseline}" class="axis"/>` +
    `<line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${baseline}" class="axis"/>` +
    `<text x="${LEFT - 4}" y="${TOP + 8}" text-anchor="end" class="value">${escapeHtml(formatY(yMax))}</text>` +
    `<text x="${LEFT - 4}" y="${baseline}" text-anchor="end" class="value">${escapeHtml(formatY(yMin))}</text>` +
    `<text x="${LEFT}" y="${baseline + 14}" class="value">${escapeHtml(formatX(xMin))}</text>` +
    `<text x="${LEFT + PLOT_WIDTH}" y="${baseline + 14}" text-anchor="end" class="value">${escapeHtml(formatX(xMax))}</text>` +
    (xLabel
      ? `<text x="${LEFT + PLOT_WIDTH / 2}" y="${baseline + 28}" text-anchor="middle" class="value">${escapeHtml(xLabel)}</text>`
      : '') +
    (yLabel ? `<text x="${LEFT}" y="${TOP - 6}" class="value">${escapeHtml(yLabel)}</text>` : '') +
    lines.join('') +
    legend +
    '</svg>'
  )
}

/** Points of the empirical CDF of `values`: (value, fraction of values ≤ it). */
export function cdfPoints(values: readonly number[]): LinePoint[] {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b)
  return sorted.map((value, index) => ({ x: value, y: (index + 1) / sorted.length }))
}
