/**
 * Configuration fixtures for tests: documents written to a fresh temporary folder (JSON, or YAML text as a user
 * writes it), loaded exactly as `chorus serve --config` loads them, a Chorus started in-process from one (optionally
 * with its log lines captured), and the real `bin/chorus` run as a child process.
 *
 * @example
 * const configured = await startConfigured({ auth: { apiKeys: ['sk-test-key-1'] } })
 * await fetch(`${configured.url}/v1/models`, { headers: { authorization: 'Bearer sk-test-key-1' } })
 * await configured.close()
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { DestinationStream } from 'pino'
import { loadConfig, type ConfigOverrides } from '../../src/config/load.js'
import type { ChorusConfig } from '../../src/config/schema.js'
import { startServer, type ChorusServer } from '../../src/server/chorus-server.js'
import { CHORUS_BIN } from '../helpers/server.js'

type Env = Record<string, string | undefined>

export interface ConfigFolder {
  readonly dir: string
  /** Writes `content` (an object as JSON, or text as is) to `name` in the folder; returns its path. */
  write(name: string, content: unknown): Promise<string>
  remove(): Promise<void>
}

export async function configFolder(): Promise<ConfigFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-config-test-'))
  return {
    dir,
    async write(name, content) {
      const file = join(dir, name)
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
      return file
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** Loads `document` as chorus.config.json with `env` as the whole environment. */
export async function loadDocument(
  document: unknown,
  options: { env?: Env; overrides?: ConfigOverrides } = {},
): Promise<Readonly<ChorusConfig>> {
  const folder = await configFolder()
  try {
    const file = await folder.write('chorus.config.json', document)
    return await loadConfig({
      file,
      env: options.env ?? {},
      ...(options.overrides ? { overrides: options.overrides } : {}),
    })
  } finally {
    await folder.remove()
  }
}

export interface ConfiguredServer extends ChorusServer {
  readonly config: Readonly<ChorusConfig>
}

/**
 * A Chorus in this process from `document`, on an OS-chosen port of 127.0.0.1. Logs go nowhere unless a
 * `logDestination` is given (then at `logLevel`, default `warn`).
 */
export async function startConfigured(
  document: Record<string, unknown>,
  options: { env?: Env; logDestination?: DestinationStream; logLevel?: string } = {},
): Promise<ConfiguredServer> {
  const logLevel = options.logDestination ? (options.logLevel ?? 'warn') : 'silent'
  const config = await loadDocument(document, {
    env: options.env ?? {},
    overrides: { port: 0, host: '127.0.0.1', logLevel },
  })
  const server = await startServer(config, options.logDestination ? { logDestination: options.logDestination } : {})
  return { ...server, config }
}

/** A pino destination that keeps every log line, parsed. */
export function logCollector(): DestinationStream & { readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = []
  return {
    lines,
    write(line: string) {
      for (const part of line.split('\n')) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>)
    },
  }
}

const run = promisify(execFile)

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `bin/chorus …args` with exactly `env` (plus PATH), bounded to 30 s. */
export async function runChorus(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CHORUS_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 30_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string }
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    }
  }
}
