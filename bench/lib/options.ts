/**
 * Command-line option helpers shared by benchmarks, on top of `node:util` parseArgs: every benchmark accepts
 * `--results-dir` and `--help`, and numeric options fail with a message naming the option.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { BenchmarkSetupError } from './errors.js'

/** Spread into a benchmark's parseArgs `options`. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'results-dir': { type: 'string' },
} as const

/** The limits of interleaved closed-loop benchmarks (`InterleaveLimits` in ./interleaved.ts) and their concurrencies. */
export const INTERLEAVE_OPTIONS = {
  concurrency: { type: 'string' },
  requests: { type: 'string' },
  'max-seconds': { type: 'string' },
  warmup: { type: 'string' },
  block: { type: 'string' },
} as const

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

type BenchmarkValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof COMMON_OPTIONS & O }>
>['values']

/**
 * A benchmark's arguments parsed with {@link COMMON_OPTIONS} added; a parse error becomes a message with the help text,
 * and `--help` prints `help` and gives undefined (the benchmark then returns).
 *
 * @example
 * const values = parseBenchmarkArgs(args, { ...INTERLEAVE_OPTIONS }, HELP)
 * if (values === undefined) return
 */
export function parseBenchmarkArgs<const O extends OptionsConfig>(
  args: readonly string[],
  options: O,
  help: string,
): BenchmarkValues<O> | undefined {
  const { values } = parseOrExplain(
    () => parseArgs({ args: [...args], options: { ...COMMON_OPTIONS, ...options } }),
    help,
  )
  if ((values as { help?: boolean }).help === true) {
    console.log(help)
    return undefined
  }
  return values as BenchmarkValues<O>
}

export const COMMON_HELP = `  --results-dir <dir>   where <name>.json and <name>.md are written (default: bench/results)
  -h, --help            this text`

export function positiveInteger(option: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1)
    throw new BenchmarkSetupError(`--${option} must be a positive integer; got "${raw}"`)
  return value
}

export function positiveNumber(option: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0)
    throw new BenchmarkSetupError(`--${option} must be a positive number; got "${raw}"`)
  return value
}

/** "1,4" → [1, 4]; duplicates are dropped, order kept. */
export function positiveIntegerList(option: string, raw: string | undefined, fallback: readonly number[]): number[] {
  if (raw === undefined) return [...fallback]
  const values = raw.split(',').map((part) => positiveInteger(option, part.trim(), NaN))
  return [...new Set(values)]
}

/** "slt,awb" → ["slt", "awb"], each checked against `allowed`. */
export function choiceList(option: string, raw: string | undefined, allowed: readonly string[]): string[] {
  if (raw === undefined) return [...allowed]
  const values = [
    ...new Set(
      raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ]
  const unknown = values.filter((value) => !allowed.includes(value))
  if (unknown.length > 0 || values.length === 0) {
    throw new BenchmarkSetupError(`--${option} takes a comma-separated list of ${allowed.join(', ')}; got "${raw}"`)
  }
  return values
}

/** Runs a `parseArgs` call, turning its unknown-option and missing-value errors into a message with the help text. */
export function parseOrExplain<T>(parse: () => T, help: string): T {
  try {
    return parse()
  } catch (error) {
    throw new BenchmarkSetupError(`${(error as Error).message}\n\n${help}`)
  }
}
