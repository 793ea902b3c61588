/**
 * The quality half of a comparison, run after every request has been timed (so scoring never competes with the
 * measured requests for the CPU): per prompt, the speaker similarity between A's and B's clip, the ratio of their
 * durations, and — with recognizers — each clip's WER through the lab's `scoreItem` (src/lab/score-item.ts). Each
 * side's WER is the corpus WER (Σ errors / Σ reference words) over the prompts where both clips were scored, so the
 * two are measured on the same words. A clip identical to the other side's, sample for sample (two hosts of a
 * deterministic engine), is transcribed once.
 */
import { durationSeconds, type PcmAudio } from '../../audio/pcm.js'
import type { AsrEngine } from '../../engines/asr/asr-engine.js'
import { isAbortError } from '../../errors.js'
import { scoreItem, type ItemResult } from '../../lab/score-item.js'
import { speakerSimilarity, type SpeakerEmbedder } from '../../lab/similarity/index.js'
import { corpusRates, type UtteranceRates } from '../../text/scoring/index.js'
import type { ComparePrompt } from './compare-prompts.js'
import type { SideName } from './side-spec.js'

export interface ClipScore {
  readonly id: string
  readonly similarity: number | null
  readonly durationA: number | null
  readonly durationB: number | null
  readonly durationRatio: number | null
  readonly itemA?: ItemResult
  readonly itemB?: ItemResult
  readonly errors: readonly string[]
}

export interface ScoredClips {
  readonly rows: readonly ClipScore[]
  /** Corpus WER per side over prompts both sides were scored on; null without ASR or with nothing scored. */
  readonly wer: Readonly<Record<SideName, { readonly corpus: number; readonly meanUtterance: number } | null>>
  readonly promptsScored: number
}

export interface ScoreClipsInput {
  readonly prompts: readonly ComparePrompt[]
  readonly clips: Readonly<Record<SideName, ReadonlyMap<string, PcmAudio>>>
  /** Empty: no WER. */
  readonly asr: readonly AsrEngine[]
  readonly embedder: SpeakerEmbedder
  readonly signal: AbortSignal
  readonly onScored?: (promptId: string, done: number, total: number) => void
}

function ratesOf(item: ItemResult): UtteranceRates {
  const first = item.transcripts[0]!
  return { wer: first.wer, cer: first.cer, words: first.errors.words, characters: first.errors.characters }
}

function identical(a: PcmAudio, b: PcmAudio): boolean {
  if (a.sampleRate !== b.sampleRate || a.samples.length !== b.samples.length) return false
  for (let index = 0; index < a.samples.length; index++) if (a.samples[index] !== b.samples[index]) return false
  return true
}

/** Runs `work`; a failure other than cancellation becomes a message on `errors`. */
async function attempt<T>(label: string, errors: string[], work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work()
  } catch (error) {
    if (isAbortError(error)) throw error
    errors.push(`${label}: ${(error as Error).message}`)
    return undefined
  }
}

export async function scoreClips(input: ScoreClipsInput): Promise<ScoredClips> {
  const { prompts, clips, asr, embedder, signal } = input
  const rows: ClipScore[] = []
  const paired: Record<SideName, UtteranceRates[]> = { a: [], b: [] }
  for (const [index, prompt] of prompts.entries()) {
    signal.throwIfAborted()
    const a = clips.a.get(prompt.id)
    const b = clips.b.get(prompt.id)
    const errors: string[] = []
    const score = (side: SideName, audio: PcmAudio | undefined): Promise<ItemResult | undefined> =>
      audio && asr.length > 0
        ? attempt(`WER of ${side.toUpperCase()}`, errors, () =>
            scoreItem({ id: `${side}/${prompt.id}`, audio, reference: prompt.reference, asr, signal }),
          )
        : Promise.resolve(undefined)
    // Two hosts of a deterministic engine send the very same samples: one transcript then serves both.
    const same = a !== undefined && b !== undefined && identical(a, b)
    const [itemA, scoredB, similarity] = await Promise.all([
      score('a', a),
      same ? undefined : score('b', b),
      a && b ? attempt('similarity', errors, () => speakerSimilarity(a, b, { embedder, signal })) : undefined,
    ])
    const itemB = same && itemA ? { ...itemA, id: `b/${prompt.id}` } : scoredB
    if (itemA && itemB) {
      paired.a.push(ratesOf(itemA))
      paired.b.push(ratesOf(itemB))
    }
    const durationA = a ? durationSeconds(a) : null
    const durationB = b ? durationSeconds(b) : null
    rows.push({
      id: prompt.id,
      similarity: similarity ?? null,
      durationA,
      durationB,
      durationRatio: durationA && durationB !== null ? durationB / durationA : null,
      ...(itemA ? { itemA } : {}),
      ...(itemB ? { itemB } : {}),
      errors,
    })
    input.onScored?.(prompt.id, index + 1, prompts.length)
  }
  const werOf = (side: SideName): { corpus: number; meanUtterance: number } | null => {
    if (asr.length === 0 || paired[side].length === 0) return null
    const rates = corpusRates(paired[side])
    return { corpus: rates.corpusWer, meanUtterance: rates.meanUtteranceWer }
  }
  return { rows, wer: { a: werOf('a'), b: werOf('b') }, promptsScored: paired.a.length }
}
