/**
 * `flite`: how much the embedded engine (flite compiled to WASI, run on a worker thread) costs next to Debian's native
 * /usr/bin/flite. Same 20 sentences × 4 voices, one run, interleaved per sentence and voice with alternating order, so
 * machine drift and cache state hit both sides equally; one unmeasured warm-up round first.
 *
 * Each side is timed from the request to having Float32 PCM in this process:
 * - wasi: `engine.synthesize()` drained to the last chunk (worker dispatch, a fresh WASI instance, flite, its WAV
 *   written to and read back from a temp dir, decode, transfer to the main thread);
 * - native: spawn `/usr/bin/flite -voice V -t TEXT -o tmp.wav`, wait for exit, read and decode the WAV. Process start
 *   and voice loading are part of native flite's cost, since that is what using the CLI costs.
 * RTF = synthesis wall time / duration of the audio produced (lower is faster; 0.1 = ten times faster than real time).
 */
import { execFile } from 'node:child_process'
import { access, constants, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { durationSeconds } from '../src/audio/pcm.js'
import { decodeWav } from '../src/audio/wav.js'
import type { Engine } from '../src/engines/engine.js'
import { fliteWasiSettingsSchema } from '../src/engines/flite-wasi/config.js'
import { createEngine } from '../src/engines/registry.js'
import { splitSentences } from '../src/text/sentences.js'
import { collectAudio } from './lib/audio.js'
import { BenchmarkSetupError } from './lib/errors.js'
import { fixed, table } from './lib/markdown.js'
import { choiceList, COMMON_HELP, parseBenchmarkArgs, positiveInteger, positiveNumber } from './lib/options.js'
import { writeResults } from './lib/results.js'
import { BENCHMARK_SENTENCES, wordCount } from './lib/sentences.js'
import { mean, PERCENTILE_METHOD, summarize, type Summary } from '../src/bench/stats.js'

const NAME = 'flite'
const FLITE_BINARY = '/usr/bin/flite'
const VOICES = ['slt', 'kal16', 'rms', 'awb'] as const
/** One synthesis of one sentence takes well under a second on either side; anything near this is a hang. */
const SYNTHESIS_TIMEOUT_MS = 30_000
/** Runs of `flite -lv` (list voices, exit) that estimate bare process start-up: exec, dynamic linking, exit. */
const STARTUP_PROBES = 20
/** Mean relative difference in audio length above which a voice is called out as not saying the same thing. */
const DURATION_AGREEMENT_PERCENT = 1

const HELP = `npm run bench -- ${NAME} [options]

Embedded flite WASI engine vs native ${FLITE_BINARY}, interleaved per sentence, one warm-up round.

  --voices <list>       comma-separated subset of ${VOICES.join(',')} (default: all)
  --sentences <n>       use the first n of the ${BENCHMARK_SENTENCES.length} sentences (default: all)
  --max-seconds <s>     give up if the whole run takes longer (default: 300)
${COMMON_HELP}`

type Side = 'wasi' | 'native'

interface Synthesis {
  readonly wallMs: number
  readonly audioSeconds: number
  readonly sampleRate: number
  readonly rtf: number
}

interface NativeSynthesis extends Synthesis {
  /** Spawn to exit only, without reading and decoding the WAV. */
  readonly processMs: number
}

interface Measurement {
  readonly sentence: number
  readonly voice: string
  readonly words: number
  readonly first: Side
  readonly wasi: Synthesis & { readonly chunks: number }
  readonly native: NativeSynthesis
}

interface SideSummary {
  readonly audioSeconds: number
  readonly wallSeconds: number
  /** Total wall time over total audio: the RTF of the whole batch. */
  readonly aggregateRtf: number
  readonly rtf: Summary
}

interface GroupSummary {
  readonly group: string
  readonly utterances: number
  readonly wasi: SideSummary
  readonly native: SideSummary
  readonly ratio: {
    readonly rtfMean: number
    readonly rtfP50: number
    readonly rtfP95: number
    readonly aggregate: number
  }
  readonly durationAgreement: {
    readonly meanAbsDiffSeconds: number
    readonly maxAbsDiffSeconds: number
    readonly meanAbsDiffPercent: number
  }
}

const execFileAsync = promisify(execFile)

async function assertNativeFlite(voices: readonly string[]): Promise<string> {
  try {
    await access(FLITE_BINARY, constants.X_OK)
  } catch {
    throw new BenchmarkSetupError(
      `native flite not found at ${FLITE_BINARY}; this benchmark compares against it. Install it with: apt-get install flite`,
    )
  }
  // `flite -lv` prints "Voices available: kal awb_time kal16 awb rms slt".
  const { stdout } = await execFileAsync(FLITE_BINARY, ['-lv'], { timeout: 10_000 })
  const available = stdout.replace(/^.*:/, '').trim().split(/\s+/)
  const missing = voices.filter((voice) => !available.includes(voice))
  if (missing.length > 0) {
    throw new BenchmarkSetupError(
      `${FLITE_BINARY} lacks voice(s) ${missing.join(', ')} (it has ${available.join(', ')})`,
    )
  }
  // `flite --version` prints its version, then exits with status 1.
  const version = await execFileAsync(FLITE_BINARY, ['--version'], { timeout: 10_000 }).then(
    (result) => result.stdout,
    (error: { stdout?: string }) => error.stdout ?? '',
  )
  return /version:\s*(\S+)/.exec(version)?.[1] ?? version.trim()
}

async function synthesizeWasi(engine: Engine, text: string, voice: string): Promise<Synthesis & { chunks: number }> {
  const start = performance.now()
  const audio = await collectAudio(engine.synthesize({ text, voice }, AbortSignal.timeout(SYNTHESIS_TIMEOUT_MS)))
  const wallMs = performance.now() - start
  const audioSeconds = durationSeconds(audio)
  return { wallMs, audioSeconds, sampleRate: audio.sampleRate, rtf: wallMs / 1000 / audioSeconds, chunks: audio.chunks }
}

async function synthesizeNative(text: string, voice: string, wavPath: string): Promise<NativeSynthesis> {
  const start = performance.now()
  await execFileAsync(FLITE_BINARY, ['-voice', voice, '-t', text, '-o', wavPath], { timeout: SYNTHESIS_TIMEOUT_MS })
  const processMs = performance.now() - start
  const audio = decodeWav(await readFile(wavPath))
  const wallMs = performance.now() - start
  const audioSeconds = durationSeconds(audio)
  return { wallMs, processMs, audioSeconds, sampleRate: audio.sampleRate, rtf: wallMs / 1000 / audioSeconds }
}

async function measureStartup(): Promise<Summary> {
  const times: number[] = []
  for (let i = 0; i < STARTUP_PROBES; i++) {
    const start = performance.now()
    await execFileAsync(FLITE_BINARY, ['-lv'], { timeout: 10_000 })
    times.push(performance.now() - start)
  }
  return summarize(times)
}

function summarizeSide(measurements: readonly Measurement[], side: Side): SideSummary {
  const audioSeconds = measurements.reduce((sum, m) => sum + m[side].audioSeconds, 0)
  const wallSeconds = measurements.reduce((sum, m) => sum + m[side].wallMs, 0) / 1000
  return {
    audioSeconds,
    wallSeconds,
    aggregateRtf: wallSeconds / audioSeconds,
    rtf: summarize(measurements.map((m) => m[side].rtf)),
  }
}

function summarizeGroup(group: string, measurements: readonly Measurement[]): GroupSummary {
  const wasi = summarizeSide(measurements, 'wasi')
  const native = summarizeSide(measurements, 'native')
  const absDiffs = measurements.map((m) => Math.abs(m.wasi.audioSeconds - m.native.audioSeconds))
  return {
    group,
    utterances: measurements.length,
    wasi,
    native,
    ratio: {
      rtfMean: wasi.rtf.mean / native.rtf.mean,
      rtfP50: wasi.rtf.p50 / native.rtf.p50,
      rtfP95: wasi.rtf.p95 / native.rtf.p95,
      aggregate: wasi.aggregateRtf / native.aggregateRtf,
    },
    durationAgreement: {
      meanAbsDiffSeconds: mean(absDiffs),
      maxAbsDiffSeconds: Math.max(...absDiffs),
      meanAbsDiffPercent: mean(measurements.map((m, i) => (100 * absDiffs[i]!) / m.native.audioSeconds)),
    },
  }
}

function markdownReport(
  groups: readonly GroupSummary[],
  measurements: readonly Measurement[],
  context: {
    fliteVersion: string
    engineDetail: string
    startup: Summary
    sentences: number
    voices: readonly string[]
  },
): string {
  const overall = groups[groups.length - 1]!
  const decodeMs = mean(measurements.map((m) => m.native.wallMs - m.native.processMs))
  const multiChunk = measurements.filter((m) => m.wasi.chunks > 1).length
  const disagreeing = groups.filter(
    (g) => g.group !== 'all' && g.durationAgreement.meanAbsDiffPercent > DURATION_AGREEMENT_PERCENT,
  )
  return `
${context.sentences} sentences (5–30 words, with numbers and punctuation) × voices ${context.voices.join(', ')}, each
synthesized once by the embedded engine (\`createEngine('flite-wasi')\`, in-process, ${context.engineDetail}) and once by
Debian's native \`${FLITE_BINARY}\` (flite ${context.fliteVersion}) in the same run, interleaved per sentence and voice with the
order alternating, after one unmeasured warm-up round of the same work.

**Overall: embedded RTF p50 ${fixed(overall.wasi.rtf.p50, 4)} vs native ${fixed(overall.native.rtf.p50, 4)} — the embedded
engine takes ${fixed(overall.ratio.rtfP50, 2)}× the native time per second of audio (aggregate ${fixed(overall.ratio.aggregate, 2)}×).**

RTF = synthesis wall time / audio duration (lower is faster). Both sides are timed from request to Float32 PCM in this
Node process:

- **native** includes **spawning a \`flite\` process for every sentence** (exec, dynamic linking, voice loading), the
  synthesis, writing the WAV to a temp file and reading + decoding it here (decode adds ${fixed(decodeMs, 2)} ms on average).
  Bare process start-up as seen from Node (\`execFile\` of \`flite -lv\`, ${STARTUP_PROBES} runs) is p50 ${fixed(context.startup.p50, 2)} ms, so
  for short sentences a large share of native flite's cost is the spawn, not the synthesis.
- **wasi** includes dispatch to a worker thread, a fresh WASI instance per sentence (flite keeps global state), the
  temp-file WAV round trip inside the worker, decode, and the transfer back to the main thread.

## RTF (per utterance)

${table(
  [
    'Voice',
    'n',
    'wasi mean',
    'wasi p50',
    'wasi p95',
    'native mean',
    'native p50',
    'native p95',
    'ratio p50',
    'ratio mean',
  ],
  groups.map((g) => [
    g.group,
    g.utterances,
    fixed(g.wasi.rtf.mean, 4),
    fixed(g.wasi.rtf.p50, 4),
    fixed(g.wasi.rtf.p95, 4),
    fixed(g.native.rtf.mean, 4),
    fixed(g.native.rtf.p50, 4),
    fixed(g.native.rtf.p95, 4),
    `${fixed(g.ratio.rtfP50, 2)}×`,
    `${fixed(g.ratio.rtfMean, 2)}×`,
  ]),
)}

Ratio = wasi RTF / native RTF (above 1: the embedded engine is slower). Percentiles: ${PERCENTILE_METHOD}.

## Totals and audio agreement

${table(
  [
    'Voice',
    'audio s (wasi)',
    'audio s (native)',
    'wall s (wasi)',
    'wall s (native)',
    'aggregate RTF wasi',
    'aggregate RTF native',
    'ratio',
    'duration mean abs diff',
  ],
  groups.map((g) => [
    g.group,
    fixed(g.wasi.audioSeconds, 2),
    fixed(g.native.audioSeconds, 2),
    fixed(g.wasi.wallSeconds, 3),
    fixed(g.native.wallSeconds, 3),
    fixed(g.wasi.aggregateRtf, 4),
    fixed(g.native.aggregateRtf, 4),
    `${fixed(g.ratio.aggregate, 2)}×`,
    `${fixed(g.durationAgreement.meanAbsDiffSeconds * 1000, 1)} ms (${fixed(g.durationAgreement.meanAbsDiffPercent, 2)}%)`,
  ]),
)}

Aggregate RTF = total wall time / total audio, which weights long sentences more than the per-utterance mean does.
Duration agreement compares, per sentence and voice, the length of the audio each side produced: ${
    overall.durationAgreement.maxAbsDiffSeconds === 0
      ? 'identical to the sample in every case'
      : `largest difference ${fixed(overall.durationAgreement.maxAbsDiffSeconds * 1000, 1)} ms`
  }.${
    disagreeing.length > 0
      ? `\n\n**Durations disagree by more than ${DURATION_AGREEMENT_PERCENT}% for ${disagreeing.map((g) => g.group).join(', ')}**: the two
sides did not say the sentences at the same pace, so their RTFs divide by different amounts of audio. Cause when this was
written: the embedded engine always passes \`--setf duration_stretch=<1/speed>\`, which replaces a voice's built-in
stretch (kal16 ships one of about 1.1); native \`flite -voice kal16 --setf duration_stretch=1\` gives the embedded length.`
      : ''
  }${
    multiChunk > 0
      ? `\n\nNote: ${multiChunk} embedded syntheses arrived in more than one chunk (split into sentences by Chorus), so they may have used two worker threads at once.`
      : ''
  }

Per-utterance figures are in \`${NAME}.json\`. Re-run with \`npm run bench -- ${NAME}\`.
`
}

