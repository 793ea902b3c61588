/** Parsers for command-line option values, failing with a usage error that names the option. */
import { ChorusError } from '../errors.js'

export function parseIntegerOption(name: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value)
    if (!Number.isInteger(parsed)) throw new ChorusError('CHORUS_ERR_CLI_USAGE', { reason: `${name} expects an integer, got "${value}"` })
    return parsed
  }
}

export function parseNumberOption(name: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value)
    if (value.trim() === '' || !Number.isFinite(parsed)) {
      throw new ChorusError('CHORUS_ERR_CLI_USAGE', { reason: `${name} expects a number, got "${value}"` })
    }
    return parsed
  }
}
