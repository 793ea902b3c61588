/**
 * The Markdown summary of a voice-turn run (`--out`): verdict and budget first, then each stage's p50/p95 in pipeline
 * order, the criteria, failed turns with their stage and error kind, and every turn's figures with what was heard.
 */
import { markdownTable as table } from '../report/bench-format.js'
import type { VoiceTurnReport } from './run-voice-turns.js'
import { TIMING_DESCRIPTIONS } from './run-voice-turns.js'
import type { TurnTimings } from './run-turn.js'

const ms = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(0)

/** Table cells must not break the row: pipes escaped, newlines flattened, long text cut. */
function cell(text: string | null, max = 80): string {
  if (text === null) return '–'
  const flat = text.replace(/\s+/g, ' ').trim()
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
  return cut.replaceAll('|', '\\|') || '–'
}

export function voiceTurnMarkdown(report: VoiceTurnReport): string {
  const { turns, stages, verdict } = report
  const names = Object.keys(TIMING_DESCRIPTIONS) as (keyof TurnTimings)[]
  const failedTurns = report.turn_log.filter((turn) => turn.failure)
  const lines = [
    `# Voice turn: ${verdict.verdict.toUpperCase()} (budget ${report.budget_ms} ms)`,
    '',
    `Time to first audio p95 **${ms(stages.time_to_first_audio_ms.p95)} ms** (p50 ${ms(stages.time_to_first_audio_ms.p50)} ms) ` +
      `over ${turns.ok} successful of ${turns.measured} measured turns (${turns.warmup} warm-up, stopped by ${turns.stopped_by}).`,
    '',
    table(
      ['', 'endpoint', 'model'],
      [
        ['transcription', `\`${report.endpoints.asr}\``, `\`${report.models.asr}\``],
        ['chat', `\`${report.endpoints.llm}\``, `\`${report.models.llm}\``],
        ['speech', `\`${report.endpoints.tts}\``, `\`${report.models.tts}\`, voice \`${report.voice}\``],
      ],
    ),
    '',
    `Input: ${report.input.source} (${report.input.seconds.toFixed(2)} s).`,
    '',
    '## Stages',
    '',
    table(
      ['figure', 'spans', 'p50 ms', 'p95 ms', 'mean ms', 'max ms'],
      names.map((name) => [
        `\`${name}\``,
        TIMING_DESCRIPTIONS[name],
        ms(stages[name].p50),
        ms(stages[name].p95),
        ms(stages[name].mean),
        ms(stages[name].max),
      ]),
    ),
    '',
    'Speech starts as soon as the first complete sentence of the streamed reply has arrived (the whole reply when it is ' +
      'one sentence), while the rest still streams; only that sentence is synthesized. So time to first audio ≈ ' +
      '`asr_ms` + `llm_first_sentence_ms` + `tts_ttfa_ms` + the small gaps between requests.',
    '',
    '## Verdict',
    '',
    table(
      ['criterion', 'value', 'threshold', 'pass'],
      verdict.criteria.map((item) => [
        `\`${item.name}\``,
        item.value === null ? 'not measured' : String(Math.round(item.value * 100) / 100),
        `${item.bound === 'max' ? '≤' : '≥'} ${item.threshold}`,
        item.pass ? 'yes' : '**no**',
      ]),
    ),
  ]
  if (failedTurns.length > 0) {
    lines.push(
      '',
      '## Failed turns',
      '',
      table(
        ['turn', 'stage', 'error kind', 'message'],
        failedTurns.map((turn) => [
          `${turn.index}${turn.warmup ? ' (warm-up)' : ''}`,
          turn.failure!.stage,
          `\`${turn.failure!.kind}\``,
          cell(turn.failure!.message, 160),
        ]),
      ),
    )
  }
  lines.push(
    '',
    '## Turns',
    '',
    table(
      ['turn', 'ok', 'asr', 'ttft', 'first sentence', 'tts ttfa', 'first audio', 'heard', 'spoken back'],
      report.turn_log.map((turn) => [
        `${turn.index}${turn.warmup ? ' (warm-up)' : ''}`,
        turn.ok ? 'yes' : 'no',
        ms(turn.timings.asr_ms),
        ms(turn.timings.llm_ttft_ms),
        ms(turn.timings.llm_first_sentence_ms),
        ms(turn.timings.tts_ttfa_ms),
        ms(turn.timings.time_to_first_audio_ms),
        cell(turn.transcript, 60),
        cell(turn.spokenSentence, 60),
      ]),
    ),
    '',
    `Percentiles: ${report.percentile_method}.`,
    '',
  )
  return lines.join('\n')
}