export async function run(args: readonly string[]): Promise<void> {
  const values = parseBenchmarkArgs(
    args,
    {
      voices: { type: 'string' },
      sentences: { type: 'string' },
      'max-seconds': { type: 'string' },
    },
    HELP,
  )
  if (values === undefined) return
  const voices = choiceList('voices', values.voices, VOICES)
  const sentenceCount = Math.min(
    positiveInteger('sentences', values.sentences, BENCHMARK_SENTENCES.length),
    BENCHMARK_SENTENCES.length,
  )
  const maxSeconds = positiveNumber('max-seconds', values['max-seconds'], 300)
  const sentences = BENCHMARK_SENTENCES.slice(0, sentenceCount)
  for (const sentence of sentences) {
    const words = wordCount(sentence)
    if (words < 5 || words > 30 || splitSentences(sentence).length !== 1) {
      throw new Error(`benchmark sentence must be one sentence of 5–30 words: "${sentence}"`)
    }
  }

  const fliteVersion = await assertNativeFlite(voices)
  const engine = await createEngine('flite-wasi')
  const workDir = await mkdtemp(join(tmpdir(), 'chorus-bench-flite-'))
  const deadline = performance.now() + maxSeconds * 1000
  try {
    const engineVoices = new Set((await engine.listVoices()).map((voice) => voice.id))
    const missing = voices.filter((voice) => !engineVoices.has(voice))
    if (missing.length > 0) throw new Error(`the flite-wasi engine lacks voice(s) ${missing.join(', ')}`)
    const engineDetail = `default settings, up to ${fliteWasiSettingsSchema.parse({}).threads} worker threads`

    const startup = await measureStartup()
    const wavPath = join(workDir, 'native.wav')

    const round = async (label: string): Promise<Measurement[]> => {
      const measurements: Measurement[] = []
      for (const [sentenceIndex, text] of sentences.entries()) {
        for (const [voiceIndex, voice] of voices.entries()) {
          if (performance.now() > deadline) {
            throw new BenchmarkSetupError(
              `${label} passed --max-seconds ${maxSeconds}; try fewer --sentences or --voices, or raise --max-seconds`,
            )
          }
          // Alternate which side goes first so neither always runs on a cache the other just warmed.
          const first: Side = (sentenceIndex + voiceIndex) % 2 === 0 ? 'wasi' : 'native'
          let wasi: Measurement['wasi']
          let native: NativeSynthesis
          if (first === 'wasi') {
            wasi = await synthesizeWasi(engine, text, voice)
            native = await synthesizeNative(text, voice, wavPath)
          } else {
            native = await synthesizeNative(text, voice, wavPath)
            wasi = await synthesizeWasi(engine, text, voice)
          }
          measurements.push({ sentence: sentenceIndex + 1, voice, words: wordCount(text), first, wasi, native })
        }
      }
      return measurements
    }

    const started = performance.now()
    process.stderr.write(`flite: warm-up round (${sentences.length} sentences × ${voices.length} voices × 2 sides)…\n`)
    await round('warm-up round')
    process.stderr.write(`flite: measured round…\n`)
    const measurements = await round('measured round')
    const groups = [
      ...voices.map((voice) =>
        summarizeGroup(
          voice,
          measurements.filter((m) => m.voice === voice),
        ),
      ),
      summarizeGroup('all', measurements),
    ]
    const report = markdownReport(groups, measurements, {
      fliteVersion,
      engineDetail,
      startup,
      sentences: sentences.length,
      voices,
    })
    const written = await writeResults(
      {
        name: NAME,
        title: 'Embedded flite (WASI) vs native flite',
        parameters: {
          voices,
          sentences,
          warmupRounds: 1,
          measuredRounds: 1,
          interleaving: 'per sentence and voice, first side alternating',
          nativeBinary: FLITE_BINARY,
          nativeFliteVersion: fliteVersion,
          engine: { kind: 'flite-wasi', detail: engineDetail },
          rtfDefinition: 'synthesis wall time / audio duration',
          percentileMethod: PERCENTILE_METHOD,
        },
        results: {
          runSeconds: (performance.now() - started) / 1000,
          nativeStartupMs: startup,
          groups,
          measurements,
        },
        markdown: report,
      },
      values['results-dir'],
    )
    const overall = groups[groups.length - 1]!
    console.log(
      `flite: RTF p50 wasi ${fixed(overall.wasi.rtf.p50, 4)}, native ${fixed(overall.native.rtf.p50, 4)}, ` +
        `ratio ${fixed(overall.ratio.rtfP50, 2)}× → ${written.markdownPath}`,
    )
  } finally {
    await engine.close()
    await rm(workDir, { recursive: true, force: true })
  }
}
