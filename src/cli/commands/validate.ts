/**
 * `chorus validate <folder>`: scores a generated dataset (`<name>.wav` + `<name>.txt` pairs) with the ASR round trip,
 * signal metrics and gates (src/lab/validate-folder.ts), stores every result, and writes report.json, SUMMARY.md and
 * report.html. Progress goes to stderr (a bar on a terminal, one line per item otherwise); the verdict and the
 * report paths to stdout.
 *
 * Exit codes: 0 every item passed; 1 some item failed a gate or could not be scored (or the run itself failed: a
 * recognizer missing, the store unavailable); 2 a usage error (unknown option, bad threshold, no such folder, a
 * folder with nothing to score); 130 interrupted (Ctrl-C: the run row says `cancelled`). Unpaired files are reported
 * but do not change the exit code.
 */
import { stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { Command } from 'commander'
import type { AsrEngine } from '../../engines/asr/asr-engine.js'
import { ChorusError } from '../../errors.js'
import type { GateThresholdOverrides } from '../../lab/gates/index.js'
import { buildValidationReport } from '../../lab/reports/validation-report.js'
import { writeValidationReports } from '../../lab/reports/write-reports.js'
import { validateFolder, type ValidatedItem } from '../../lab/validate-folder.js'
import { openResultStore } from '../../store/open-result-store.js'
import { DEFAULT_STORE_URL, redactStoreUrl } from '../../store/store-url.js'
import { startProgress, type Progress } from '../progress.js'
import { compactTime, INTERRUPTED_EXIT_CODE } from '../options.js'
import {
  addLabRunOptions,
  exitTwoOnUsageErrors,
  parseThresholds,
  resolveAsrEngines,
  USAGE_EXIT_CODE,
} from './lab-options.js'

interface ValidateOptions {
  out?: string
  asr: string[]
  store?: string
  dataset?: string
  compact?: boolean
  threshold: string[]
  concurrency: number
  config?: string
}

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

function itemLine(item: ValidatedItem): string {
  if (item.error) return `${item.id}: ERROR ${item.error.code}`
  const result = item.result!
  const failed = Object.entries(result.gates)
    .filter(([, status]) => status === 'fail')
    .map(([gate]) => gate)
  return `${item.id}: ${result.pass ? 'pass' : `FAIL (${failed.join(', ')})`} WER ${(100 * result.wer).toFixed(1)}%`
}

async function checkFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined)
  if (!info) throw usage(`no such folder: ${folder}`)
  if (!info.isDirectory())
    throw usage(`${folder} is not a folder; give the folder that holds the *.wav and *.txt files`)
}

async function runValidate(folderArgument: string, options: ValidateOptions): Promise<void> {
  const folder = resolve(folderArgument)
  await checkFolder(folder)
  const thresholds: GateThresholdOverrides = parseThresholds(options.threshold)
  const dataset = options.dataset ?? basename(folder)
  if (dataset.trim() === '') throw usage('--dataset must not be empty')
  const storeUrl = options.store ?? (process.env.CHORUS_STORE || DEFAULT_STORE_URL)
  const engines: AsrEngine[] = await resolveAsrEngines(options.asr, options.config)
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  try {
    const store = await openResultStore(storeUrl)
    try {
      let progress: Progress | undefined
      const validation = await validateFolder({
        folder,
        dataset,
        asr: engines,
        thresholds,
        concurrency: options.concurrency,
        store,
        signal: controller.signal,
        spec: {
          command: 'validate',
          folder,
          dataset,
          asr: engines.map((engine) => engine.id),
          thresholds: options.threshold,
          concurrency: options.concurrency,
        },
        onStart: (total, unpaired) => {
          for (const file of unpaired) process.stderr.write(`unpaired: ${file.file} has no same-name ${file.missing}\n`)
          progress = startProgress('validate', total)
        },
        onItem: (item) => progress?.tick({ label: item.id, failed: item.result?.pass !== true, line: itemLine(item) }),
      }).finally(() => progress?.stop())
      const runId = `${compactTime(validation.startedAt)}${validation.storeRunId === undefined ? '' : `-run${validation.storeRunId}`}`
      const report = buildValidationReport(validation, {
        runId,
        store: redactStoreUrl(storeUrl),
        thresholds,
        concurrency: options.concurrency,
        compact: options.compact,
      })
      const written = await writeValidationReports(resolve(options.out ?? join('chorus-reports', runId)), report)
      const { summary } = validation
      const wer = (value: number | null): string => (value === null ? '–' : `${(100 * value).toFixed(1)}%`)
      process.stdout.write(
        `${dataset}: ${summary.items} items, ${summary.passed} passed, ${summary.failed} failed` +
          `${summary.errors > 0 ? ` (${summary.errors} not scorable)` : ''}` +
          ` · corpus WER ${wer(summary.corpus_wer)} · mean per-utterance WER ${wer(summary.mean_utterance_wer)}` +
          `${summary.unpaired > 0 ? ` · ${summary.unpaired} unpaired files` : ''}\n`,
      )
      for (const item of validation.items.filter((candidate) => !candidate.result?.pass))
        process.stdout.write(`  ${itemLine(item)}\n`)
      process.stdout.write(
        `reports: ${written.markdown}\n         ${written.html}\n         ${written.json}\n` +
          `store: ${redactStoreUrl(storeUrl)} (run ${validation.storeRunId})\n`,
      )
      if (summary.failed > 0) process.exitCode = 1
    } finally {
      await store.close()
    }
  } finally {
    process.off('SIGINT', onSignal)
    await Promise.allSettled(engines.map((engine) => engine.close()))
  }
}

export function registerValidate(program: Command): void {
  exitTwoOnUsageErrors(
    addLabRunOptions(
      program
        .command('validate')
        .description('Score a folder of generated speech (<name>.wav + <name>.txt) and write reports')
        .argument('<folder>', 'folder of *.wav clips, each with a same-name *.txt holding the text it should say')
        .option('-o, --out <dir>', 'report folder (default: ./chorus-reports/<run-id>/)'),
      { units: 'items scored', datasetDefault: 'the folder name', passed: 'all items passed' },
    ).action(async (folder: string, options: ValidateOptions) => {
      try {
        await runValidate(folder, options)
      } catch (error) {
        if (!(error instanceof ChorusError)) throw error
        if (error.code === 'CHORUS_ERR_DATASET_EMPTY') {
          // Nothing to score is the caller's mistake (a wrong folder), so it exits like any usage error.
          process.stderr.write(`chorus: ${error.code}: ${error.message}\n`)
          process.exitCode = USAGE_EXIT_CODE
        } else if (error.code === 'CHORUS_ERR_ABORTED') {
          process.stderr.write(
            `chorus: ${error.code}: validation interrupted; the run is recorded as cancelled and the items scored so far are in the store\n`,
          )
          process.exitCode = INTERRUPTED_EXIT_CODE
        } else throw error
      }
    }),
  )
}
