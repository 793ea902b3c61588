/**
 * `chorus bench-turn`: times one spoken turn of a voice agent end to end — the user's audio to an OpenAI
 * transcriptions server, the transcript to an OpenAI chat-completions server (streamed), the reply's first sentence
 * to an OpenAI speech server (streamed) — repeated `--turns` times, and judges the p95 time to first audio against
 * `--budget`. A top-level command beside `chorus bench` (whose flags describe one endpoint under load, not a
 * three-server pipeline). The pipeline is src/bench/voice-turn/; this file parses flags and prints.
 *
 * Exit codes: 0 within budget (and no turn failed); 1 over budget, a failed turn, or the run could not finish; 2 a
 * usage error (bad flag, duration, URL or audio file); 130 interrupted (the turns so far are reported).
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { parseDurationMs, parseWholeNumber } from '../../bench/bench-options.js'
import { endpointUrl } from '../../bench/targets/index.js'
import type { TargetKind } from '../../bench/targets/target.js'
import {
  DEFAULT_SAY_VOICE,
  readInputAudio,
  synthesizeInputAudio,
  type InputAudio,
} from '../../bench/voice-turn/input-audio.js'
import type { VoiceTurnSettings } from '../../bench/voice-turn/run-turn.js'
import { runVoiceTurns, type RecordedTurn, type VoiceTurnReport } from '../../bench/voice-turn/run-voice-turns.js'
import { voiceTurnMarkdown } from '../../bench/voice-turn/summary-markdown.js'
import { ChorusError } from '../../errors.js'
import { INTERRUPTED_EXIT_CODE } from '../options.js'
import { exitTwoOnUsageErrors, USAGE_EXIT_CODE } from './lab-options.js'
import { usageErrorsExitTwo } from './usage-errors.js'

interface BenchTurnOptions {
  readonly tts: string
  readonly asr?: string
  readonly llm: string
  readonly asrModel: string
  readonly llmModel: string
  readonly ttsModel: string
  readonly voice: string
  readonly audio?: string
  readonly say?: string
  readonly sayVoice: string
  readonly language?: string
  readonly system: string
  readonly maxTokens?: string
  readonly temperature?: string
  readonly turns: string
  readonly warmup: string
  readonly duration: string
  readonly timeout: string
  readonly budget: string
  readonly json?: boolean
  readonly out?: string
}

/** A Chorus on its default port serves both transcription and speech. */
const DEFAULT_CHORUS_URL = 'http://127.0.0.1:8880'
/** llama.cpp's `llama-server` default address (any OpenAI-compatible chat server works). */
const DEFAULT_LLM_URL = 'http://127.0.0.1:8080'
const DEFAULT_SAY = 'What is the weather like in Paris today?'
const DEFAULT_SYSTEM = 'You are a voice assistant. Answer in one or two short sentences of plain spoken English.'
const MAX_TURNS = 1000

/** Errors that mean "called wrong" and exit 2. */
const USAGE_CODES: ReadonlySet<string> = new Set(['CHORUS_ERR_CLI_USAGE', 'CHORUS_ERR_BENCH_SPEC_INVALID'])

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

/** A budget needs its unit: `900` alone could be read as milliseconds or seconds. */
function parseBudgetMs(value: string): number {
  if (/^\s*[\d.]+\s*$/.test(value)) throw usage(`--budget needs a unit, e.g. 900ms or 1.2s; got "${value}"`)
  return parseDurationMs('--budget', value)
}

/** OpenAI's range for `temperature`. */
function parseTemperature(value: string): number {
  const parsed = Number(value)
  if (value.trim() === '' || !(parsed >= 0 && parsed <= 2))
    throw usage(`--temperature expects a number from 0 to 2; got "${value}"`)
  return parsed
}

