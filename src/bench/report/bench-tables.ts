/**
 * The step and scaling tables of a bench run as plain-text cells, shared by SUMMARY.md and report.html so both show
 * the same figures alike; each report adds its own escaping and the columns only it prints.
 */
import type { BenchStep, ScalingRow } from '../run-bench.js'
import { fixed, ms, percent, signedPercent } from './bench-format.js'

/** The first columns of the step table; {@link stepCells} also gives the error-rate and goodput cells after them. */
export const STEP_HEADERS: readonly string[] = [
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
]

/** One step: label (with open-loop drops and late starts), counts, latency and TTFA, RTF, error rate, goodput. */
export function stepCells(step: BenchStep): string[] {
  return [
    step.label + (step.open_loop ? ` (dropped ${step.open_loop.dropped}, late ${step.open_loop.late})` : ''),
    String(step.requests),
    String(step.ok),
    `${fixed(step.throughput_rps)}/s`,
    ms(step.latency_ms.p50),
    ms(step.latency_ms.p95),
    ms(step.latency_ms.p99),
    ms(step.ttfa_ms.p50),
    ms(step.ttfa_ms.p95),
    fixed(step.rtf, 3),
    percent(step.error_rate),
    `${fixed(step.goodput.rps)}/s`,
  ]
}

export const SCALING_HEADERS: readonly string[] = [
  'load',
  'instances',
  'throughput',
  'latency p50',
  'latency p95',
  'marginal gain',
  'efficiency',
]

export function scalingCells(item: ScalingRow): string[] {
  return [
    item.load,
    String(item.instances),
    `${fixed(item.throughput_rps)}/s`,
    ms(item.latency_ms.p50),
    ms(item.latency_ms.p95),
    item.marginal_gain_rps === null
      ? '–'
      : `${fixed(item.marginal_gain_rps)}/s (${signedPercent(item.marginal_gain_fraction)})`,
    percent(item.scaling_efficiency, 0),
  ]
}
