/**
 * Starts real Chorus servers for tests on 127.0.0.1 with an OS-chosen port: in-process (for wiring a custom router)
 * or as a child process running the real CLI (`bin/chorus serve`), as a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../src/config/load.js'
import type { Engine } from '../../src/engines/engine.js'
import { Backend } from '../../src/router/backend.js'
import { aliasTable } from '../../src/router/build.js'
import { ChorusMetrics } from '../../src/router/metrics.js'
import { SpeechRouter } from '../../src/router/speech-router.js'
import { buildApp } from '../../src/server/app.js'
import { startServer, type ChorusServer } from '../../src/server/chorus-server.js'

export async function startTestServer(overrides: { maxInputChars?: number } = {}): Promise<ChorusServer> {
  return startServer(await loadConfig({ env: {}, overrides: { port: 0, logLevel: 'silent', ...overrides } }))
}

/** A router over engines the test built (e.g. an instrumented engine), with the default backend settings. */
export async function routerOver(engines: readonly Engine[]): Promise<SpeechRouter> {
  const config = await loadConfig({ env: {} })
  const metrics = new ChorusMetrics()
  const template = config.backends[0]!
  const backends = new Map(engines.map((engine) => [engine.id, new Backend(engine, { ...template, id: engine.id }, metrics)]))
  return new SpeechRouter({ backends, aliases: aliasTable(config), metrics })
}

/** An app around a router the test built (e.g. with an instrumented engine). */
export async function startAppWithRouter(router: SpeechRouter): Promise<{ url: string; close(): Promise<void> }> {
  const config = await loadConfig({ env: {}, overrides: { port: 0, logLevel: 'silent' } })
  const app = await buildApp({ config, router })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close()
      await router.close()
    },
  }
}

export const CHORUS_BIN = fileURLToPath(new URL('../../../bin/chorus', import.meta.url))

export interface ChorusProcess {
  readonly url: string
  readonly child: ChildProcess
  readonly output: () => string
  stop(): Promise<void>
}

/** Runs `bin/chorus serve --port 0 …` and resolves once it logs the address it listens on. */
export async function spawnChorus(args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ChorusProcess> {
  const child = spawn(process.execPath, [CHORUS_BIN, 'serve', '--port', '0', ...args], {
    env: { ...env, CHORUS_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chorus did not start in 20 s:\n${output}`)), 20_000)
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = /listening on (http:\/\/[^\s"(]+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`chorus exited with ${code} before listening:\n${output}`))
    })
  })
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
