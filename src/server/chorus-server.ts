/**
 * Assembles a running Chorus from a frozen config: the router (engines, pools, breakers, aliases, shadow traffic)
 * and the HTTP app. `close()` stops accepting requests, then releases every engine.
 */
import type { FastifyInstance } from 'fastify'
import { pino, type DestinationStream, type Logger } from 'pino'
import type { ChorusConfig } from '../config/schema.js'
import { buildRouter } from '../router/build.js'
import type { SpeechRouter } from '../router/speech-router.js'
import { buildApp } from './app.js'

export interface ChorusServer {
  readonly app: FastifyInstance
  readonly router: SpeechRouter
  /** The base URL it listens on, e.g. http://127.0.0.1:8880 */
  readonly url: string
  close(): Promise<void>
}

export interface StartServerOptions {
  /** Where log lines go (default: standard output); e.g. a stream a test reads. */
  readonly logDestination?: DestinationStream
}

export function createLogger(config: Readonly<ChorusConfig>, destination?: DestinationStream): Logger {
  const options = { level: config.server.logLevel }
  return destination ? pino(options, destination) : pino(options)
}

export async function startServer(
  config: Readonly<ChorusConfig>,
  options: StartServerOptions = {},
): Promise<ChorusServer> {
  const log = createLogger(config, options.logDestination)
  const router = await buildRouter(config, log)
  let app: FastifyInstance | undefined
  try {
    app = await buildApp({ config, router, log })
    await app.listen({ host: config.server.host, port: config.server.port })
  } catch (error) {
    await app?.close()
    await router.close()
    throw error
  }
  router.startHealthProbes()
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.server.port
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host
  const started = app
  return {
    app: started,
    router,
    url: `http://${host}:${port}`,
    async close() {
      await started.close()
      await router.close()
    },
  }
}
