/** `chorus serve`: the HTTP server, on the embedded engine when nothing is configured. */
import type { Command } from 'commander'
import { loadConfig } from '../../config/load.js'
import { startServer } from '../../server/chorus-server.js'
import { parseIntegerOption } from '../options.js'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the OpenAI-compatible speech server (default 127.0.0.1:8880; PORT/HOST env override)')
    .option('-p, --port <port>', 'port to listen on (env PORT; default 8880)', parseIntegerOption('--port'))
    .option('-H, --host <host>', 'address to bind (env HOST; default 127.0.0.1)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (env CHORUS_LOG_LEVEL; default info)')
    .option('-c, --config <file>', 'configuration file, JSON or YAML (env CHORUS_CONFIG)')
    .option('--max-input-chars <n>', 'longest accepted `input` (env CHORUS_MAX_INPUT_CHARS; default 4096)', parseIntegerOption('--max-input-chars'))
    .action(async (options: { port?: number; host?: string; logLevel?: string; maxInputChars?: number; config?: string }) => {
      const { config: file, ...overrides } = options
      const config = await loadConfig({ ...(file ? { file } : {}), overrides })
      const server = await startServer(config)
      server.app.log.info(`Chorus listening on ${server.url} (voices: GET ${server.url}/v1/audio/voices)`)
      let stopping = false
      const stop = async (signal: string) => {
        if (stopping) return
        stopping = true
        server.app.log.info(`${signal} received, shutting down`)
        await server.close()
        process.exit(0)
      }
      process.on('SIGINT', () => void stop('SIGINT'))
      process.on('SIGTERM', () => void stop('SIGTERM'))
    })
}
