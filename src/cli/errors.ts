/** How the CLI reports a failure: `chorus: CODE: message` on stderr and a non-zero exit code. */
import { toChorusError } from '../errors.js'

export function reportCliError(error: unknown): never {
  const chorusError = toChorusError(error)
  const detail = chorusError.code === 'CHORUS_ERR_INTERNAL' && error instanceof Error ? ` (${error.message})` : ''
  console.error(`chorus: ${chorusError.code}: ${chorusError.message}${detail}`)
  process.exit(chorusError.code === 'CHORUS_ERR_CLI_USAGE' ? 2 : 1)
}
