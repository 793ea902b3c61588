/**
 * What a canary keeps of a run, whatever kind of spec it ran: figures per side (one side, `default`, for bench and
 * eval; `a` and `b` for compare), plus what the canary measures itself on the audio each prompt produced — the
 * share of clipped samples (src/audio/metrics) and a speaker embedding per prompt (the built-in spectral embedder
 * of src/lab/similarity), stored as vectors, never as audio. A figure a spec kind does not produce is absent; one
 * it should have produced but could not (no request succeeded) is `null`.
 */
import { clippingPercent } from '../../audio/metrics/levels.js'
import type { PcmAudio } from '../../audio/pcm.js'
import { createSpectralEmbedder, type SpeakerEmbedder } from '../../lab/similarity/index.js'
import { mean } from '../stats.js'

/** A runner's figure as stored: a value no request measured (NaN, ±Infinity) is null, which JSON can carry. */
export const finiteFigure = (value: number): number | null => (Number.isFinite(value) ? value : null)

/** The side of a one-sided run (bench, eval). */
export const DEFAULT_SIDE = 'default'

/** What a spec kind's runner reports for one side. */
export interface SideFigures {
  /** Requests (bench), takes (eval) attempted. */
  readonly requests: number
  /** Failed / attempted; null when nothing was attempted. */
  readonly error_rate: number | null
  readonly latency_p95_ms?: number | null
  /** Corpus WER (Σ word errors / Σ reference words) of the ASR round trip. */
  readonly wer?: number | null
}

export interface SideMetrics extends SideFigures {
  /** Mean over the prompts with audio of the % of clipped samples; absent when the run produces no audio. */
  readonly clipping_percent?: number | null
  readonly prompts_with_audio: number
}

export interface CanaryMetrics {
  readonly sides: Readonly<Record<string, SideMetrics>>
  /** Compare: mean speaker similarity of side A's and side B's audio of the same prompt. */
  readonly ab_similarity?: number | null
}

export interface CanaryEmbeddings {
  readonly embedder: string
  /** Side → prompt id → embedding. */
  readonly sides: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>
}

/** What a spec kind's `measure(result)` hands the canary. */
export interface KindMeasurement {
  readonly sides: Readonly<Record<string, SideFigures>>
  /** Side → prompt id → the audio of that prompt (one take); sides without audio are left out. */
  readonly samples: Readonly<Record<string, Readonly<Record<string, PcmAudio>>>>
  readonly ab_similarity?: number | null
  /** The spec's target answers with audio (speech), so clipping and similarity apply. */
  readonly producesAudio: boolean
}

export interface CanaryMeasurement {
  readonly metrics: CanaryMetrics
  readonly embeddings: CanaryEmbeddings
}

/** Runs of a kind that produces audio but got none give `null` clipping; kinds with no audio leave it out. */
export async function measureRun(
  measured: KindMeasurement,
  options: { readonly signal?: AbortSignal; readonly embedder?: SpeakerEmbedder } = {},
): Promise<CanaryMeasurement> {
  const embedder = options.embedder ?? createSpectralEmbedder()
  const sides: Record<string, SideMetrics> = {}
  const embeddings: Record<string, Record<string, number[]>> = {}
  for (const [side, figures] of Object.entries(measured.sides)) {
    const samples = Object.entries(measured.samples[side] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const vectors: Record<string, number[]> = {}
    for (const [prompt, audio] of samples) {
      options.signal?.throwIfAborted()
      vectors[prompt] = Array.from(await embedder.embed(audio, options.signal))
    }
    if (samples.length > 0) embeddings[side] = vectors
    const clipping = samples.map(([, audio]) => clippingPercent(audio))
    sides[side] = {
      ...figures,
      ...(measured.producesAudio ? { clipping_percent: clipping.length > 0 ? mean(clipping) : null } : {}),
      prompts_with_audio: samples.length,
    }
  }
  return {
    metrics: {
      sides,
      ...(measured.ab_similarity === undefined ? {} : { ab_similarity: measured.ab_similarity }),
    },
    embeddings: { embedder: embedder.id, sides: embeddings },
  }
}
