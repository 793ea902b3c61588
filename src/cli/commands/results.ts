/**
 * `chorus results [runs]` and `chorus results items`: what the quality lab has stored, as a table or JSON, from the
 * store named by `--store` (else CHORUS_STORE, else `sqlite:./chorus-results.db`). A SQLite file that does not exist
 * yet is reported as "no results", not created.
 */
import { existsSync } from 'node:fs'
import { Option, type Command } from 'commander'
import { ChorusError } from '../../errors.js'
import { openResultStore } from '../../store/open-result-store.js'
import {
  RUN_KINDS,
  type AudioResult,
  type ResultStore,
  type RunKind,
  type RunRecord,
} from '../../store/result-store.js'
import { DEFAULT_STORE_URL, parseStoreUrl, redactStoreUrl } from '../../store/store-url.js'
import { parseIntegerOption, parsePositiveIntegerOption } from '../options.js'

interface CommonOptions {
  store?: string
  limit: number
  json?: boolean
}

interface RunsOptions extends CommonOptions {
  kind?: RunKind
  since?: string
  dataset?: string
  failed?: boolean
}

interface ItemsOptions extends CommonOptions {
  dataset?: string
  run?: number
  failed?: boolean
  passed?: boolean
  backend?: string
  voice?: string
  offset?: number
}

const DEFAULT_LIMIT = 50

function withCommonOptions(command: Command): Command {
  return command
    .option('--store <url>', `results store URL (env CHORUS_STORE; default ${DEFAULT_STORE_URL})`)
    .option('--limit <n>', 'show at most this many', parsePositiveIntegerOption('--limit'), DEFAULT_LIMIT)
    .option('--json', 'print JSON instead of a table')
}

/** Opens the store, or returns undefined (after saying so) when its SQLite file does not exist yet. */
async function openExisting(url: string): Promise<ResultStore | undefined> {
  const location = parseStoreUrl(url)
  if (location.dialect === 'sqlite' && location.filename !== ':memory:' && !existsSync(location.filename)) {
    process.stderr.write(
      `No results yet: ${location.filename} does not exist (validate, eval, bench, compare and canary runs create it).\n`,
    )
    return undefined
  }
  return openResultStore(url)
}

async function withStore<T>(
  options: CommonOptions,
  list: (store: ResultStore) => Promise<T[]>,
  print: (rows: T[]) => void,
): Promise<void> {
  const url = options.store ?? process.env.CHORUS_STORE ?? DEFAULT_STORE_URL
  const store = await openExisting(url)
  const rows = store ? await list(store).finally(() => store.close()) : []
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    return
  }
  if (rows.length === 0) {
    if (store) process.stderr.write(`Nothing matches in ${redactStoreUrl(url)}.\n`)
    return
  }
  print(rows)
  if (rows.length === options.limit) process.stderr.write(`(first ${options.limit}; use --limit for more)\n`)
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    )
  }
}

/** `2026-05-01T12:03:04.567Z` → `2026-05-01 12:03:04Z`. */
const shortTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`

function duration(run: RunRecord): string {
  if (!run.finished_at) return '-'
  const seconds = (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`
}

const clip = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text)

function printRuns(runs: RunRecord[]): void {
  printTable(
    ['ID', 'KIND', 'STATUS', 'STARTED', 'DURATION', 'NAME', 'VERSION'],
    runs.map((run) => [
      String(run.id),
      run.kind,
      run.status,
      shortTime(run.started_at),
      duration(run),
      clip(run.name ?? '', 40),
      run.chorus_version,
    ]),
  )
}

function printItems(results: AudioResult[]): void {
  printTable(
    ['DATASET', 'ITEM', 'VERDICT', 'WER', 'BACKEND', 'VOICE', 'RUN', 'TEXT'],
    results.map((result) => [
      result.dataset,
      result.item_id,
      result.pass ? 'pass' : 'FAIL',
      `${(result.wer * 100).toFixed(1)}%`,
      result.backend ?? '',
      result.voice ?? '',
      String(result.run_id),
      clip(result.text.replace(/\s+/g, ' '), 48),
    ]),
  )
}

export function registerResults(program: Command): void {
  const results = program.command('results').description('List stored lab runs (default) or audio results')

  withCommonOptions(results.command('runs', { isDefault: true }).description('List runs, newest first'))
    .addOption(new Option('--kind <kind>', 'only runs of this kind').choices(RUN_KINDS))
    .option('--since <date>', 'only runs started at or after this ISO date-time')
    .addOption(new Option('--dataset <name>').hideHelp())
    .addOption(new Option('--failed').hideHelp())
    .action(async (options: RunsOptions) => {
      if (options.dataset !== undefined || options.failed) {
        const flag = options.failed ? '--failed' : '--dataset'
        throw new ChorusError('CHORUS_ERR_CLI_USAGE', {
          reason: `${flag} filters audio results: use \`chorus results items ${flag}\``,
        })
      }
      await withStore(
        options,
        (store) => store.listRuns({ kind: options.kind, since: options.since, limit: options.limit }),
        printRuns,
      )
    })

  withCommonOptions(
    results.command('items').description('List audio results (one row per file and dataset), by dataset and item id'),
  )
    .option('--dataset <name>', 'only this dataset')
    .option('--run <id>', 'only results last scored by this run', parseIntegerOption('--run'))
    .addOption(new Option('--failed', 'only results that failed their gates').conflicts('passed'))
    .option('--passed', 'only results that passed')
    .option('--backend <id>', 'only this backend')
    .option('--voice <voice>', 'only this voice')
    .option('--offset <n>', 'skip this many (paging)', parseIntegerOption('--offset'))
    .action(async (options: ItemsOptions) => {
      const pass = options.failed ? false : options.passed ? true : undefined
      await withStore(
        options,
        (store) =>
          store.listAudioResults({
            dataset: options.dataset,
            run_id: options.run,
            pass,
            backend: options.backend,
            voice: options.voice,
            limit: options.limit,
            offset: options.offset,
          }),
        printItems,
      )
    })
}
