/**
 * `chorus bench`: load-tests a speech, transcription or chat endpoint — a URL speaking OpenAI speech, Chatterbox
 * /v1/tts, OpenAI transcriptions or OpenAI chat completions, a backend of the Chorus configuration, or several
 * instances of one engine — in a closed-loop concurrency sweep or an open loop of Poisson arrivals, and reports
 * latency, time to first audio (at the first decodable sample), RTF, throughput, errors by kind and goodput against
 * SLOs. Writes bench.json, spec.json, SUMMARY.md and report.html; `--json` prints the result to stdout. Progress
 * goes to stderr.
 *
 * Exit codes: 0 done (every SLO met, or none given); 1 an SLO failed (or the run could not finish); 2 a usage error
 * (a bad flag, unit, URL, spec, prompts file or configuration); 130 interrupted (reports of what ran are written).
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { benchSpecFromFlags, DEFAULT_PROMPT_SET, DEFAULT_WARMUP, type BenchFlags } from '../../bench/bench-options.js'
import { fixed, ms, percent } from '../../bench/report/bench-format.js'
import { progressReporter } from '../../bench/report/progress.js'
import { benchJson, writeBenchReports } from '../../bench/report/write-bench-reports.js'
import { runBench, type BenchResult } from '../../bench/run-bench.js'
import { SLO_METRICS } from '../../bench/slo.js'
import { DEFAULT_DURATION_SECONDS, DEFAULT_REQUESTS, parseBenchSpec, type BenchSpec } from '../../bench/spec.js'
import { TARGET_KINDS } from '../../bench/targets/target.js'
import { ChorusError } from '../../errors.js'
import { compactTime, INTERRUPTED_EXIT_CODE } from '../options.js'
import { collectList, exitTwoOnUsageErrors, USAGE_EXIT_CODE } from './lab-options.js'
import { usageErrorsExitTwo } from './usage-errors.js'

interface BenchOptions extends BenchFlags {
  readonly spec?: string
  readonly out?: string
  readonly json?: boolean
  readonly header: string[]
  readonly apiKey?: string
}

/** Errors that mean "called wrong" and exit 2. */
const USAGE_CODES: ReadonlySet<string> = new Set([
  'CHORUS_ERR_CLI_USAGE',
  'CHORUS_ERR_BENCH_SPEC_INVALID',
  'CHORUS_ERR_CONFIG_INVALID',
])

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

function parseHeaders(lines: readonly string[], apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw usage(`--header expects "Name: value"; got "${line}"`)
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  if (apiKey) headers.authorization ??= `Bearer ${apiKey}`
  return headers
}

