/**
 * `chorus canary`: re-run a saved bench, compare or eval spec and flag drift from a stored baseline.
 *
 * - `chorus canary baseline <spec.json> [--name N]` runs the spec and stores what it measured as baseline N (default:
 *   the file's name without `.json`, or its folder's name for a file called `spec.json`, as `chorus bench|compare|eval`
 *   write them); saving a name again replaces it.
 * - `chorus canary run <name|spec.json>` re-runs the baseline's spec (or the given file, against the baseline of its
 *   name), judges the drift gates and stores the verdict.
 * - `chorus canary list [--name N]` lists stored verdicts, newest first (drift over time); `chorus canary baselines`
 *   lists the baselines.
 *
 * Exit codes of `run`: 0 ok; 1 drift, or the run could not finish (an engine or the store unavailable); 2 a usage
 * error (bad flag, spec or threshold; no baseline of that name — the message lists those there are); 130
 * interrupted. `baseline` exits 0 once the baseline is stored.
 */
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import type { AnyCanaryKind } from '../../bench/canary/canary-kind.js'
import { canaryProgressReporter } from '../../bench/canary/canary-progress.js'
import {
  formatBaselines,
  formatBaselineSummary,
  formatCanarySummary,
  formatHistory,
  writeCanaryReports,
} from '../../bench/canary/canary-report.js'
import { prepareSpec, readCanarySpec } from '../../bench/canary/canary-spec.js'
import { DRIFT_GATE_NAMES, driftGates, parseDriftThresholds } from '../../bench/canary/drift-criteria.js'
import { canaryKind } from '../../bench/canary/kinds/index.js'
import { recordBaseline, runCanary, type CanaryOptions } from '../../bench/canary/run-canary.js'
import { ChorusError } from '../../errors.js'
import { baselineNotFound } from '../../store/not-found.js'
import { openResultStore } from '../../store/open-result-store.js'
import { CANARY_VERDICTS, type CanaryVerdict, type JsonValue, type ResultStore } from '../../store/result-store.js'
import { DEFAULT_STORE_URL, parseStoreUrl, redactStoreUrl } from '../../store/store-url.js'
import { INTERRUPTED_EXIT_CODE, parsePositiveIntegerOption, parseRequestHeaders } from '../options.js'
import { collectList, exitTwoOnUsageErrors, USAGE_EXIT_CODE } from './lab-options.js'

interface StoreOptions {
  readonly store?: string
  readonly json?: boolean
}

interface BaselineOptions extends StoreOptions {
  readonly name?: string
  readonly config?: string
  readonly out?: string
  readonly header: string[]
  readonly apiKey?: string
}

interface RunOptions extends BaselineOptions {
  readonly threshold: string[]
}

interface ListOptions extends StoreOptions {
  readonly name?: string
  readonly verdict?: string
  readonly since?: string
  readonly limit: number
}

/** Errors that mean "called wrong" and exit 2. */
const USAGE_CODES: ReadonlySet<string> = new Set([
  'CHORUS_ERR_CLI_USAGE',
  'CHORUS_ERR_BENCH_SPEC_INVALID',
  'CHORUS_ERR_COMPARE_SPEC_INVALID',
  'CHORUS_ERR_CONFIG_INVALID',
  'CHORUS_ERR_STORE_URL_INVALID',
  'CHORUS_ERR_BASELINE_NOT_FOUND',
])

const BASELINE_NAME = /^[A-Za-z0-9_.-]{1,128}$/
const DEFAULT_LIST_LIMIT = 50

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

const storeUrlOf = (options: StoreOptions): string => options.store ?? (process.env.CHORUS_STORE || DEFAULT_STORE_URL)

/** `nightly/spec.json` → `nightly`; `smoke.json` → `smoke`; characters a name cannot hold become `-`. */
export function defaultBaselineName(file: string): string {
  const stem = basename(file).replace(/\.json$/i, '')
  const name = stem === 'spec' ? basename(dirname(resolve(file))) : stem
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 128) || 'canary'
}

