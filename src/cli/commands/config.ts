/** `chorus config check [file]`: validates a configuration as `chorus serve` would, without starting anything. */
import type { Command } from 'commander'
import { loadConfig } from '../../config/load.js'
import { aliasTable } from '../../router/build.js'

/** Setting names whose values are secrets, wherever they appear (auth, backend and ASR settings). */
const SECRET_KEYS: ReadonlySet<string> = new Set(['apiKey', 'apiKeys', 'token', 'internalToken', 'password'])

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEYS.has(key) ? (Array.isArray(inner) ? inner.map(() => '***') : '***') : redact(inner),
      ]),
    )
  }
  return value
}

export function registerConfig(program: Command): void {
  const config = program.command('config').description('Work with configuration files')
  config
    .command('check')
    .description('Validate a configuration file (default: CHORUS_CONFIG) and summarize it')
    .argument('[file]', 'chorus.config.json or .yaml')
    .option('--json', 'print the validated configuration as JSON (secrets redacted)')
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      const loaded = await loadConfig(file ? { file } : {})
      if (options.json) {
        process.stdout.write(`${JSON.stringify(redact(loaded), null, 2)}\n`)
        return
      }
      const aliases = aliasTable(loaded)
      process.stdout.write(`${loaded.source}: OK\n`)
      process.stdout.write(`backends (${loaded.backends.length}):\n`)
      for (const backend of loaded.backends) {
        process.stdout.write(`  ${backend.id}  kind=${backend.kind} concurrency=${backend.concurrency} queue=${backend.queue}\n`)
      }
      process.stdout.write(`voices (${Object.keys(aliases).length}):\n`)
      for (const [alias, targets] of Object.entries(aliases)) {
        process.stdout.write(`  ${alias} → ${targets.map((target) => `${target.engine}:${target.voice}`).join(' → ')}\n`)
      }
      process.stdout.write(`auth: ${loaded.auth.apiKeys.length} API key(s), internal token ${loaded.auth.internalToken ? 'set' : 'not set'}\n`)
      if (loaded.shadow.length > 0) {
        for (const rule of loaded.shadow) process.stdout.write(`shadow: ${rule.from} → ${rule.to} (${rule.fraction * 100}%)\n`)
      }
    })
}
