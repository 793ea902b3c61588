/**
 * Options the quality-lab commands share (`chorus validate`, `chorus eval`, `chorus wer`): which ASR
 * engines to score with, gate thresholds from the command line, and exit code 2 for every usage error — commander's
 * own (unknown option, missing argument) included, so scripts can tell "you called it wrong" (2) from "the audio
 * failed" (1). The ASR engine and threshold parsing live in src/lab/lab-setup.ts, re-exported here.
 */
import { availableParallelism } from 'node:os'
import { CommanderError, type Command } from 'commander'
import { DEFAULT_STORE_URL } from '../../store/store-url.js'
import { INTERRUPTED_EXIT_CODE, parsePositiveIntegerOption } from '../options.js'

export { parseThresholds, resolveAsrEngines } from '../../lab/lab-setup.js'

export const USAGE_EXIT_CODE = 2

/** Makes commander's parse errors on `command` exit with 2 (help and --version still exit 0). */
export function exitTwoOnUsageErrors(command: Command): Command {
  return command.exitOverride((error) => {
    if (error.exitCode === 0) throw error
    throw new CommanderError(USAGE_EXIT_CODE, error.code, error.message)
  })
}

/** Collects a repeatable option's values; each may also be a comma-separated list. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ]
}

/**
 * The options every scoring run takes (`chorus validate`, `chorus eval`): recognizers, gate thresholds, the store and
 * dataset name, report detail, concurrency and the configuration file — plus the exit-code help every lab command
 * prints. `what` words the help for this command (what `--concurrency` counts, what the dataset defaults to).
 */
export function addLabRunOptions(
  command: Command,
  what: { readonly units: string; readonly datasetDefault: string; readonly passed: string },
): Command {
  return command
    .option(
      '--asr <engines>',
      'one or two ASR engines, comma-separated: asr[] ids of the config, or kinds (default: pocketsphinx)',
      collectList,
      [],
    )
    .option(
      '--threshold <gate=value>',
      'override a gate threshold, e.g. asr_wer=0.3 or speaking_rate.max=9 (repeatable)',
      collectList,
      [],
    )
    .option('--store <url>', `results store URL (env CHORUS_STORE; default ${DEFAULT_STORE_URL})`)
    .option('--dataset <name>', `dataset name results are stored under (default: ${what.datasetDefault})`)
    .option('--compact', 'leave per-word tables out of report.json')
    .option(
      '--concurrency <n>',
      `${what.units} worked on at once (default: one per core)`,
      parsePositiveIntegerOption('--concurrency'),
      availableParallelism(),
    )
    .option('-c, --config <file>', 'configuration file with the backends and asr[] engines (env CHORUS_CONFIG)')
    .addHelpText(
      'after',
      `\nExit codes: 0 ${what.passed}, 1 some failed (or the run could not finish), ${USAGE_EXIT_CODE} usage error, ` +
        `${INTERRUPTED_EXIT_CODE} interrupted.`,
    )
}
