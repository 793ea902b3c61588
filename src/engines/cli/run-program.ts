/**
 * Runs one child process the way the `cli` engine needs: an argument array (never a shell), text on stdin, stdout
 * collected as bytes, a bounded tail of stderr for error messages, a wall-clock timeout, and an AbortSignal that
 * SIGKILLs it. The child leads its own process group and the whole group is killed, so a wrapper script's children
 * die with it. The returned promise settles only after the child has exited, so its pid is gone (reaped) by then and
 * a caller may delete the files it was writing.
 */
import { spawn } from 'node:child_process'

/** stderr kept for error messages: the end is where programs say what went wrong. */
const STDERR_TAIL_CHARS = 2000

export interface ProgramRun {
  readonly binary: string
  readonly args: readonly string[]
  readonly stdin?: string
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  readonly timeoutMs: number
  readonly signal: AbortSignal
}

export interface ProgramResult {
  readonly stdout: Buffer
  /** The last {@link STDERR_TAIL_CHARS} characters of stderr. */
  readonly stderr: string
  readonly exitCode: number | null
  /** The signal that ended the child, when one did (not ours: ours reject instead). */
  readonly exitSignal: NodeJS.Signals | null
}

/** The executable could not be started: not found (`ENOENT`), not executable (`EACCES`), … */
export class ProgramStartError extends Error {
  constructor(
    readonly binary: string,
    readonly code: string | undefined,
    options: { cause: unknown },
  ) {
    super(`cannot run \`${binary}\`: ${code ?? (options.cause as Error).message}`, options)
    this.name = 'ProgramStartError'
  }
}

export class ProgramTimeoutError extends Error {
  constructor(
    readonly binary: string,
    readonly timeoutMs: number,
    readonly stderr: string,
  ) {
    super(`\`${binary}\` was still running after ${timeoutMs} ms and was killed`)
    this.name = 'ProgramTimeoutError'
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error && reason.name === 'AbortError'
    ? reason
    : new DOMException('The operation was aborted', 'AbortError')
}

export function runProgram(run: ProgramRun): Promise<ProgramResult> {
  if (run.signal.aborted) return Promise.reject(abortError(run.signal))
  return new Promise<ProgramResult>((resolve, reject) => {
    const child = spawn(run.binary, run.args, {
      cwd: run.cwd,
      env: run.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    })
    const stdout: Buffer[] = []
    let stderr = ''
    let killedBecause: 'aborted' | 'timeout' | undefined
    let startError: Error | undefined

    const kill = (because: 'aborted' | 'timeout'): void => {
      killedBecause ??= because
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    const onAbort = (): void => kill('aborted')
    run.signal.addEventListener('abort', onAbort, { once: true })
    const timer = setTimeout(() => kill('timeout'), run.timeoutMs)

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS)
    })
    // A program that exits without reading all its input (or never starts) closes the pipe under us: not an error here.
    child.stdin.on('error', () => {})
    child.stdin.end(run.stdin ?? '')

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Only start-up failures matter: a failed kill() of an exiting child also lands here.
      if (child.pid === undefined) startError = new ProgramStartError(run.binary, error.code, { cause: error })
    })
    child.on('close', (exitCode, exitSignal) => {
      clearTimeout(timer)
      run.signal.removeEventListener('abort', onAbort)
      if (startError) reject(startError)
      else if (killedBecause === 'aborted') reject(abortError(run.signal))
      else if (killedBecause === 'timeout') reject(new ProgramTimeoutError(run.binary, run.timeoutMs, stderr))
      else resolve({ stdout: Buffer.concat(stdout), stderr, exitCode, exitSignal })
    })
  })
}
