/**
 * `chorus compare <A> <B>`: the same prompts to two speech backends in one interleaved run, and a verdict on whether B
 * (the candidate: a standby host, a new build) may stand in for A (the reference) — latency ratio, WER of each side,
 * speaker similarity between their clips, error rates (src/bench/compare/). Each side is `backend-id[:voice]` of the
 * configuration (synthesized in-process) or `URL#voice` of an OpenAI-speech-compatible server.
 *
 * Writes spec.json, compare.json, SUMMARY.md and report.html to `--out`; prints the verdict and criteria (or, with
 * `--json`, the whole result) on stdout and progress on stderr (a bar on a terminal, one line per prompt pair
 * otherwise).
 *
 * Exit codes: 0 parity; 1 not parity, or the run could not finish (a recognizer missing); 2 a usage error (a
 * malformed side, an unknown backend or voice, a bad option); 130 interrupted.
 */
import { join, resolve } from 'node:path'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import {
  compareResultJson,
  parseCompareSpec,
  parseCompareThresholds,
  parseSide,
  runCompare,
  writeCompareReports,
  type CompareProgress,
  type CompareResult,
  type CompareSpecInput,
  type SideSpec,
} from '../../bench/compare/index.js'
import { criterionThreshold, criterionValue, milliseconds } from '../../bench/compare/compare-format.js'
import type { RequestOutcome } from '../../bench/targets/target.js'
import { ChorusError } from '../../errors.js'
import { parseIntegerOption, parseNumberOption } from '../options.js'
import { collectList, exitTwoOnUsageErrors, USAGE_EXIT_CODE } from './lab-options.js'

interface CompareOptions {
  set?: string
  prompts?: string
  limit?: number
  rounds: number
  warmup: number
  asr: string[] | false
  embedder: string
  threshold: string[]
  modelA?: string
  modelB?: string
  config?: string
  timeout: number
  maxSeconds: number
  out?: string
  json?: boolean
}

/** What shells report for a process ended by Ctrl-C (128 + SIGINT). */
const INTERRUPTED_EXIT_CODE = 130

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

function atLeast(name: string, minimum: number): (value: string) => number {
  const parseInteger = parseIntegerOption(name)
  return (value) => {
    const parsed = parseInteger(value)
    if (parsed < minimum) throw usage(`${name} expects a whole number ≥ ${minimum}, got "${value}"`)
    return parsed
  }
}

function positiveNumber(name: string): (value: string) => number {
  const parseNumber = parseNumberOption(name)
  return (value) => {
    const parsed = parseNumber(value)
    if (parsed <= 0) throw usage(`${name} expects a number above 0, got "${value}"`)
    return parsed
  }
}

/** `2026-05-01T12:03:04.567Z` → `20260501T120304Z`. */
const compactTime = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

function withModel(side: SideSpec, model: string | undefined, flag: string): SideSpec {
  if (model === undefined) return side
  if (!('url' in side)) {
    throw new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', {
      reason: `${flag} applies to a URL side; \`${side.backend}\` is a backend of the configuration (its model is set there)`,
    })
  }
  return { ...side, model }
}

function buildSpec(a: string, b: string, options: CompareOptions): CompareSpecInput {
  if (options.set !== undefined && options.prompts !== undefined) throw usage('give --set or --prompts, not both')
  return {
    a: withModel(parseSide(a, 'side A'), options.modelA, '--model-a'),
    b: withModel(parseSide(b, 'side B'), options.modelB, '--model-b'),
    prompts: options.prompts !== undefined ? { file: options.prompts } : { set: options.set ?? 'scenarios' },
    rounds: options.rounds,
    warmup: options.warmup,
    timeoutMs: options.timeout,
    maxSeconds: options.maxSeconds,
    embedder: options.embedder,
    thresholds: parseCompareThresholds(options.threshold),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.asr === false ? { asr: false as const } : options.asr.length > 0 ? { asr: options.asr } : {}),
  }
}

const outcomeText = (outcome: RequestOutcome): string =>
  outcome.ok
    ? milliseconds(outcome.latencyMs)
    : `ERROR ${outcome.errorKind}${outcome.error ? ` (${outcome.error})` : ''}`

