/**
 * The benchmark commands' answer to a usage error raised while running (a bad flag value, an invalid spec): the coded
 * message on stderr as `chorus: CODE: message` and exit code 2 instead of a stack trace. Which codes mean "called
 * wrong" is each command's list; every other error propagates to the CLI's own handler.
 *
 * @example
 * command.action(usageErrorsExitTwo(USAGE_CODES, (options: BenchOptions) => runBenchCommand(options)))
 */
import { ChorusError } from '../../errors.js'
import { USAGE_EXIT_CODE } from './lab-options.js'

export function usageErrorsExitTwo<A extends unknown[]>(
  codes: ReadonlySet<string>,
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args)
    } catch (error) {
      if (error instanceof ChorusError && codes.has(error.code)) {
        process.stderr.write(`chorus: ${error.code}: ${error.message}\n`)
        process.exitCode = USAGE_EXIT_CODE
        return
      }
      throw error
    }
  }
}
