/**
 * The `reachable` check, by engine kind class (a table, not a switch): an HTTP backend must accept a TCP connection
 * at its URL's host and port within its connect timeout; a `cli` backend's program must be installed; embedded and
 * model engines run in-process, so there is nothing to reach.
 */
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { findExecutable } from '../audio/encoders/find-executable.js'
import type { BackendConfig } from '../config/schema.js'
import type { CliProgramName } from '../engines/cli/config.js'
import { CLI_PROGRAMS } from '../engines/cli/programs/index.js'
import type { EngineKind } from '../engines/engine.js'
import { connectableHost, hostPort, tcpConnect } from './tcp-connect.js'
import { fail, pass, skip, type CheckOutcome } from './timed-check.js'

type ReachabilityProbe = (backend: BackendConfig, signal: AbortSignal) => Promise<CheckOutcome>

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 }

/** What a refused or failed connect means, for the errors an operator meets after maintenance. */
const CONNECT_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (DNS)',
}

async function tcpReachable(backend: BackendConfig, signal: AbortSignal): Promise<CheckOutcome> {
  const url = new URL(String(backend.settings.url))
  const host = connectableHost(url.hostname)
  const port = url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? 80) : Number(url.port)
  const outcome = await tcpConnect(host, port, signal)
  const where = hostPort(host, port)
  if (outcome.connected) return pass(`${where} accepts connections`)
  const meaning = outcome.code === undefined ? undefined : CONNECT_ERRORS[outcome.code]
  return fail(`${where}: ${meaning ? `${meaning} (${outcome.code})` : outcome.message}`)
}

async function isExecutableFile(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  )
}

async function cliProgramInstalled(backend: BackendConfig): Promise<CheckOutcome> {
  const program = CLI_PROGRAMS[backend.settings.program as CliProgramName]
  const binary = typeof backend.settings.binary === 'string' ? backend.settings.binary : program.defaultBinary
  const found = binary.includes('/')
    ? (await isExecutableFile(binary))
      ? binary
      : undefined
    : await findExecutable(binary)
  if (found) return pass(`${binary} is installed (${found})`)
  return fail(
    `\`${binary}\` is not ${binary.includes('/') ? 'an executable file' : 'on PATH'}; ` +
      `apt-get install ${program.aptPackages.join(' ')}`,
  )
}

const PROBES: Readonly<Record<EngineKind, ReachabilityProbe>> = {
  http: tcpReachable,
  cli: cliProgramInstalled,
  embedded: async () => skip('n/a: runs in-process'),
  model: async () => skip('n/a: runs in-process'),
}

export function checkReachable(kind: EngineKind, backend: BackendConfig, signal: AbortSignal): Promise<CheckOutcome> {
  return PROBES[kind](backend, signal)
}

/** How long `reachable` may take: the backend's own connect timeout, as the router would wait. */
export function reachableTimeoutMs(backend: BackendConfig): number {
  const own = backend.settings.connectTimeoutMs
  return typeof own === 'number' ? own : backend.timeouts.connectMs
}