/** A bar on a terminal; a plain line per prompt pair otherwise (CI logs, pipes). */
function progressReporter(): { onProgress: (event: CompareProgress) => void; stop: () => void } {
  const pending = new Map<string, RequestOutcome>()
  if (!process.stderr.isTTY) {
    return {
      onProgress: (event) => {
        if (event.phase === 'warmup') {
          process.stderr.write(`warm-up ${event.side.toUpperCase()}: ${outcomeText(event.outcome)}\n`)
        } else if (event.phase === 'score') {
          process.stderr.write(`scored [${event.done}/${event.total}] ${event.promptId}\n`)
        } else {
          const key = `${event.round}/${event.promptId}`
          const first = pending.get(key)
          if (!first) {
            pending.set(key, event.outcome)
            return
          }
          pending.delete(key)
          const [a, b] = event.side === 'b' ? [first, event.outcome] : [event.outcome, first]
          const width = String(event.total).length
          process.stderr.write(
            `[${String(event.done).padStart(width)}/${event.total}] round ${event.round + 1} ${event.promptId}: ` +
              `A ${outcomeText(a)} · B ${outcomeText(b)}\n`,
          )
        }
      },
      stop: () => undefined,
    }
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'compare {phase} |{bar}| {value}/{total} · {errors} errors · {item}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  )
  let errors = 0
  let phase: CompareProgress['phase'] | undefined
  return {
    onProgress: (event) => {
      if (event.phase !== 'score' && !event.outcome.ok) errors++
      if (event.phase === 'warmup') return
      if (event.phase !== phase) {
        if (phase !== undefined) bar.stop()
        phase = event.phase
        bar.start(event.total, 0, { phase: event.phase === 'measure' ? 'requests' : 'scoring', errors, item: '' })
      }
      bar.update(event.done, { errors, item: event.promptId })
    },
    stop: () => {
      if (phase !== undefined) bar.stop()
    },
  }
}

function printVerdict(result: CompareResult): void {
  const { a, b } = result.sides
  process.stdout.write(
    result.verdict === 'parity'
      ? `parity: B \`${b.label}\` may stand in for A \`${a.label}\`\n`
      : `NOT parity: B \`${b.label}\` cannot stand in for A \`${a.label}\`\n`,
  )
  for (const item of result.criteria) {
    process.stdout.write(
      `  ${item.pass ? 'pass' : 'FAIL'}  ${item.name} ${criterionValue(item)} (${criterionThreshold(item)})\n`,
    )
  }
  for (const name of result.skipped_criteria) process.stdout.write(`  skip  ${name} (no ASR)\n`)
  for (const [name, side] of [
    ['A', a],
    ['B', b],
  ] as const) {
    if (side.errors > 0)
      process.stdout.write(`  ${name}: ${side.errors} of ${side.requests} requests failed: ${side.error_samples[0]}\n`)
  }
}

async function compare(a: string, b: string, options: CompareOptions): Promise<void> {
  const spec = parseCompareSpec(buildSpec(a, b, options))
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  const progress = progressReporter()
  try {
    const result = await runCompare(spec, {
      signal: controller.signal,
      onProgress: progress.onProgress,
      keepAudio: true,
    }).finally(() => progress.stop())
    const dir = resolve(options.out ?? join('chorus-reports', `compare-${compactTime(result.started_at)}`))
    const written = await writeCompareReports(dir, result)
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...compareResultJson(result), reports: written }, null, 2)}\n`)
    } else {
      printVerdict(result)
      process.stdout.write(`reports: ${written.markdown}\n         ${written.html}\n         ${written.json}\n`)
    }
    if (result.verdict !== 'parity') process.exitCode = 1
  } finally {
    process.off('SIGINT', onSignal)
  }
}

export function registerCompare(program: Command): void {
  exitTwoOnUsageErrors(
    program
      .command('compare')
      .description('Send the same prompts to two speech backends and decide whether B may stand in for A (parity)')
      .argument(
        '<A>',
        'the reference: backend-id[:voice] of the configuration, or URL#voice of an OpenAI-speech server',
      )
      .argument('<B>', 'the candidate judged against A, written the same way')
      .option('--set <name>', 'eval set: scenarios, categories, or an eval-set JSON file (default: scenarios)')
      .option('--prompts <file>', 'prompts file: one per line, or a JSON array of strings or {id, text}')
      .option('--limit <n>', 'only the first N prompts', atLeast('--limit', 1))
      .option('--rounds <n>', 'send every prompt to both sides N times', atLeast('--rounds', 1), 1)
      .option('--warmup <n>', 'unmeasured requests per side first', atLeast('--warmup', 0), 1)
      .option(
        '--asr <engines>',
        'recognizers for WER: asr[] ids of the config or ASR kinds, comma-separated (default: the config’s first)',
        collectList,
        [],
      )
      .option('--no-asr', 'skip WER (the wer_delta criterion is not judged)')
      .option('--embedder <name>', 'speaker embedder: builtin, or onnx:<model path>', 'builtin')
      .option(
        '--threshold <criterion=value>',
        'override a criterion: mean_similarity, wer_delta, latency_ratio_p95, error_rate_delta (repeatable)',
        collectList,
        [],
      )
      .option('--model-a <model>', 'the `model` sent to a URL side A (default tts-1)')
      .option('--model-b <model>', 'the `model` sent to a URL side B (default tts-1)')
      .option('-c, --config <file>', 'configuration file for backend-id sides and asr[] (env CHORUS_CONFIG)')
      .option('--timeout <ms>', 'per-request timeout in milliseconds', atLeast('--timeout', 1), 60_000)
      .option(
        '--max-seconds <s>',
        'no new prompt pair starts after this many seconds',
        positiveNumber('--max-seconds'),
        900,
      )
      .option('-o, --out <dir>', 'report folder (default: ./chorus-reports/compare-<time>/)')
      .option('--json', 'print the result as JSON: {verdict, criteria: [{name, value, threshold, pass}], …}')
      .addHelpText(
        'after',
        `\nRatios are B / A and deltas B − A: A is the reference, B the candidate.` +
          `\nExit codes: 0 parity, 1 not parity (or the run could not finish), ${USAGE_EXIT_CODE} usage error, ` +
          `${INTERRUPTED_EXIT_CODE} interrupted.`,
      )
      .action(async (a: string, b: string, options: CompareOptions) => {
        try {
          await compare(a, b, options)
        } catch (error) {
          if (!(error instanceof ChorusError)) throw error
          if (error.code === 'CHORUS_ERR_COMPARE_SPEC_INVALID') {
            process.stderr.write(`chorus: ${error.code}: ${error.message}\n`)
            process.exitCode = USAGE_EXIT_CODE
          } else if (error.code === 'CHORUS_ERR_ABORTED') {
            process.stderr.write(`chorus: ${error.code}: comparison interrupted; no verdict\n`)
            process.exitCode = INTERRUPTED_EXIT_CODE
          } else throw error
        }
      }),
  )
}
