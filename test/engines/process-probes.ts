/**
 * Helpers for the `cli` engine tests that watch real processes: is a pid alive, which children does this process
 * have, and executable stand-in scripts (set as the engine's `binary`) that record what happened to them.
 */
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** True while `pid` exists (a zombie counts: the engine must have reaped its children before it settles). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * True once `pid` has stopped running: gone, or a zombie waiting for its parent to reap it. For orphans (reaped by
 * PID 1 whenever it gets round to it, which in some containers is never) this is the honest test of "killed".
 */
export async function hasExited(pid: number): Promise<boolean> {
  const stat = await readFile(join('/proc', String(pid), 'stat'), 'utf8').catch(() => undefined)
  return stat === undefined || /^\d+ \(.*\) Z /.test(stat)
}

/** Pids of this process's direct children whose command name is `command` (Linux /proc). */
export async function childPids(command: string): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(join('/proc', entry, 'stat'), 'utf8').catch(() => '')
    // /proc/<pid>/stat: `pid (comm) state ppid …`; comm may hold spaces, so split after its closing parenthesis.
    const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat)
    if (match && match[1] === command && Number(match[2]) === process.pid) pids.push(Number(entry))
  }
  return pids
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Writes an executable `/bin/sh` script to `dir/name` and returns its path. */
export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, `#!/bin/sh\n${body}\n`)
  await chmod(path, 0o755)
  return path
}
