/**
 * `chorus doctor`: the post-maintenance checklist. Loads the configuration `serve` would (`--config`,
 * CHORUS_CONFIG, PORT/HOST) and checks every backend on its own — reachable, health, a smoke synthesis that decodes,
 * is audible and long enough, optionally what a recognizer hears of it — plus the configured recognizers' health
 * and the server's listen address, then prints a table (or `--json`). `--wait` keeps checking what fails, for
 * restart scripts. The checks themselves live in src/doctor/.
 *
 * Exit codes: 0 every check passed (skipped ones do not count); 1 some check failed (with `--wait`: still failing
 * when the timeout ran out); 2 a usage error (unknown option, bad value, a configuration that does not load); 130
 * interrupted (Ctrl-C).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Option, type Command } from 'commander'
import { loadConfig } from '../../config/load.js'
import type { ChorusConfig } from '../../config/schema.js'
import { closestKey } from '../../config/suggest.js'
import { Doctor } from '../../doctor/doctor.js'
import { formatRetry, formatTable, formatVerdict } from '../../doctor/format.js'
import { runDoctor } from '../../doctor/wait.js'
import type { AsrSmokeOptions } from '../../doctor/asr-check.js'
import type { AsrEngine } from '../../engines/asr/asr-engine.js'
import { ChorusError } from '../../errors.js'
import { parseIntegerOption, parseNumberOption } from '../options.js'
import { collectList, exitTwoOnUsageErrors, resolveAsrEngines, USAGE_EXIT_CODE } from './lab-options.js'

interface DoctorCliOptions {
  config?: string
  json?: boolean
  wait?: boolean
  interval: number
  timeout: number
  checkTimeout: number
  minSeconds: number
  minBytes: number
  phrase: string
  voice?: string[]
  backend?: string[]
  asr?: string
  maxWer: number
  concurrency: number
}

const FAILED_EXIT_CODE = 1
/** What shells report for a process ended by Ctrl-C (128 + SIGINT). */
const INTERRUPTED_EXIT_CODE = 130
/** How long engines get to shut down after the report is printed, before the process exits anyway. */
const CLOSE_GRACE_MS = 3000
export const DEFAULT_SMOKE_PHRASE = 'This is a test of the speech system.'

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 }

/** `2s`, `1.5s`, `500ms`, `2m`; a bare number is seconds. */
export function parseDurationMs(name: string): (value: string) => number {
  return (value) => {
    const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?\s*$/i.exec(value)
    const ms = match ? Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? 's').toLowerCase()]! : Number.NaN
    if (!(ms >= 1)) throw usage(`${name} expects a duration such as 2s, 500ms or 2m (at least 1 ms); got "${value}"`)
    return Math.round(ms)
  }
}

function durationOption(flags: string, description: string, defaultMs: number): Option {
  const name = flags.split(' ')[0]!
  return new Option(flags, description).argParser(parseDurationMs(name)).default(defaultMs, `${defaultMs / 1000}s`)
}

/** `5120`, `5k`, `5KB`, `5KiB` → bytes (k = 1024). */
function parseBytes(value: string): number {
  const match = /^\s*(\d+)\s*(k|kb|kib)?\s*$/i.exec(value)
  if (!match) throw usage(`--min-bytes expects a whole number of bytes such as 5120 or 5k; got "${value}"`)
  return Number(match[1]) * (match[2] ? 1024 : 1)
}

function inRange(name: string, parse: (value: string) => number, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = parse(value)
    if (parsed < min || parsed > max) throw usage(`${name} expects a value from ${min} to ${max}; got "${value}"`)
    return parsed
  }
}