function checkName(name: string): string {
  if (!BASELINE_NAME.test(name)) throw usage(`--name \`${name}\`: use 1–128 letters, digits, \`_\`, \`.\` and \`-\``)
  return name
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile()

async function withStore<T>(options: StoreOptions, work: (store: ResultStore, url: string) => Promise<T>): Promise<T> {
  const url = storeUrlOf(options)
  const store = await openResultStore(url)
  try {
    return await work(store, redactStoreUrl(url))
  } finally {
    await store.close()
  }
}

/** Runs `work` with an abort signal wired to Ctrl-C, a folder the run may write to, and progress on stderr. */
async function withRun<T>(
  name: string,
  options: BaselineOptions,
  store: ResultStore,
  work: (context: CanaryOptions) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  const scratch = options.out ? undefined : await mkdtemp(join(tmpdir(), 'chorus-canary-'))
  const progress = canaryProgressReporter(name)
  try {
    return await work({
      store,
      signal: controller.signal,
      workDir: options.out ? join(resolve(options.out), 'run') : scratch!,
      onProgress: progress.onProgress,
      ...(options.config ? { configFile: resolve(options.config) } : {}),
      headers: parseRequestHeaders(options.header, options.apiKey ?? (process.env.CHORUS_BENCH_API_KEY || undefined)),
    })
  } finally {
    progress.stop()
    process.off('SIGINT', onSignal)
    if (scratch) await rm(scratch, { recursive: true, force: true })
  }
}

async function baselineCommand(file: string, options: BaselineOptions): Promise<void> {
  const name = checkName(options.name ?? defaultBaselineName(file))
  const spec = await readCanarySpec(file, {
    cwd: process.cwd(),
    ...(options.config ? { configFile: resolve(options.config) } : {}),
  })
  await withStore(options, async (store, url) => {
    const report = await withRun(name, options, store, (context) => recordBaseline({ name, ...spec }, context))
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatBaselineSummary(report, url))
  })
}

async function runCommand(target: string, options: RunOptions): Promise<void> {
  const thresholds = parseDriftThresholds(options.threshold)
  const fromFile = isFile(target) || /\.json$/i.test(target)
  if (!fromFile && !BASELINE_NAME.test(target))
    throw usage(`\`${target}\` is neither a spec file nor a baseline name (letters, digits, \`_\`, \`.\`, \`-\`)`)
  if (!fromFile && options.name !== undefined) throw usage('--name goes with a spec file; give the baseline name alone')
  const name = fromFile ? checkName(options.name ?? defaultBaselineName(target)) : target
  const configFile = options.config ? { configFile: resolve(options.config) } : {}
  const fileSpec = fromFile ? await readCanarySpec(target, { cwd: process.cwd(), ...configFile }) : undefined
  await withStore(options, async (store, url) => {
    const baseline = await store.getBaseline(name)
    if (!baseline)
      throw baselineNotFound(
        name,
        (await store.listBaselines()).map((each) => each.name),
      )
    let kind: AnyCanaryKind
    let spec: JsonValue
    if (fileSpec) {
      if (fileSpec.kind.kind !== baseline.kind)
        throw usage(
          `baseline ${name} was measured with a ${baseline.kind} spec; ${target} is a ${fileSpec.kind.kind} spec`,
        )
      ;({ kind, spec } = fileSpec)
    } else {
      kind = canaryKind(baseline.kind)
      spec = prepareSpec(kind, baseline.spec, { cwd: process.cwd(), ...configFile })
    }
    const report = await withRun(name, options, store, (context) =>
      runCanary({ baseline, kind, spec, thresholds }, context),
    )
    if (options.out) await writeCanaryReports(resolve(options.out), report)
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatCanarySummary(report, url))
    if (report.verdict === 'drift') process.exitCode = 1
  })
}

/** Listing never creates a database: a SQLite file that does not exist yet simply has no results. */
async function withExistingStore(options: StoreOptions, work: (store: ResultStore) => Promise<void>): Promise<boolean> {
  const location = parseStoreUrl(storeUrlOf(options))
  if (location.dialect === 'sqlite' && location.filename !== ':memory:' && !existsSync(location.filename)) return false
  await withStore(options, (store) => work(store))
  return true
}

async function listCommand(options: ListOptions): Promise<void> {
  if (options.verdict !== undefined && !(CANARY_VERDICTS as readonly string[]).includes(options.verdict))
    throw usage(`--verdict expects ${CANARY_VERDICTS.join(' or ')}; got "${options.verdict}"`)
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since)))
    throw usage(`--since expects a date or date-time (2026-05-01, 2026-05-01T12:00:00Z); got "${options.since}"`)
  const found = await withExistingStore(options, async (store) => {
    const results = await store.listCanaryResults({
      ...(options.name ? { baseline_name: checkName(options.name) } : {}),
      ...(options.verdict ? { verdict: options.verdict as CanaryVerdict } : {}),
      ...(options.since ? { since: options.since } : {}),
      limit: options.limit,
    })
    process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : formatHistory(results))
  })
  if (!found) process.stdout.write(options.json ? '[]\n' : formatHistory([]))
}

