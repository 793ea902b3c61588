/** `chorus voices`: every voice name a request may use (aliases first), from the engines in this process. */
import type { Command } from 'commander'
import { loadRouter } from '../load-router.js'

export function registerVoices(program: Command): void {
  program
    .command('voices')
    .description('List the voices and aliases the server would accept')
    .option('--json', 'print JSON instead of a table')
    .option('-c, --config <file>', 'configuration file (env CHORUS_CONFIG)')
    .action(async (options: { json?: boolean; config?: string }) => {
      const router = await loadRouter(options.config)
      try {
        const voices = await router.listVoices()
        if (options.json) {
          process.stdout.write(`${JSON.stringify(voices, null, 2)}\n`)
          return
        }
        const rows = voices.map((voice) => [
          voice.id,
          voice.targets ? `alias → ${voice.targets.join(', ')}` : `${voice.engine}`,
          voice.languages.join(','),
          voice.gender ?? '',
          voice.targets ? '' : voice.name,
        ])
        const header = ['VOICE', 'ENGINE / TARGET', 'LANGUAGES', 'GENDER', 'NAME']
        const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
        for (const row of [header, ...rows]) {
          process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`)
        }
      } finally {
        await router.close()
      }
    })
}
