/** Parsers for command-line option values, failing with a usage error that names the option. */
import { ChorusError } from '../errors.js'

export function parseIntegerOption(name: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value)
    if (!Number.isInteger(parsed))
      throw new ChorusError('CHORUS_ERR_CLI_USAGE', { reason: `${name} expects an integer, got "${value}"` })
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

/** A whole number ≥ 1, e.g. `--concurrency`. */
export function parsePositiveIntegerOption(name: string): (value: string) => number {
  const parseInteger = parseIntegerOption(name)
  return (value) => {
    const parsed = parseInteger(value)
    if (parsed < 1)
      throw new ChorusError('CHORUS_ERR_CLI_USAGE', { reason: `${name} expects a whole number ≥ 1, got "${value}"` })
    return parsed
  }
}

/** `2026-05-01T12:03:04.567Z` → `20260501T120304Z`: a timestamp for folder names. */
export const compactTime = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

/**
 * `--header "Name: value"` lines (repeatable) and an API key sent as `Authorization: Bearer …` unless a header already
 * sets it: what load and drift commands send to the servers they measure. Names are lower-cased.
 */
export function parseRequestHeaders(lines: readonly string[], apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0)
      throw new ChorusError('CHORUS_ERR_CLI_USAGE', { reason: `--header expects "Name: value"; got "${line}"` })
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  if (apiKey) headers.authorization ??= `Bearer ${apiKey}`
  return headers
}

/** What shells report for a process ended by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130
