/**
 * Which process listens on a TCP port, read from Linux's /proc (the socket table of /proc/net/tcp and tcp6, then
 * each process's open descriptors), so "port in use" can say by what. Best effort: processes of other users are not
 * readable without privileges, and other systems have no /proc; both give `undefined`.
 */
import { readdir, readFile, readlink } from 'node:fs/promises'

export interface PortOwner {
  readonly pid: number
  /** The command line, shortened. */
  readonly command: string
}

/** The `st` column of /proc/net/tcp for a listening socket (TCP_LISTEN). */
const LISTEN_STATE = '0A'
const COMMAND_CHARS = 80

async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '')
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/)
      const local = fields[1]
      if (!local || fields[3] !== LISTEN_STATE) continue
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) inodes.add(fields[9])
    }
  }
  return inodes
}

async function holdsSocket(pid: string, sockets: ReadonlySet<string>): Promise<boolean> {
  const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])
  for (const descriptor of descriptors) {
    const target = await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => '')
    if (sockets.has(target)) return true
  }
  return false
}

async function commandOf(pid: string): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
  const command = raw.split('\0').filter(Boolean).join(' ')
  const text = command || (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim()
  return text.length > COMMAND_CHARS ? `${text.slice(0, COMMAND_CHARS - 1)}…` : text
}

export async function findPortOwner(port: number): Promise<PortOwner | undefined> {
  if (process.platform !== 'linux') return undefined
  const inodes = await listeningInodes(port)
  if (inodes.size === 0) return undefined
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`))
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name))
  for (const pid of pids) {
    if (await holdsSocket(pid, sockets)) return { pid: Number(pid), command: await commandOf(pid) }
  }
  return undefined
}
