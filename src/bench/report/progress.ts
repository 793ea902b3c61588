/**
 * Live progress of a bench on stderr: on a terminal a cli-progress bar per step (requests done, failures, running
 * p50); otherwise (CI logs, pipes) one line per finished step with its headline figures.
 */
import cliProgress from 'cli-progress'
import type { BenchProgress, BenchStep } from '../run-bench.js'
import { percentile } from '../stats.js'
import { fixed, ms, percent } from './bench-format.js'

export interface ProgressReporter {
  readonly onProgress: (event: BenchProgress) => void
  stop(): void
}

/** One line for a finished step. */
export function stepLine(step: BenchStep, steps: number): string {
  const open = step.open_loop ? ` · dropped ${step.open_loop.dropped} · late ${step.open_loop.late}` : ''
  return (
    `[${step.index + 1}/${steps}] ${step.label}: ${step.ok}/${step.requests} ok · ${fixed(step.throughput_rps)} req/s` +
    ` · p50 ${ms(step.latency_ms.p50)} · p95 ${ms(step.latency_ms.p95)}` +
    (step.ttfa_ms.count > 0 ? ` · TTFA p50 ${ms(step.ttfa_ms.p50)}` : '') +
    (step.rtf !== null ? ` · RTF ${fixed(step.rtf, 3)}` : '') +
    ` · errors ${percent(step.error_rate)}${open}`
  )
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) {
    return {
      onProgress: (event) => {
        if (event.type === 'warmup' && event.done === event.total) stream.write(`warm-up: ${event.total} requests\n`)
        if (event.type === 'step-end') stream.write(`${stepLine(event.result, event.steps)}\n`)
      },
      stop: () => undefined,
    }
  }
  let bar: cliProgress.SingleBar | undefined
  let latencies: number[] = []
  const stopBar = (): void => {
    bar?.stop()
    bar = undefined
  }
  return {
    onProgress: (event) => {
      if (event.type === 'step-start') {
        stopBar()
        latencies = []
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `bench ${event.step + 1}/${event.steps} {label} |{bar}| {value}/{total} · {failed} failed · p50 {p50}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(event.planned, 0, { label: event.label, failed: 0, p50: '–' })
      } else if (event.type === 'request') {
        if (event.outcome.ok) latencies.push(event.outcome.latencyMs)
        bar?.update(event.done, { failed: event.failed, p50: ms(percentile(latencies, 50)) })
      } else if (event.type === 'step-end') {
        stopBar()
        stream.write(`${stepLine(event.result, event.steps)}\n`)
      } else if (event.type === 'warmup' && event.done === event.total) {
        stream.write(`warm-up: ${event.total} requests\n`)
      }
    },
    stop: stopBar,
  }
}
