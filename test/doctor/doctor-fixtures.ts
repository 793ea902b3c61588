/**
 * What the doctor tests share: configuration files written to a temporary folder, a port nothing listens on, the
 * real CLI run as a child process (`bin/chorus doctor …`, bounded in time), and the doctor run in-process on a
 * configuration file, as the command would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { loadConfig } from '../../src/config/load.js'
import { Doctor, type DoctorOptions } from '../../src/doctor/doctor.js'
import type { DoctorReport, TargetReport, CheckResult } from '../../src/doctor/report.js'
import { runDoctor } from '../../src/doctor/wait.js'
import { CHORUS_BIN } from '../helpers/server.js'

export interface ConfigFile {
  readonly file: string
  remove(): Promise<void>
}

export async function writeConfig(config: unknown): Promise<ConfigFile> {
  const folder = await mkdtemp(join(tmpdir(), 'chorus-doctor-'))
  const file = join(folder, 'chorus.config.json')
  await writeFile(file, JSON.stringify(config, null, 2))
  return { file, remove: () => rm(folder, { recursive: true, force: true }) }
}

/** A port on 127.0.0.1 that was free a moment ago (the OS hands out a new one; nothing listens there). */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly wallMs: number
}

/** Longest a doctor process may run in a test before it is killed (and the test fails on its exit code). */
const CLI_LIMIT_MS = 60_000

/**
 * `bin/chorus doctor …args` with no configuration from the environment; `onStderr` sees stderr as it grows (and the
 * child, to signal it).
 */
export async function runDoctorCli(
  args: readonly string[],
  onStderr?: (stderr: string, child: ChildProcess) => void,
): Promise<CliRun> {
  const started = performance.now()
  const child = spawn(process.execPath, [CHORUS_BIN, 'doctor', ...args], {
    env: { ...process.env, CHORUS_CONFIG: '', PORT: '', HOST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()))
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString()
    onStderr?.(stderr, child)
  })
  const killer = setTimeout(() => child.kill('SIGKILL'), CLI_LIMIT_MS)
  const [code] = (await once(child, 'close')) as [number | null]
  clearTimeout(killer)
  return { code, stdout, stderr, wallMs: performance.now() - started }
}

export const BASE_OPTIONS: DoctorOptions = {
  phrase: 'This is a test of the speech system.',
  voices: {},
  minSeconds: 0.5,
  minBytes: 5 * 1024,
  checkTimeoutMs: 15_000,
  concurrency: 4,
}

/**
 * One round of the doctor in-process on a configuration file, engines closed after (an engine stuck on a backend
 * that never answers is given a second, then left to the fault proxy's close to cut off).
 */
export async function doctorOnce(file: string, options: Partial<DoctorOptions> = {}): Promise<DoctorReport> {
  const doctor = new Doctor(await loadConfig({ file, env: {} }), { ...BASE_OPTIONS, ...options })
  try {
    return await runDoctor(doctor, {
      wait: false,
      intervalMs: 1000,
      timeoutMs: 1000,
      signal: new AbortController().signal,
    })
  } finally {
    await doctor.close(1000)
  }
}

export function target(report: Pick<DoctorReport, 'backends' | 'asr'>, id: string): TargetReport {
  const found = [...report.backends, ...report.asr].find((candidate) => candidate.id === id)
  if (!found) throw new Error(`no ${id} in ${JSON.stringify(report)}`)
  return found
}

export function check(report: Pick<DoctorReport, 'backends' | 'asr'>, id: string, name: string): CheckResult {
  const found = target(report, id).checks.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no ${id} ${name} in ${JSON.stringify(report)}`)
  return found
}
