/**
 * `chorus eval`: the scenario matrix — backends × voices × eval-set prompts, each synthesized (best of
 * `--candidates` takes), transcribed back and gated (src/lab/eval/run-eval.ts); results go to the store and to
 * report.json, SUMMARY.md, report.html and spec.json in the report folder. `--spec <file>` runs a saved spec.json
 * again (other options then override it).
 *
 * Exit codes: 0 every cell passed; 1 some cell failed (or the run could not finish); 2 a usage error (unknown
 * backend, voice, category or option); 130 interrupted.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { ChorusError } from '../../errors.js'
import { writeEvalReports } from '../../lab/eval/eval-report.js'
import { KEEP_WAVS, MAX_CANDIDATES, parseEvalSpec, type EvalSpec } from '../../lab/eval/eval-spec.js'
import { runEval, type TakeEvent } from '../../lab/eval/run-eval.js'
import { openResultStore } from '../../store/open-result-store.js'
import { DEFAULT_STORE_URL, redactStoreUrl } from '../../store/store-url.js'
import { compactTime, INTERRUPTED_EXIT_CODE, parsePositiveIntegerOption } from '../options.js'
import { startProgress, type Progress } from '../progress.js'
import { addLabRunOptions, collectList, exitTwoOnUsageErrors } from './lab-options.js'

interface EvalOptions {
  spec?: string
  set: string[]
  backend: string[]
  voice: string[]
  category: string[]
  limit?: number
  candidates?: number
  keepWavs?: string
  seed?: number
  asr: string[]
  threshold: string[]
  language?: string
  dataset?: string
  store?: string
  out?: string
  compact?: boolean
  concurrency: number
  config?: string
  json?: boolean
}

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

async function readSpecFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw usage(`--spec: cannot read ${file}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw usage(`--spec: ${file} is not JSON: ${(error as Error).message}`)
  }
}

/** The spec file (if any), overridden by every option given on the command line. */
async function specFrom(options: EvalOptions): Promise<EvalSpec> {
  const base = options.spec ? ((await readSpecFile(options.spec)) as Record<string, unknown>) : {}
  const lists: [keyof EvalSpec, string[]][] = [
    ['sets', options.set],
    ['backends', options.backend],
    ['voices', options.voice],
    ['categories', options.category],
    ['asr', options.asr],
    ['thresholds', options.threshold],
  ]
  const overrides: Record<string, unknown> = {}
  for (const [key, values] of lists) if (values.length > 0) overrides[key] = values
  const scalars: [keyof EvalSpec, unknown][] = [
    ['limit', options.limit],
    ['candidates', options.candidates],
    ['keepWavs', options.keepWavs],
    ['seed', options.seed],
    ['language', options.language],
    ['dataset', options.dataset],
    ['config', options.config ?? (options.spec ? undefined : process.env.CHORUS_CONFIG || undefined)],
  ]
  for (const [key, value] of scalars) if (value !== undefined) overrides[key] = value
  if (options.keepWavs !== undefined && !(KEEP_WAVS as readonly string[]).includes(options.keepWavs))
    throw usage(`--keep-wavs takes ${KEEP_WAVS.join(', ')}; got "${options.keepWavs}"`)
  if (options.candidates !== undefined && options.candidates > MAX_CANDIDATES)
    throw usage(`--candidates takes at most ${MAX_CANDIDATES}; got ${options.candidates}`)
  return parseEvalSpec({ ...base, ...overrides })
}

function takeLine(event: TakeEvent, candidates: number): string {
  const take = candidates > 1 ? ` take ${event.take + 1}/${candidates}` : ''
  return `${event.cell}${take}: ${event.error ? `ERROR ${event.error}` : event.pass ? 'pass' : 'FAIL'}`
}