async function specFromFile(path: string, options: BenchOptions): Promise<BenchSpec> {
  const flagged = [
    'url',
    'backend',
    'instances',
    'kind',
    'concurrency',
    'rate',
    'set',
    'prompts',
    'requests',
    'duration',
  ] as const
  const mixed = flagged.filter((name) => options[name] !== undefined)
  if (mixed.length > 0 || options.slo.length > 0)
    throw usage(
      `--spec runs a stored spec as it is; drop ${[...mixed.map((name) => `--${name}`), ...(options.slo.length > 0 ? ['--slo'] : [])].join(', ')}`,
    )
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw usage(`--spec ${path} cannot be read: ${(error as Error).message}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw usage(`--spec ${path} is not JSON: ${(error as Error).message}`)
  }
  return parseBenchSpec(raw)
}

function summaryLines(result: BenchResult): string[] {
  const lines = [
    `${result.target.kind} ${result.target.mode === 'in-process' ? `backend ${result.target.backend} (in-process)` : result.target.endpoints.join(', ')}: ` +
      `${result.ok}/${result.requests} ok · ${fixed(result.throughput_rps)} req/s · latency p50 ${ms(result.latency_ms.p50)} p95 ${ms(result.latency_ms.p95)} p99 ${ms(result.latency_ms.p99)}` +
      (result.ttfa_ms.count > 0
        ? ` · ${result.chat ? 'TTFT' : 'TTFA'} p50 ${ms(result.ttfa_ms.p50)} p95 ${ms(result.ttfa_ms.p95)}`
        : '') +
      (result.rtf !== null ? ` · RTF ${fixed(result.rtf, 3)}` : '') +
      ` · errors ${percent(result.error_rate, 2)} · goodput ${fixed(result.goodput.rps)} req/s (${percent(result.goodput.fraction)})`,
  ]
  const errors = Object.entries(result.errors).filter(([, count]) => count > 0)
  if (errors.length > 0) lines.push(`  errors: ${errors.map(([kind, count]) => `${kind} ${count}`).join(', ')}`)
  if (result.chat)
    lines.push(
      `  chat: ${result.chat.tokens} tokens · decode p50 ${fixed(result.chat.tokens_per_second.p50, 1)} tokens/s · ` +
        `reasoning leaks ${result.chat.reasoning_leaks} · contract failures ${result.chat.contract_failures}/${result.chat.contract_checked}`,
    )
  if (result.verdict) {
    lines.push(`SLO verdict: ${result.verdict.verdict}`)
    for (const item of result.verdict.criteria)
      lines.push(
        `  ${item.pass ? 'pass' : 'FAIL'} ${item.name}: ${item.value === null ? 'not measured' : fixed(item.value, 3)} (${item.bound} ${item.threshold})`,
      )
  }
  return lines
}

async function runBenchCommand(options: BenchOptions): Promise<void> {
  const spec = options.spec ? await specFromFile(options.spec, options) : await benchSpecFromFlags(options)
  const headers = parseHeaders(options.header, options.apiKey ?? (process.env.CHORUS_BENCH_API_KEY || undefined))
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  const progress = progressReporter()
  let result: BenchResult
  try {
    result = await runBench(spec, { signal: controller.signal, onProgress: progress.onProgress, headers })
  } finally {
    progress.stop()
    process.off('SIGINT', onSignal)
  }
  const folder = resolve(options.out ?? join('chorus-reports', `bench-${compactTime(result.started_at)}`))
  const written = await writeBenchReports(folder, result)
  if (options.json) process.stdout.write(benchJson(result))
  else {
    process.stdout.write(`${summaryLines(result).join('\n')}\n`)
    process.stdout.write(
      `reports: ${written.markdown}\n         ${written.html}\n         ${written.json}\n         ${written.spec}\n`,
    )
  }
  if (result.interrupted) {
    process.stderr.write(
      `chorus: CHORUS_ERR_ABORTED: bench interrupted; reports cover the requests that ran (${written.folder})\n`,
    )
    process.exitCode = INTERRUPTED_EXIT_CODE
  } else if (result.verdict?.verdict === 'fail') process.exitCode = 1
}

export function registerBench(program: Command): void {
  exitTwoOnUsageErrors(
    program
      .command('bench')
      .description(
        'Load-test a speech, transcription or chat endpoint: latency, TTFA, RTF, throughput, errors, goodput vs SLOs',
      )
      .option('--url <url>', 'base URL or full endpoint URL (the kind is read from an endpoint path)')
      .option('--kind <kind>', `wire protocol: ${TARGET_KINDS.join(', ')}`)
      .option('--backend <id>', 'a backend of the Chorus configuration (http backends at their URL, others in-process)')
      .option('-c, --config <file>', 'configuration file for --backend (env CHORUS_CONFIG)')
      .option('--instances <urls>', 'two or more instances of one engine, comma-separated: a scaling table over 1..N')
      .option('--voice <voice>', 'voice to request (speech kinds; Chatterbox: the reference_audio)')
      .option('--model <model>', 'model field to send')
      .option('--format <format>', 'speech response_format: pcm (default) or wav')
      .option('--concurrency <list>', 'closed loop: concurrency levels to sweep, e.g. 1,2,4,8,16 (default 1)')
      .option('--rate <rps>', 'open loop: Poisson arrivals at this many requests per second')
      .option(
        '--max-in-flight <n>',
        'open loop: arrivals finding this many requests in flight are dropped (default 64)',
      )
      .option('--seed <n>', 'open loop: seed of the arrival schedule (default 1)')
      .option('--warmup <n>', `requests sent and discarded before measuring (default ${DEFAULT_WARMUP})`)
      .option('--requests <n>', `requests per step (default ${DEFAULT_REQUESTS})`)
      .option(
        '--duration <time>',
        `time cap per step, e.g. 30s (default ${DEFAULT_DURATION_SECONDS}s); both bounds apply`,
      )
      .option('--timeout <time>', 'per-request timeout, e.g. 10s or 800ms (default 60s)')
      .option(
        '--set <name>',
        `eval set whose texts are the prompts: scenarios, categories or a JSON file (default ${DEFAULT_PROMPT_SET})`,
      )
      .option('--prompts <file>', 'prompts file: one per line, or a JSON array of strings or {id, text}')
      .option(
        '--audio <file.wav>',
        'transcriptions: the audio to send (default: each prompt spoken by the embedded engine)',
      )
      .option('--language <code>', 'transcriptions: language field to send')
      .option('--contract-regex <regex>', 'chat: the content must match this regular expression')
      .option('--contract-schema <file.json>', 'chat: the content must be JSON this JSON schema accepts')
      .option(
        '--reasoning-pattern <regex>',
        'chat: content matching this is a reasoning leak (default </?think(ing)?>)',
      )
      .option('--max-tokens <n>', 'chat: max_tokens to send')
      .option('--system <text>', 'chat: a system message sent before each prompt')
      .option(
        '--slo <name=value>',
        `service-level objective, repeatable: ttfa=300ms, latency=1s (per request → goodput); p95=2s, ttfa_p95=400ms, error_rate=1%, rtf=0.5, goodput=95% … (${Object.keys(SLO_METRICS).join(', ')})`,
        collectList,
        [],
      )
      .option(
        '--header <line>',
        'extra request header "Name: value" (repeatable; never written to reports)',
        (value: string, previous: string[] = []) => [...previous, value],
        [],
      )
      .option('--api-key <key>', 'sent as Authorization: Bearer (env CHORUS_BENCH_API_KEY; never written to reports)')
      .option('--spec <file>', 'run a stored spec.json (from an earlier bench) instead of flags')
      .option('-o, --out <dir>', 'report folder (default ./chorus-reports/bench-<time>/)')
      .option('--json', 'print the result JSON to stdout')
      .addHelpText(
        'after',
        `\nExit codes: 0 done (SLOs met or none given), 1 an SLO failed, ${USAGE_EXIT_CODE} usage error, ${INTERRUPTED_EXIT_CODE} interrupted.`,
      )
      .action(usageErrorsExitTwo(USAGE_CODES, (options: BenchOptions) => runBenchCommand(options))),
  )
}