async function baselinesCommand(options: StoreOptions): Promise<void> {
  const found = await withExistingStore(options, async (store) => {
    const baselines = await store.listBaselines()
    process.stdout.write(options.json ? `${JSON.stringify(baselines, null, 2)}\n` : formatBaselines(baselines))
  })
  if (!found) process.stdout.write(options.json ? '[]\n' : formatBaselines([]))
}

/** Runs a sub-command's action, turning usage errors into exit 2 and an interruption into 130. */
function action<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await work(...args)
    } catch (error) {
      if (!(error instanceof ChorusError)) throw error
      process.stderr.write(`chorus: ${error.code}: ${error.message}\n`)
      if (error.code === 'CHORUS_ERR_BASELINE_NOT_FOUND')
        process.stderr.write('Save one with `chorus canary baseline <spec.json> --name <name>`.\n')
      process.exitCode = USAGE_CODES.has(error.code)
        ? USAGE_EXIT_CODE
        : error.code === 'CHORUS_ERR_ABORTED'
          ? INTERRUPTED_EXIT_CODE
          : 1
    }
  }
}

const storeOption = (command: Command): Command =>
  command.option('--store <url>', `results store URL (env CHORUS_STORE; default ${DEFAULT_STORE_URL})`)

function runOptions(command: Command): Command {
  return storeOption(command)
    .option(
      '-c, --config <file>',
      'configuration for specs that name none, and hashed into the environment (env CHORUS_CONFIG)',
    )
    .option('-o, --out <dir>', 'write canary.json and SUMMARY.md here (eval takes go under run/)')
    .option(
      '--header <name: value>',
      'sent with every request to the servers the spec names (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
      [],
    )
    .option('--api-key <key>', 'sent as Authorization: Bearer (env CHORUS_BENCH_API_KEY; never stored)')
    .option('--json', 'print JSON instead of the summary')
}

export function registerCanary(program: Command): void {
  const canary = program
    .command('canary')
    .description('Re-run a saved bench, compare or eval spec and flag drift from a stored baseline')
  const gates = DRIFT_GATE_NAMES.map((name) => `${name} (default ${driftGates[name].defaultThreshold})`).join(', ')

  exitTwoOnUsageErrors(
    runOptions(
      canary
        .command('baseline')
        .description('Run a spec and store what it measured as a named baseline')
        .argument('<spec.json>', 'a spec as chorus bench, compare or eval write it (spec.json)')
        .option('--name <name>', 'baseline name (default: the file name, or its folder for spec.json)'),
    ).action(action(baselineCommand)),
  )

  exitTwoOnUsageErrors(
    runOptions(
      canary
        .command('run')
        .description("Re-run a baseline's spec and judge drift: exit 0 ok, 1 drift")
        .argument('<name|spec.json>', 'a baseline name, or a spec file run against the baseline of its name')
        .option('--name <name>', 'with a spec file: the baseline to compare with (default: as `baseline` names it)'),
    )
      .option('--threshold <gate=value>', `override a drift gate's threshold (repeatable): ${gates}`, collectList, [])
      .addHelpText(
        'after',
        `\nExit codes: 0 ok, 1 drift (or the run could not finish), ${USAGE_EXIT_CODE} usage error or no such baseline, ` +
          `${INTERRUPTED_EXIT_CODE} interrupted.`,
      )
      .action(action(runCommand)),
  )

  exitTwoOnUsageErrors(
    storeOption(
      canary
        .command('list')
        .description('Stored canary verdicts, newest first: drift over time')
        .option('--name <name>', 'only this baseline')
        .option('--verdict <verdict>', 'only ok or drift')
        .option('--since <date>', 'only results from this date or date-time on')
        .option('--limit <n>', 'at most this many', parsePositiveIntegerOption('--limit'), DEFAULT_LIST_LIMIT),
    )
      .option('--json', 'print JSON instead of a table')
      .action(action(listCommand)),
  )

  exitTwoOnUsageErrors(
    storeOption(canary.command('baselines').description('The stored canary baselines'))
      .option('--json', 'print JSON instead of a table')
      .action(action(baselinesCommand)),
  )
}
