/**
 * Repeats the voice turn (./run-turn.ts) one after another — a single conversation, never overlapping — and judges
 * the result against a time-to-first-audio budget. Bounded three ways: at most `turns` measured turns (after
 * `warmupTurns` unmeasured ones), at most `maxSeconds` of wall time (a turn in flight then finishes, bounded by its
 * stage timeouts), and {@link MAX_CONSECUTIVE_FAILURES} failed turns in a row (a server that is down fails fast
 * instead of once per turn); the run's signal stops it at once.
 *
 * Stage figures (p50/p95 …, ./stats.ts) are over the turns that succeeded; a failed turn is counted, its stage and
 * error kind kept. The verdict (../verdict.ts) passes when the p95 time to first audio is within the budget and no
 * measured turn failed.
 */
import { performance } from 'node:perf_hooks'
import { CHORUS_VERSION } from '../../version.js'
import { emptyErrorCounts, type ErrorCounts } from '../error-kinds.js'
import { PERCENTILE_METHOD, summarize, type Summary } from '../stats.js'
import { criterion, decide, type Verdict } from '../verdict.js'
import {
  runVoiceTurn,
  TURN_STAGES,
  type TurnOutcome,
  type TurnStage,
  type TurnTimings,
  type VoiceTurnSettings,
} from './run-turn.js'

export const VOICE_TURN_SCHEMA = 'chorus-voice-turn/1'
export const MAX_CONSECUTIVE_FAILURES = 3

/** Every timed figure of a turn, with what it spans — the report's stage table, in pipeline order. */
export const TIMING_DESCRIPTIONS: Readonly<Record<keyof TurnTimings, string>> = {
  asr_ms: 'transcription: audio sent → transcript received',
  llm_ttft_ms: 'chat: request sent → first content token',
  llm_first_sentence_ms: 'chat: request sent → first complete sentence',
  llm_total_ms: 'chat: request sent → end of the stream',
  tts_ttfa_ms: 'speech: first sentence sent → first decodable audio sample',
  tts_total_ms: 'speech: first sentence sent → end of its audio',
  time_to_first_audio_ms: 'end to end: user audio submitted → first decodable sample of the reply',
  turn_ms: 'end to end: user audio submitted → chat and speech both done',
}

const TIMING_NAMES = Object.keys(TIMING_DESCRIPTIONS) as (keyof TurnTimings)[]

export interface VoiceTurnRunOptions {
  readonly settings: VoiceTurnSettings
  readonly turns: number
  readonly warmupTurns: number
  readonly maxSeconds: number
  readonly budgetMs: number
  readonly signal: AbortSignal
  /** Called after every turn (warm-up included). */
  readonly onTurn?: (turn: RecordedTurn) => void
}

export interface RecordedTurn extends TurnOutcome {
  /** 1-based; warm-up turns come first. */
  readonly index: number
  readonly warmup: boolean
}

export type VoiceTurnVerdict = Verdict<'pass' | 'fail'>

export interface VoiceTurnReport {
  readonly schema: typeof VOICE_TURN_SCHEMA
  readonly chorus_version: string
  readonly started_at: string
  readonly finished_at: string
  readonly endpoints: { readonly asr: string; readonly llm: string; readonly tts: string }
  readonly models: { readonly asr: string; readonly llm: string; readonly tts: string }
  readonly voice: string
  readonly input: { readonly source: string; readonly seconds: number; readonly spoken_text: string | null }
  readonly budget_ms: number
  readonly turns: {
    readonly requested: number
    readonly warmup: number
    readonly measured: number
    readonly ok: number
    readonly failed: number
    readonly stopped_by: 'turns' | 'time' | 'failures' | 'aborted'
  }
  /** Each figure over the measured turns that succeeded. */
  readonly stages: Readonly<Record<keyof TurnTimings, Summary>>
  /** Failed measured turns by the stage that failed and its error kind. */
  readonly errors: Readonly<Record<TurnStage, ErrorCounts>>
  readonly verdict: VoiceTurnVerdict
  readonly percentile_method: string
  readonly turn_log: readonly RecordedTurn[]
}

function stoppedBy(
  signal: AbortSignal,
  measured: number,
  turns: number,
  consecutiveFailures: number,
): VoiceTurnReport['turns']['stopped_by'] {
  if (signal.aborted) return 'aborted'
  if (measured >= turns) return 'turns'
  if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) return 'failures'
  return 'time'
}

/** The verdict: p95 time to first audio within the budget, and no failed turn. */
export function judgeVoiceTurns(timeToFirstAudio: Summary, failed: number, budgetMs: number): VoiceTurnVerdict {
  return decide(
    [
      criterion(
        'turn_ttfa_p95_ms',
        timeToFirstAudio.p95,
        budgetMs,
        'max',
        `p95 of time to first audio over ${timeToFirstAudio.count} successful turns, ms`,
      ),
      criterion('failed_turns', failed, 0, 'max', 'measured turns that failed at any stage'),
    ],
    'pass',
    'fail',
  )
}

export async function runVoiceTurns(options: VoiceTurnRunOptions): Promise<VoiceTurnReport> {
  const { settings, turns, warmupTurns, maxSeconds, budgetMs, signal } = options
  const startedAt = new Date().toISOString()
  const deadline = performance.now() + maxSeconds * 1000
  const log: RecordedTurn[] = []
  let measured = 0
  let consecutiveFailures = 0
  while (
    measured < turns &&
    performance.now() < deadline &&
    consecutiveFailures < MAX_CONSECUTIVE_FAILURES &&
    !signal.aborted
  ) {
    const warmup = log.length < warmupTurns
    const outcome = await runVoiceTurn(settings, signal)
    if (signal.aborted) break
    const turn: RecordedTurn = { index: log.length + 1, warmup, ...outcome }
    log.push(turn)
    if (!warmup) measured++
    consecutiveFailures = outcome.ok ? 0 : consecutiveFailures + 1
    options.onTurn?.(turn)
  }

  const counted = log.filter((turn) => !turn.warmup)
  const succeeded = counted.filter((turn) => turn.ok)
  const stages = Object.fromEntries(
    TIMING_NAMES.map((name) => [
      name,
      summarize(succeeded.flatMap((turn) => (turn.timings[name] === null ? [] : [turn.timings[name]]))),
    ]),
  ) as Record<keyof TurnTimings, Summary>
  const errors = Object.fromEntries(TURN_STAGES.map((stage) => [stage, emptyErrorCounts()])) as Record<
    TurnStage,
    ErrorCounts
  >
  for (const turn of counted) if (turn.failure) errors[turn.failure.stage][turn.failure.kind]++
  const failed = counted.length - succeeded.length
  return {
    schema: VOICE_TURN_SCHEMA,
    chorus_version: CHORUS_VERSION,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    endpoints: { asr: settings.asr.url, llm: settings.llm.url, tts: settings.tts.url },
    models: { asr: settings.asr.model, llm: settings.llm.model, tts: settings.tts.model },
    voice: settings.tts.voice,
    input: {
      source: settings.audio.source,
      seconds: settings.audio.seconds,
      spoken_text: settings.audio.spokenText ?? null,
    },
    budget_ms: budgetMs,
    turns: {
      requested: turns,
      warmup: log.length - counted.length,
      measured: counted.length,
      ok: succeeded.length,
      failed,
      stopped_by: stoppedBy(signal, measured, turns, consecutiveFailures),
    },
    stages,
    errors,
    verdict: judgeVoiceTurns(stages.time_to_first_audio_ms, failed, budgetMs),
    percentile_method: PERCENTILE_METHOD,
    turn_log: log,
  }
}
