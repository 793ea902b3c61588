/**
 * Opens a TCP connection and closes it again at once: the cheapest proof that something listens at host:port.
 * Used for HTTP backends (`reachable`) and for the server's own listen address (`ports`).
 */
import { connect } from 'node:net'

export type ConnectOutcome =
  | { readonly connected: true }
  /** `code` is the system error (`ECONNREFUSED`, `EHOSTUNREACH`, `ENOTFOUND` …) when there is one. */
  | { readonly connected: false; readonly code: string | undefined; readonly message: string }

/** Resolves with what happened; rejects only with `signal.reason` when the signal aborts first. */
export function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<ConnectOutcome> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const socket = connect({ host, port })
    const onAbort = (): void => {
      socket.destroy()
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    const settle = (outcome: ConnectOutcome): void => {
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(outcome)
    }
    socket.once('connect', () => settle({ connected: true }))
    socket.once('error', (error: NodeJS.ErrnoException) =>
      settle({ connected: false, code: error.code, message: error.message }),
    )
  })
}

/** `0.0.0.0` and `::` mean "every address" to a server; a client reaches such a server on loopback. */
export function connectableHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  if (bare === '0.0.0.0' || bare === '') return '127.0.0.1'
  if (bare === '::') return '::1'
  return bare
}

/** `host:port`, with IPv6 hosts in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
