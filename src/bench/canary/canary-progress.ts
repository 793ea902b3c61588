/**
 * Progress of a canary's run on stderr: a cli-progress bar on a terminal (one per phase: bench step, compare pairs
 * and scoring, eval takes); otherwise one line as each phase completes, so CI logs stay short.
 */
import cliProgress from 'cli-progress'
import type { CanaryProgress } from './canary-kind.js'

export interface CanaryProgressReporter {
  readonly onProgress: (progress: CanaryProgress) => void
  stop(): void
}

export function canaryProgressReporter(
  name: string,
  stream: NodeJS.WriteStream = process.stderr,
): CanaryProgressReporter {
  let phase: string | undefined
  if (!stream.isTTY) {
    return {
      onProgress: (progress) => {
        if (progress.done < progress.total || phase === `${progress.label}/${progress.total}`) return
        phase = `${progress.label}/${progress.total}`
        stream.write(
          `canary ${name}: ${progress.label} ${progress.done}/${progress.total} done, ${progress.failed} failed\n`,
        )
      },
      stop: () => undefined,
    }
  }
  let bar: cliProgress.SingleBar | undefined
  return {
    onProgress: (progress) => {
      if (phase !== progress.label || !bar) {
        bar?.stop()
        phase = progress.label
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `canary ${name} {label} |{bar}| {value}/{total} · {failed} failed`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(progress.total, 0, { label: progress.label, failed: 0 })
      }
      bar.setTotal(progress.total)
      bar.update(progress.done, { failed: progress.failed })
    },
    stop: () => bar?.stop(),
  }
}
