/**
 * Options the quality-lab commands share (`chorus validate`, `chorus eval`, `chorus wer`): which ASR
 * engines to score with, gate thresholds from the command line, and exit code 2 for every usage error — commander's
 * own (unknown option, missing argument) included, so scripts can tell "you called it wrong" (2) from "the audio
 * failed" (1). The ASR engine and threshold parsing live in src/lab/lab-setup.ts, re-exported here.
 */
import { CommanderError, type Command } from 'commander'

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
