/**
 * The cheapest server that still speaks OpenAI's speech wire format, for measuring a load generator's own ceiling:
 * every POST is read to its end and answered 200 with 16 bytes of 24 kHz 16-bit PCM (8 samples, one of them loud
 * enough to count as audible), `Content-Type: audio/pcm` and `X-Sample-Rate: 24000`. Any benchmark client — ours
 * with its first-audio decoding, or autocannon — then does a complete, successful request against it in a few
 * microseconds of server time.
 *
 * It runs as its own process (`startTrivialEndpoint` spawns this file), so the server's event loop and CPU time are
 * not the generator's: on two cores each gets one, and neither one's work shows up in the other's measurements.
 * Run directly, it listens on 127.0.0.1 with an OS-chosen port and prints `listening <port>` on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { LOOPBACK } from './chorus-process.js'

/** Eight samples: silence, one sample at half scale, silence — a valid, audible pcm body. */
const BODY = Buffer.from(new Int16Array([0, 0, 0, 16384, 0, 0, 0, 0]).buffer)
const HEADERS = { 'content-type': 'audio/pcm', 'x-sample-rate': '24000', 'content-length': String(BODY.length) }

export const TRIVIAL_RESPONSE_BYTES = BODY.length

const SCRIPT = fileURLToPath(import.meta.url)
const START_TIMEOUT_MS = 10_000

function serve(): void {
  const server = createServer((request, response) => {
    request.resume()
    request.once('end', () => response.writeHead(200, HEADERS).end(BODY))
  })
  // Benchmarks keep connections alive across blocks; the defaults (5 s) would close them between rounds.
  server.keepAliveTimeout = 60_000
  server.listen(0, LOOPBACK, () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`)
  })
  process.once('SIGTERM', () => process.exit(0))
}

export interface TrivialEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  readonly pid: number
  stop(): Promise<void>
}

export async function startTrivialEndpoint(): Promise<TrivialEndpoint> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS)
  try {
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(() => {
        throw new Error(`the trivial endpoint (${SCRIPT}) exited before listening`)
      }),
    ])) as [string]
    const port = /^listening (\d+)$/.exec(line)?.[1]
    if (port === undefined || child.pid === undefined) throw new Error(`the trivial endpoint said "${line}"`)
    let stopped: Promise<void> | undefined
    return {
      url: `http://${LOOPBACK}:${port}`,
      pid: child.pid,
      stop() {
        stopped ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            const exit = once(child, 'exit')
            child.kill('SIGTERM')
            await exit
          }
          lines.close()
        })()
        return stopped
      },
    }
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
  }
}

if (process.argv[1] === SCRIPT) serve()