async function runEvalCommand(options: EvalOptions): Promise<void> {
  const spec = await specFrom(options)
  const storeUrl = options.store ?? (process.env.CHORUS_STORE || DEFAULT_STORE_URL)
  const startedAt = new Date().toISOString()
  const outDir = resolve(options.out ?? join('chorus-reports', `eval-${compactTime(startedAt)}`))
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  const store = await openResultStore(storeUrl)
  let progress: Progress | undefined
  try {
    const result = await runEval(spec, {
      signal: controller.signal,
      outDir,
      store,
      concurrency: options.concurrency,
      onStart: (_cells, takes) => {
        progress = startProgress('eval', takes)
      },
      onTake: (event) =>
        progress?.tick({ label: event.cell, failed: !event.pass, line: takeLine(event, spec.candidates) }),
    }).finally(() => progress?.stop())
    const { summary } = result.validation
    const runId = `${compactTime(result.validation.startedAt)}-run${result.validation.storeRunId}`
    const written = await writeEvalReports(outDir, result, {
      runId,
      store: redactStoreUrl(storeUrl),
      concurrency: options.concurrency,
      compact: options.compact,
    })
    if (options.json) {
      process.stdout.write(`${await readFile(written.json, 'utf8')}`)
    } else {
      const percent = (value: number | null): string => (value === null ? '–' : `${(100 * value).toFixed(1)}%`)
      process.stdout.write(
        `${result.dataset}: ${summary.items} cells, ${summary.passed} passed, ${summary.failed} failed` +
          `${summary.errors > 0 ? ` (${summary.errors} could not be synthesized or scored)` : ''}` +
          ` · corpus WER ${percent(summary.corpus_wer)} · mean per-utterance WER ${percent(summary.mean_utterance_wer)}\n`,
      )
      for (const row of result.matrix.rows)
        process.stdout.write(
          `  ${row.backend}:${row.voice}: ${row.overall.passed}/${row.overall.items} passed · corpus WER ${percent(row.overall.corpus_wer)}\n`,
        )
      process.stdout.write(
        `reports: ${written.markdown}\n         ${written.html}\n         ${written.json}\n         ${written.spec}\n` +
          `store: ${redactStoreUrl(storeUrl)} (run ${result.validation.storeRunId})\n`,
      )
    }
    if (summary.failed > 0) process.exitCode = 1
  } finally {
    process.off('SIGINT', onSignal)
    await store.close()
  }
}

export function registerEval(program: Command): void {
  exitTwoOnUsageErrors(
    addLabRunOptions(
      program
        .command('eval')
        .description('Synthesize eval-set prompts on backends × voices, transcribe back, gate, and write reports')
        .option('--spec <file>', 'run a saved spec.json (options given as well override it)')
        .option(
          '--set <names>',
          'eval sets: scenarios, categories, or a JSON file (default: categories)',
          collectList,
          [],
        )
        .option('-b, --backend <ids>', 'backend ids of the configuration (default: all)', collectList, [])
        .option(
          '-v, --voice <voices>',
          'voices: `voice` on every backend that has it, or `backend:voice` (default: each backend’s first)',
          collectList,
          [],
        )
        .option('--category <names>', 'only prompts of these categories', collectList, [])
        .option('--limit <n>', 'at most n prompts per set', parsePositiveIntegerOption('--limit'))
        .option(
          '-n, --candidates <n>',
          `best-of-N: takes per cell, the best kept (1–${MAX_CANDIDATES}; default 1)`,
          parsePositiveIntegerOption('--candidates'),
        )
        .option('--keep-wavs <which>', `clips kept on disk: ${KEEP_WAVS.join(' | ')} (default best)`)
        .option('--seed <n>', 'first seed for engines that sample (take k uses seed + k; default 1)', (value) => {
          const parsed = Number(value)
          if (!Number.isSafeInteger(parsed) || parsed < 0)
            throw usage(`--seed expects a whole number ≥ 0, got "${value}"`)
          return parsed
        })
        .option('--language <code>', 'ISO 639-1 language passed to the recognizers')
        .option('-o, --out <dir>', 'report folder (default: ./chorus-reports/eval-<time>/)')
        .option('--json', 'print report.json instead of the summary'),
      { units: 'cells', datasetDefault: 'eval-<sets>', passed: 'every cell passed' },
    ).action(async (options: EvalOptions) => {
      try {
        await runEvalCommand(options)
      } catch (error) {
        if (!(error instanceof ChorusError) || error.code !== 'CHORUS_ERR_ABORTED') throw error
        process.stderr.write(`chorus: ${error.code}: eval interrupted\n`)
        process.exitCode = INTERRUPTED_EXIT_CODE
      }
    }),
  )
}
