/**
 * The `ports` check: can `chorus serve` have its configured listen address? It passes when the address is free (a
 * connect is refused and a trial bind succeeds) or already held by a Chorus that answers `GET /health` (the server
 * being checked is up). It fails when something else holds the port (naming the process when /proc tells), when the
 * address cannot be bound here (not this machine's, or a privileged port), or when nothing conclusive answers in time.
 */
import { createServer } from 'node:net'
import { request } from 'undici'
import { findPortOwner } from './port-owner.js'
import type { PortsReport, PortState } from './report.js'
import { connectableHost, hostPort, tcpConnect } from './tcp-connect.js'
import { describeError, fail, pass, skip, timedCheck, type CheckOutcome } from './timed-check.js'

/** How long the listener on the port gets to answer `GET /health` before it counts as "not Chorus". */
const HEALTH_ANSWER_MS = 2000
const BODY_LIMIT_BYTES = 16 * 1024

interface Inspection {
  readonly state: PortState
  readonly outcome: CheckOutcome
}

/** What answers `GET /health` on the port: a Chorus version, or a description of what is there instead. */
async function askHealth(
  host: string,
  port: number,
  signal: AbortSignal,
): Promise<{ chorus?: string; other?: string }> {
  const limit = AbortSignal.any([signal, AbortSignal.timeout(HEALTH_ANSWER_MS)])
  const url = `http://${hostPort(host, port)}/health`
  try {
    const response = await request(url, { method: 'GET', signal: limit, headersTimeout: HEALTH_ANSWER_MS, reset: true })
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      size += chunk.length
      if (size >= BODY_LIMIT_BYTES) break
    }
    const server = response.headers.server
    let body: { status?: unknown; version?: unknown } = {}
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body
    } catch {
      // not JSON: not Chorus
    }
    if (response.statusCode === 200 && body.status === 'ok' && typeof body.version === 'string') {
      return { chorus: body.version }
    }
    return {
      other: `an HTTP server answering GET /health with ${response.statusCode}${server ? ` (Server: ${server})` : ''}`,
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason
    return {
      other: limit.aborted
        ? `a service that accepts connections but does not answer HTTP within ${HEALTH_ANSWER_MS} ms`
        : `a service that does not speak HTTP (${describeError(error)})`,
    }
  }
}

/** Binds host:port for a moment: the only sure test that `serve` could. Resolves with the error code, if any. */
function trialBind(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)))
  })
}

const BIND_ERRORS: Readonly<Record<string, Inspection['state']>> = {
  EADDRINUSE: 'other',
  EADDRNOTAVAIL: 'unusable',
  EACCES: 'unusable',
}

const BIND_MEANING: Readonly<Record<string, string>> = {
  EADDRINUSE: 'in use by something else: bound, but not accepting connections here',
  EADDRNOTAVAIL: 'cannot be bound: the host is not an address of this machine',
  EACCES: 'cannot be bound: ports below 1024 need privileges',
}

async function owner(port: number): Promise<string> {
  const found = await findPortOwner(port)
  return found ? `; held by pid ${found.pid} (${found.command})` : ''
}

async function inspectPort(host: string, port: number, signal: AbortSignal): Promise<Inspection> {
  const where = hostPort(host, port)
  if (port === 0) return { state: 'ephemeral', outcome: skip('port 0: the server takes any free port at start') }
  const target = connectableHost(host)
  const connected = await tcpConnect(target, port, signal)
  if (connected.connected) {
    const answer = await askHealth(target, port, signal)
    if (answer.chorus !== undefined) {
      return { state: 'chorus', outcome: pass(`${where} in use by Chorus ${answer.chorus}, answering GET /health`) }
    }
    return { state: 'other', outcome: fail(`${where} in use by something else: ${answer.other}${await owner(port)}`) }
  }
  if (connected.code !== 'ECONNREFUSED') {
    return { state: 'unusable', outcome: fail(`${where}: cannot connect to check it (${connected.message})`) }
  }
  const bindError = await trialBind(host, port)
  if (bindError === undefined) return { state: 'free', outcome: pass(`${where} is free`) }
  const meaning = BIND_MEANING[bindError] ?? `cannot be bound (${bindError})`
  const held = bindError === 'EADDRINUSE' ? await owner(port) : ''
  return { state: BIND_ERRORS[bindError] ?? 'unusable', outcome: fail(`${where} ${meaning} (${bindError})${held}`) }
}

export async function checkPorts(
  server: { readonly host: string; readonly port: number },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PortsReport> {
  let state: PortState = 'unknown'
  const result = await timedCheck('ports', timeoutMs, signal, async (inner) => {
    const inspection = await inspectPort(server.host, server.port, inner)
    state = inspection.state
    return inspection.outcome
  })
  return { ...result, host: server.host, port: server.port, state }
}