function unknownBackend(option: string, id: string, config: Readonly<ChorusConfig>): ChorusError {
  const ids = config.backends.map((backend) => backend.id)
  const guess = closestKey(id, ids)
  return usage(
    `${option}: no backend \`${id}\` in ${config.source}${guess ? `; did you mean \`${guess}\`?` : ''} Backends: ${ids.join(', ')}`,
  )
}

/** `--voice backend=voice` pairs, checked against the configured backends. */
function parseVoices(pairs: readonly string[], config: Readonly<ChorusConfig>): Record<string, string> {
  const voices: Record<string, string> = {}
  for (const pair of pairs) {
    const match = /^([^=]+)=(.+)$/.exec(pair)
    if (!match) throw usage(`--voice expects backend=voice (e.g. kokoro=af_bella); got "${pair}"`)
    const [, id, voice] = match as unknown as [string, string, string]
    if (!config.backends.some((backend) => backend.id === id)) throw unknownBackend('--voice', id, config)
    voices[id] = voice
  }
  return voices
}

/** The configuration narrowed to `--backend` ids, when given. */
function selectBackends(config: Readonly<ChorusConfig>, ids: readonly string[]): Readonly<ChorusConfig> {
  if (ids.length === 0) return config
  for (const id of ids)
    if (!config.backends.some((backend) => backend.id === id)) throw unknownBackend('--backend', id, config)
  return { ...config, backends: config.backends.filter((backend) => ids.includes(backend.id)) }
}

/**
 * The `--asr` recognizer, resolved as the lab commands do (an `asr[]` id of the configuration, or a kind). A name
 * that resolves to nothing is a usage error now; a recognizer that is down is built again when next needed.
 */
async function asrRecognizer(
  name: string,
  file: string | undefined,
): Promise<{ get: () => Promise<AsrEngine>; close: () => Promise<void> }> {
  let building: Promise<AsrEngine> | undefined
  const get = (): Promise<AsrEngine> => {
    if (!building) {
      building = resolveAsrEngines([name], file).then(([engine]) => engine!)
      building.catch(() => (building = undefined))
    }
    return building
  }
  try {
    await get()
  } catch (error) {
    if (!(error instanceof ChorusError) || error.code !== 'CHORUS_ERR_ENGINE_UNAVAILABLE') throw error
  }
  return {
    get,
    close: async () => {
      const engine = await building?.catch(() => undefined)
      await engine?.close()
    },
  }
}

async function runDoctorCommand(options: DoctorCliOptions): Promise<number> {
  const config = selectBackends(await loadConfig(options.config ? { file: options.config } : {}), options.backend ?? [])
  const voices = parseVoices(options.voice ?? [], config)
  const recognizer = options.asr === undefined ? undefined : await asrRecognizer(options.asr, options.config)
  const asr: AsrSmokeOptions | undefined = recognizer && { engine: recognizer.get, maxWer: options.maxWer }
  const doctor = new Doctor(config, {
    phrase: options.phrase,
    voices,
    minSeconds: options.minSeconds,
    minBytes: options.minBytes,
    checkTimeoutMs: options.checkTimeout,
    concurrency: options.concurrency,
    ...(asr ? { asr } : {}),
  })
  const controller = new AbortController()
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE)
    controller.abort(new Error('interrupted (Ctrl-C)'))
  }
  process.on('SIGINT', onSignal)
  try {
    const report = await runDoctor(doctor, {
      wait: options.wait === true,
      intervalMs: options.interval,
      timeoutMs: options.timeout,
      signal: controller.signal,
      onRetry: (round, number, elapsedMs) =>
        process.stderr.write(`${formatRetry(round, number, elapsedMs, options.interval)}\n`),
    })
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatTable(report)}\n\n${formatVerdict(report)}\n`,
    )
    if (options.wait && !report.ok) process.stderr.write(`doctor: still failing after ${options.timeout / 1000} s\n`)
    return report.ok ? 0 : FAILED_EXIT_CODE
  } catch (error) {
    if (!(error instanceof ChorusError) || error.code !== 'CHORUS_ERR_ABORTED') throw error
    process.stderr.write(`chorus: ${error.code}: doctor interrupted\n`)
    return INTERRUPTED_EXIT_CODE
  } finally {
    process.off('SIGINT', onSignal)
    // An engine stuck on a backend that never answers must not keep the process (and a restart script) waiting.
    const closed = Promise.allSettled([doctor.close(CLOSE_GRACE_MS), recognizer?.close()])
    await Promise.race([closed, sleep(CLOSE_GRACE_MS, undefined, { ref: false })])
  }
}

export function registerDoctor(program: Command): void {
  exitTwoOnUsageErrors(
    program
      .command('doctor')
      .description('Check every configured backend as an operator would after maintenance; non-zero exit on failure')
      .option('-c, --config <file>', 'configuration file, as for `serve` (env CHORUS_CONFIG)')
      .option('--json', 'print the report as JSON instead of a table')
      .option('--wait', 'check again what fails until everything passes or --timeout runs out (for restart scripts)')
      .addOption(durationOption('--interval <duration>', 'with --wait: pause between rounds', 2000))
      .addOption(durationOption('--timeout <duration>', 'with --wait: give up after this long', 120_000))
      .addOption(
        durationOption(
          '--check-timeout <duration>',
          'upper time limit of each check (a lower connect, health or total timeout of the backend applies first)',
          15_000,
        ),
      )
      .option('--phrase <text>', 'what the smoke test synthesizes', DEFAULT_SMOKE_PHRASE)
      .option('--voice <backend=voice>', 'smoke-test voice of a backend (repeatable)', collectList)
      .option('--backend <ids>', 'check only these backends, comma-separated (repeatable)', collectList)
      .option(
        '--min-seconds <s>',
        'shortest smoke clip that passes',
        inRange('--min-seconds', parseNumberOption('--min-seconds'), 0, 600),
        0.5,
      )
      .addOption(
        new Option('--min-bytes <n>', 'smallest smoke clip as WAV that passes (5k = 5120 bytes)')
          .argParser(parseBytes)
          .default(5 * 1024, '5k'),
      )
      .option('--asr <engine>', 'also transcribe each smoke clip: an asr[] id of the config, or a kind (pocketsphinx)')
      .option(
        '--max-wer <fraction>',
        'with --asr: highest word error rate that passes',
        inRange('--max-wer', parseNumberOption('--max-wer'), 0, 10),
        0.5,
      )
      .option(
        '--concurrency <n>',
        'backends checked at once',
        inRange('--concurrency', parseIntegerOption('--concurrency'), 1, 64),
        4,
      )
      .addHelpText(
        'after',
        `\nExit codes: 0 all checks passed, ${FAILED_EXIT_CODE} a check failed, ${USAGE_EXIT_CODE} usage error ` +
          `(including a configuration that does not load), ${INTERRUPTED_EXIT_CODE} interrupted.`,
      )
      .action(async (options: DoctorCliOptions) => {
        if (options.phrase.trim() === '') throw usage('--phrase must not be empty')
        let code: number
        try {
          code = await runDoctorCommand(options)
        } catch (error) {
          if (!(error instanceof ChorusError) || error.code !== 'CHORUS_ERR_CONFIG_INVALID') throw error
          // Nothing can be checked and waiting will not help: the file has to be fixed, like any usage error.
          process.stderr.write(`chorus: ${error.code}: ${error.message}\n`)
          code = USAGE_EXIT_CODE
        }
        // Exit now: a request still hanging on a dead backend would otherwise hold the process open.
        process.exit(code)
      }),
  )
}
