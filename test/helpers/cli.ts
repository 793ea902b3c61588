/**
 * Runs `bin/chorus` as a user does, in a child process, and returns its exit code and output whatever the code.
 * CHORUS_CONFIG and CHORUS_STORE from the calling environment are cleared, so a developer's own settings never
 * leak into a test; pass `env` to set them.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { CHORUS_BIN } from './server.js'

const execFileAsync = promisify(execFile)

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  readonly cwd?: string
  /** Set on top of the test's environment (after CHORUS_CONFIG and CHORUS_STORE are cleared). */
  readonly env?: NodeJS.ProcessEnv
  /** The process is killed after this long, and the call throws (default 60 s). */
  readonly timeoutMs?: number
}

export async function runChorus(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CHORUS_BIN, ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, CHORUS_CONFIG: '', CHORUS_STORE: '', ...options.env },
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    // A process that exited with a code answered; one killed (timeout) or never started did not.
    const failed = error as { code?: unknown; stdout?: string; stderr?: string }
    if (typeof failed.code !== 'number') throw error
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}
