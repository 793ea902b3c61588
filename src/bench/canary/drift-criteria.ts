/**
 * The drift gates a canary holds a re-run to, one table entry each: how the value is computed from the baseline's
 * and the re-run's measurements, and the default threshold (every gate is a `max`: drift is flagged above it;
 * `--threshold name=value` overrides). A gate whose figures a spec kind does not produce (no WER in a plain bench,
 * no audio from a chat target) is left out of the verdict, not faked. Figures are compared side by side (compare
 * specs have sides `a` and `b`); a gate's value is its worst side's.
 *
 * | gate | value | default |
 * |---|---|---|
 * | `similarity_drift` | 1 − mean over prompts of the cosine (floored at 0) between the re-run's speaker embedding and the baseline's for the same prompt | 0.05 |
 * | `ab_similarity_drop` | compare: baseline A–B mean similarity − the re-run's | 0.05 |
 * | `wer_delta` | re-run corpus WER − baseline corpus WER (fractions) | 0.05 |
 * | `latency_p95_ratio` | re-run p95 latency / baseline p95 latency | 1.2 |
 * | `error_rate_delta` | re-run error rate − baseline error rate (fractions) | 0.01 |
 * | `clipping_delta` | re-run − baseline mean % of clipped samples (percentage points) | 0.1 |
 *
 * `error_rate_delta` at 0.01 means that with fewer than 100 requests a single new failure is drift: a canary runs a
 * handful of prompts, and an upstream that starts failing any of them has changed.
 */
import { closestKey } from '../../config/suggest.js'
import { ChorusError } from '../../errors.js'
import { cosineSimilarity } from '../../lab/similarity/index.js'
import { mean } from '../stats.js'
import { criterion, type Criterion } from '../verdict.js'
import type { CanaryEmbeddings, CanaryMetrics, SideMetrics } from './canary-metrics.js'

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

/** One run's side of the comparison. */
export interface CanarySnapshot {
  readonly metrics: CanaryMetrics
  readonly embeddings: CanaryEmbeddings
}

interface DriftGate {
  readonly defaultThreshold: number
  readonly description: string
  /** The gate judged, or undefined when it does not apply to these runs. */
  judge(baseline: CanarySnapshot, current: CanarySnapshot, threshold: number, name: string): Criterion | undefined
}

/** One side's value of a gate, with a short account of it; undefined: not applicable to this side. */
type SideValue = { readonly value: number | null; readonly detail: string } | undefined

const fixed = (value: number | null | undefined, digits: number): string =>
  value === null || value === undefined ? '–' : value.toFixed(digits)
const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : `${(100 * value).toFixed(1)}%`

/**
 * Judges a gate side by side over the sides both runs have and keeps the worst (a null value, unmeasurable, is
 * the worst of all). Sides are named in the detail only when there are several.
 */
function worstSide(
  baseline: CanarySnapshot,
  current: CanarySnapshot,
  name: string,
  threshold: number,
  valueOf: (before: SideMetrics, after: SideMetrics, side: string) => SideValue,
): Criterion | undefined {
  const sides = Object.keys(baseline.metrics.sides).filter((side) => side in current.metrics.sides)
  let worst: { value: number | null; detail: string; side: string } | undefined
  for (const side of sides.sort()) {
    const judged = valueOf(baseline.metrics.sides[side]!, current.metrics.sides[side]!, side)
    if (!judged) continue
    const worse = !worst || (worst.value !== null && (judged.value === null || judged.value > worst.value))
    if (worse) worst = { ...judged, side }
  }
  if (!worst) return undefined
  const where = sides.length > 1 ? `side ${worst.side}: ` : ''
  return criterion(name, worst.value, threshold, 'max', `${where}${worst.detail}`)
}

type FigureKey = 'latency_p95_ms' | 'wer' | 'error_rate' | 'clipping_percent'

/** A gate on one figure of each side, compared as {@link change} from the baseline's value to the re-run's. */
interface FigureGate {
  readonly figure: FigureKey
  readonly defaultThreshold: number
  readonly description: string
  readonly change: (was: number, now: number) => number
  readonly detail: (was: number, now: number | null, after: SideMetrics) => string
  /** A baseline value the change cannot be taken from (a ratio needs a positive one): the gate does not apply. */
  readonly skips?: (was: number) => boolean
}

const difference = (was: number, now: number): number => now - was
const ratio = (was: number, now: number): number => now / was

/**
 * A figure both runs should have: the gate applies to a side when the baseline measured it; the re-run's absence is
 * unmeasurable (null).
 */
function figureGate(gate: FigureGate): DriftGate {
  return {
    defaultThreshold: gate.defaultThreshold,
    description: gate.description,
    judge: (baseline, current, threshold, name) =>
      worstSide(baseline, current, name, threshold, (before, after) => {
        const was = before[gate.figure]
        if (was === undefined || was === null || gate.skips?.(was)) return undefined
        const now = after[gate.figure] ?? null
        return { value: now === null ? null : gate.change(was, now), detail: gate.detail(was, now, after) }
      }),
  }
}