function endpoint(flag: string, url: string, kind: TargetKind): string {
  try {
    return endpointUrl(url, kind)
  } catch (error) {
    throw usage(`${flag}: ${(error as Error).message.replace(/^Invalid bench spec: /, '')}`)
  }
}

function turnLine(turn: RecordedTurn): string {
  const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)}`)
  const { timings } = turn
  const head = `turn ${turn.index}${turn.warmup ? ' (warm-up)' : ''}`
  const figures =
    `first audio ${ms(timings.time_to_first_audio_ms)} ms · asr ${ms(timings.asr_ms)} · ttft ${ms(timings.llm_ttft_ms)} · ` +
    `first sentence ${ms(timings.llm_first_sentence_ms)} · tts ttfa ${ms(timings.tts_ttfa_ms)}`
  return turn.failure
    ? `${head}: FAILED at ${turn.failure.stage} (${turn.failure.kind}): ${turn.failure.message}`
    : `${head}: ${figures}`
}

function summaryLines(report: VoiceTurnReport): string[] {
  const { stages, turns } = report
  const ms = (value: number): string => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–')
  const pair = (name: keyof VoiceTurnReport['stages']): string =>
    `p50 ${ms(stages[name].p50)} p95 ${ms(stages[name].p95)}`
  const lines = [
    `voice turn: ${turns.ok}/${turns.measured} turns ok (${turns.warmup} warm-up, stopped by ${turns.stopped_by})`,
    `  time to first audio ${pair('time_to_first_audio_ms')}`,
    `  asr ${pair('asr_ms')} · llm ttft ${pair('llm_ttft_ms')} · llm first sentence ${pair('llm_first_sentence_ms')}`,
    `  llm total ${pair('llm_total_ms')} · tts ttfa ${pair('tts_ttfa_ms')}`,
    `verdict: ${report.verdict.verdict} (budget ${report.budget_ms} ms)`,
  ]
  for (const item of report.verdict.criteria) {
    const value = item.value === null ? 'not measured' : String(Math.round(item.value * 10) / 10)
    lines.push(`  ${item.pass ? 'pass' : 'FAIL'} ${item.name}: ${value} (${item.bound} ${item.threshold})`)
  }
  return lines
}

async function inputAudio(options: BenchTurnOptions, signal: AbortSignal): Promise<InputAudio> {
  if (options.audio !== undefined && options.say !== undefined) throw usage('give --audio or --say, not both')
  if (options.audio !== undefined) return readInputAudio(options.audio)
  return synthesizeInputAudio(options.say ?? DEFAULT_SAY, options.sayVoice, signal)
}

async function runBenchTurn(options: BenchTurnOptions): Promise<void> {
  const turns = parseWholeNumber('--turns', options.turns, 1)
  if (turns > MAX_TURNS) throw usage(`--turns is at most ${MAX_TURNS}; got ${turns}`)
  const warmupTurns = parseWholeNumber('--warmup', options.warmup, 0)
  const maxSeconds = parseDurationMs('--duration', options.duration) / 1000
  const stageTimeoutMs = parseDurationMs('--timeout', options.timeout)
  const budgetMs = parseBudgetMs(options.budget)
  const maxTokens = options.maxTokens === undefined ? undefined : parseWholeNumber('--max-tokens', options.maxTokens, 1)
  const temperature = options.temperature === undefined ? undefined : parseTemperature(options.temperature)
  const ttsUrl = endpoint('--tts', options.tts, 'openai-speech')
  const asrUrl = endpoint('--asr', options.asr ?? options.tts, 'openai-transcriptions')
  const llmUrl = endpoint('--llm', options.llm, 'openai-chat')

  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  let report: VoiceTurnReport
  try {
    const audio = await inputAudio(options, controller.signal)
    const settings: VoiceTurnSettings = {
      asr: { url: asrUrl, model: options.asrModel, ...(options.language ? { language: options.language } : {}) },
      llm: {
        url: llmUrl,
        model: options.llmModel,
        ...(options.system.trim() !== '' ? { system: options.system } : {}),
        ...(maxTokens !== undefined ? { maxTokens } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
      },
      tts: { url: ttsUrl, model: options.ttsModel, voice: options.voice },
      audio,
      timeoutsMs: { asr: stageTimeoutMs, llm: stageTimeoutMs, tts: stageTimeoutMs },
    }
    report = await runVoiceTurns({
      settings,
      turns,
      warmupTurns,
      maxSeconds,
      budgetMs,
      signal: controller.signal,
      onTurn: (turn) => process.stderr.write(`${turnLine(turn)}\n`),
    })
  } finally {
    process.off('SIGINT', onSignal)
  }
  if (options.out) await writeFile(resolve(options.out), voiceTurnMarkdown(report))
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else {
    process.stdout.write(`${summaryLines(report).join('\n')}\n`)
    if (options.out) process.stdout.write(`summary: ${resolve(options.out)}\n`)
  }
  if (report.turns.stopped_by === 'aborted') {
    process.stderr.write('chorus: CHORUS_ERR_ABORTED: interrupted; the report covers the turns that finished\n')
    process.exitCode = INTERRUPTED_EXIT_CODE
  } else if (report.verdict.verdict === 'fail') process.exitCode = 1
}

export function registerBenchTurn(program: Command): void {
  exitTwoOnUsageErrors(
    program
      .command('bench-turn')
      .description('Time a voice-agent turn end to end: audio → transcription → chat (streamed) → speech, vs a budget')
      .option('--tts <url>', 'OpenAI speech server: base or /v1/audio/speech URL', DEFAULT_CHORUS_URL)
      .option('--asr <url>', 'OpenAI transcriptions server (default: the --tts server, as a Chorus serves both)')
      .option('--llm <url>', 'OpenAI chat-completions server: base or /v1/chat/completions URL', DEFAULT_LLM_URL)
      .option('--asr-model <name>', 'model field of the transcription request', 'whisper-1')
      .option('--llm-model <name>', 'model field of the chat request', 'default')
      .option('--tts-model <name>', 'model field of the speech request', 'tts-1')
      .option('--voice <voice>', 'voice of the speech request', 'alloy')
      .option('--audio <file.wav>', "the user's turn, a WAV file")
      .option(
        '--say <text>',
        `the user's turn, spoken once up front by the embedded engine (default: "${DEFAULT_SAY}")`,
      )
      .option('--say-voice <voice>', 'embedded voice for --say', DEFAULT_SAY_VOICE)
      .option('--language <code>', 'language field of the transcription request')
      .option('--system <text>', 'system message of the chat request ("" for none)', DEFAULT_SYSTEM)
      .option('--max-tokens <n>', 'max_tokens of the chat request')
      .option('--temperature <t>', 'temperature of the chat request, 0–2')
      .option('--turns <n>', `measured turns, one after another (at most ${MAX_TURNS})`, '5')
      .option('--warmup <n>', 'unmeasured turns first', '1')
      .option('--duration <time>', 'time cap of the whole run, e.g. 120s; a turn in flight finishes', '120s')
      .option('--timeout <time>', 'timeout of each stage request, e.g. 30s', '30s')
      .option('--budget <time>', 'p95 time to first audio must be within this, e.g. 900ms', '900ms')
      .option('--json', 'print the report JSON to stdout')
      .option('-o, --out <file.md>', 'write a Markdown summary')
      .addHelpText(
        'after',
        `\nSpeech starts at the reply's first complete sentence, while the chat reply still streams.` +
          `\nExit codes: 0 within budget, 1 over budget or a turn failed, ${USAGE_EXIT_CODE} usage error, ` +
          `${INTERRUPTED_EXIT_CODE} interrupted.`,
      )
      .action(usageErrorsExitTwo(USAGE_CODES, (options: BenchTurnOptions) => runBenchTurn(options))),
  )
}
