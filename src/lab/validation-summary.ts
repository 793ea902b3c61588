/**
 * The numbers a validation run is judged by, computed once from its items and shared by report.json, SUMMARY.md,
 * report.html and the run row in the results store. Keys are snake_case: they are the keys of report JSON.
 *
 * Two WERs, labelled everywhere because they answer different questions (see src/text/scoring/wer.ts):
 * `corpus_wer` = Σ word errors / Σ reference words (every word weighs the same, as sclite reports), and
 * `mean_utterance_wer` = the mean of per-item WERs (every item weighs the same). Both are of the first ASR engine;
 * `by_engine` has them for each engine. Items that could not be scored count as failed and stay out of the rates.
 */
import type { UtteranceRates } from '../text/scoring/index.js'
import { corpusRates, VERDICTS, type Verdict } from '../text/scoring/index.js'
import { GATE_NAMES, type GateName } from './gates/index.js'
import type { ItemResult } from './score-item.js'

/** One scored (or unscorable) item, with what the dataset says about it. */
export interface SummarizedItem {
  readonly category?: string
  readonly backend?: string
  readonly voice?: string
  /** Absent when the item could not be scored. */
  readonly result?: Pick<ItemResult, 'pass' | 'gates' | 'counts' | 'transcripts' | 'metrics'>
}

type Scored = NonNullable<SummarizedItem['result']>

/** The rates of the transcript at `index` (0: the first engine), as `corpusRates` takes them. */
function ratesAt(result: Scored, index: number): UtteranceRates[] {
  const transcript = result.transcripts[index]
  if (!transcript) return []
  return [{ wer: transcript.wer, cer: transcript.cer, ...transcript.errors }]
}

export interface WerFigures {
  /** Σ word errors / Σ reference words; null when nothing was scored. */
  readonly corpus_wer: number | null
  /** Mean of per-item WERs; null when nothing was scored. */
  readonly mean_utterance_wer: number | null
  readonly utterances_over_50pct: number
}

export interface GroupSummary extends WerFigures {
  readonly items: number
  readonly passed: number
  readonly failed: number
}

export interface EngineSummary extends WerFigures {
  readonly engine: string
  readonly corpus_cer: number | null
}

export interface ValidationSummary extends WerFigures {
  /** Paired items found: passed + failed. */
  readonly items: number
  readonly passed: number
  /** Items that failed a gate or could not be scored. */
  readonly failed: number
  /** Items that could not be scored (unreadable clip, empty text, a recognizer error); included in `failed`. */
  readonly errors: number
  /** Clips without a text and texts without a clip; not items. */
  readonly unpaired: number
  readonly corpus_cer: number | null
  readonly mean_utterance_cer: number | null
  /** How many items failed each gate (an item failing two gates counts under both). */
  readonly by_gate_failures: Readonly<Record<GateName, number>>
  readonly by_engine: readonly EngineSummary[]
  /** Present only for the keys the dataset's metadata gives. */
  readonly by_category: Readonly<Record<string, GroupSummary>>
  readonly by_backend: Readonly<Record<string, GroupSummary>>
  readonly by_voice: Readonly<Record<string, GroupSummary>>
  /** Word-table rows per verdict, over all scored items. */
  readonly verdict_counts: Readonly<Record<Verdict, number>>
  /** Seconds of audio scored. */
  readonly audio_seconds: number
}

function werFigures(
  rates: readonly UtteranceRates[],
): WerFigures & { corpus_cer: number | null; mean_utterance_cer: number | null } {
  if (rates.length === 0) {
    return {
      corpus_wer: null,
      mean_utterance_wer: null,
      utterances_over_50pct: 0,
      corpus_cer: null,
      mean_utterance_cer: null,
    }
  }
  const corpus = corpusRates(rates)
  return {
    corpus_wer: corpus.corpusWer,
    mean_utterance_wer: corpus.meanUtteranceWer,
    utterances_over_50pct: corpus.utterancesOverHalfWer,
    corpus_cer: corpus.corpusCer,
    mean_utterance_cer: corpus.meanUtteranceCer,
  }
}

function groupSummary(items: readonly SummarizedItem[]): GroupSummary {
  const passed = items.filter((item) => item.result?.pass === true).length
  const { corpus_wer, mean_utterance_wer, utterances_over_50pct } = werFigures(
    items.flatMap((item) => (item.result ? ratesAt(item.result, 0) : [])),
  )
  return {
    items: items.length,
    passed,
    failed: items.length - passed,
    corpus_wer,
    mean_utterance_wer,
    utterances_over_50pct,
  }
}

function groupBy(
  items: readonly SummarizedItem[],
  key: 'category' | 'backend' | 'voice',
): Record<string, GroupSummary> {
  const groups = new Map<string, SummarizedItem[]>()
  for (const item of items) {
    const value = item[key]
    if (value === undefined) continue
    groups.set(value, [...(groups.get(value) ?? []), item])
  }
  return Object.fromEntries(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, group]) => [name, groupSummary(group)]),
  )
}

export function summarizeValidation(items: readonly SummarizedItem[], unpaired: number): ValidationSummary {
  const scored = items.flatMap((item) => (item.result ? [item.result] : []))
  const overall = groupSummary(items)
  const first = werFigures(scored.flatMap((result) => ratesAt(result, 0)))
  const engines = Math.max(0, ...scored.map((result) => result.transcripts.length))
  const by_engine = Array.from({ length: engines }, (_, index): EngineSummary => {
    const figures = werFigures(scored.flatMap((result) => ratesAt(result, index)))
    const engine = scored.find((result) => result.transcripts[index])!.transcripts[index]!.engine
    return {
      engine,
      corpus_wer: figures.corpus_wer,
      mean_utterance_wer: figures.mean_utterance_wer,
      utterances_over_50pct: figures.utterances_over_50pct,
      corpus_cer: figures.corpus_cer,
    }
  })
  const by_gate_failures = Object.fromEntries(
    GATE_NAMES.map((gate) => [gate, scored.filter((result) => result.gates[gate] === 'fail').length]),
  ) as Record<GateName, number>
  const verdict_counts = Object.fromEntries(
    VERDICTS.map((verdict) => [verdict, scored.reduce((sum, result) => sum + result.counts[verdict], 0)]),
  ) as Record<Verdict, number>
  return {
    items: items.length,
    passed: overall.passed,
    failed: overall.failed,
    errors: items.length - scored.length,
    unpaired,
    corpus_wer: first.corpus_wer,
    mean_utterance_wer: first.mean_utterance_wer,
    utterances_over_50pct: first.utterances_over_50pct,
    corpus_cer: first.corpus_cer,
    mean_utterance_cer: first.mean_utterance_cer,
    by_gate_failures,
    by_engine,
    by_category: groupBy(items, 'category'),
    by_backend: groupBy(items, 'backend'),
    by_voice: groupBy(items, 'voice'),
    verdict_counts,
    audio_seconds: scored.reduce((sum, result) => sum + result.metrics.durationSeconds, 0),
  }
}