function similarityDrift(baseline: CanarySnapshot, current: CanarySnapshot, side: string): SideValue {
  const before = baseline.embeddings.sides[side]
  if (!before || Object.keys(before).length === 0) return undefined
  if (baseline.embeddings.embedder !== current.embeddings.embedder) {
    return {
      value: null,
      detail: `embedder changed (${baseline.embeddings.embedder} → ${current.embeddings.embedder}); re-baseline`,
    }
  }
  const after = current.embeddings.sides[side] ?? {}
  const similarities: number[] = []
  for (const [prompt, vector] of Object.entries(before)) {
    const now = after[prompt]
    if (now && now.length === vector.length) similarities.push(Math.max(0, cosineSimilarity(vector, now)))
  }
  const total = Object.keys(before).length
  if (similarities.length === 0) return { value: null, detail: `no prompt of the baseline's ${total} produced audio` }
  return {
    value: 1 - mean(similarities),
    detail: `mean similarity ${mean(similarities).toFixed(4)} over ${similarities.length}/${total} prompts`,
  }
}

export const driftGates = {
  similarity_drift: {
    defaultThreshold: 0.05,
    description: "1 − mean cosine similarity of each prompt's speaker embedding to the baseline's",
    judge: (baseline, current, threshold, name) =>
      worstSide(baseline, current, name, threshold, (_before, _after, side) =>
        similarityDrift(baseline, current, side),
      ),
  },
  ab_similarity_drop: {
    defaultThreshold: 0.05,
    description: 'compare specs: drop of the mean A–B speaker similarity since the baseline',
    judge(baseline, current, threshold, name) {
      const was = baseline.metrics.ab_similarity
      if (was === undefined || was === null) return undefined
      const now = current.metrics.ab_similarity ?? null
      return criterion(
        name,
        now === null ? null : was - now,
        threshold,
        'max',
        `A–B similarity ${fixed(was, 4)} → ${fixed(now, 4)}`,
      )
    },
  },
  wer_delta: figureGate({
    figure: 'wer',
    change: difference,
    defaultThreshold: 0.05,
    description: 'corpus WER of the re-run − the baseline’s (fractions)',
    detail: (was, now) => `WER ${percent(was)} → ${percent(now)}`,
  }),
  latency_p95_ratio: figureGate({
    figure: 'latency_p95_ms',
    change: ratio,
    skips: (was) => was <= 0,
    defaultThreshold: 1.2,
    description: 'p95 latency of the re-run / the baseline’s',
    detail: (was, now) => `p95 ${fixed(was, 0)} → ${fixed(now, 0)} ms`,
  }),
  error_rate_delta: figureGate({
    figure: 'error_rate',
    change: difference,
    defaultThreshold: 0.01,
    description: 'error rate of the re-run − the baseline’s (fractions)',
    detail: (was, now, after) => `errors ${percent(was)} → ${percent(now)} of ${after.requests} requests`,
  }),
  clipping_delta: figureGate({
    figure: 'clipping_percent',
    change: difference,
    defaultThreshold: 0.1,
    description: 'mean % of clipped samples of the re-run − the baseline’s (percentage points)',
    detail: (was, now) => `${fixed(was, 3)}% → ${fixed(now, 3)}% of samples clipped`,
  }),
} as const satisfies Record<string, DriftGate>

export type DriftGateName = keyof typeof driftGates
export const DRIFT_GATE_NAMES = Object.keys(driftGates) as DriftGateName[]
export type DriftThresholds = Partial<Record<DriftGateName, number>>

/** The gates that apply to these two runs, in table order, each held to its threshold. */
export function judgeDrift(
  baseline: CanarySnapshot,
  current: CanarySnapshot,
  thresholds: DriftThresholds = {},
): Criterion[] {
  const criteria: Criterion[] = []
  for (const name of DRIFT_GATE_NAMES) {
    const gate: DriftGate = driftGates[name]
    const judged = gate.judge(baseline, current, thresholds[name] ?? gate.defaultThreshold, name)
    if (judged) criteria.push(judged)
  }
  return criteria
}

/** `latency_p95_ratio=1.5` (repeatable) → thresholds; an unknown gate or a value that is not a number is a usage error. */
export function parseDriftThresholds(assignments: readonly string[]): DriftThresholds {
  const thresholds: DriftThresholds = {}
  for (const assignment of assignments) {
    const match = /^([a-z_0-9]+)=(.+)$/.exec(assignment.trim())
    if (!match) throw usage(`--threshold expects gate=value (e.g. latency_p95_ratio=1.5); got "${assignment}"`)
    const [, name, text] = match as unknown as [string, string, string]
    if (!(DRIFT_GATE_NAMES as readonly string[]).includes(name)) {
      const guess = closestKey(name, DRIFT_GATE_NAMES)
      throw usage(
        `--threshold: unknown drift gate \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''} Gates: ${DRIFT_GATE_NAMES.join(', ')}`,
      )
    }
    const value = Number(text)
    if (text.trim() === '' || !Number.isFinite(value) || value < 0)
      throw usage(`--threshold ${name} expects a number ≥ 0; got "${text}"`)
    thresholds[name as DriftGateName] = value
  }
  return thresholds
}
