/**
 * Word and character error rates over normalized transcripts.
 *
 * WER = (S + D + I) / N, where N is the number of reference words and S, D, I come from the minimum-cost alignment
 * (alignment.ts) — the definition of NIST sclite and jiwer. CER is the same over characters of the normalized text,
 * words joined by single spaces, spaces included (as jiwer's `cer`). Both can exceed 1 when the hypothesis is longer
 * than the reference.
 *
 * Two corpus figures, which differ whenever utterances differ in length:
 * - `corpusWer` = Σ errors / Σ reference words — every word weighs the same (what sclite reports);
 * - `meanUtteranceWer` = the mean of per-utterance WERs — every utterance weighs the same, so one short utterance
 *   said wrong counts as much as one long one.
 *
 * An empty reference has no words to divide by. Its per-utterance rate is 0 when the hypothesis is empty too and 1
 * when it is not (something was heard where nothing should have been: a full failure, never more); in corpus rates
 * its insertions still count in the numerator, and it adds nothing to the denominator (a corpus whose references
 * are all empty follows the per-utterance rule). An empty corpus has rates of 0.
 *
 * CER only needs the edit distance, which is computed in linear memory; its split into substitutions, deletions and
 * insertions is nominal (the length difference as deletions or insertions, the rest as substitutions).
 */
import { alignSequences, countOperations, editDistance } from './alignment.js'

export interface ErrorCounts {
  readonly substitutions: number
  readonly deletions: number
  readonly insertions: number
  /** Reference length: words for WER, characters for CER. */
  readonly referenceLength: number
  readonly hypothesisLength: number
}

export interface UtteranceRates {
  readonly wer: number
  readonly cer: number
  readonly words: ErrorCounts
  readonly characters: ErrorCounts
}

export interface CorpusRates {
  readonly utterances: number
  /** Σ word errors / Σ reference words. */
  readonly corpusWer: number
  /** Mean of per-utterance WERs. */
  readonly meanUtteranceWer: number
  /** Σ character errors / Σ reference characters. */
  readonly corpusCer: number
  /** Mean of per-utterance CERs. */
  readonly meanUtteranceCer: number
  /** Utterances whose WER is strictly above 0.5. */
  readonly utterancesOverHalfWer: number
  readonly words: ErrorCounts
  readonly characters: ErrorCounts
}

export const HIGH_WER_THRESHOLD = 0.5

export function totalErrors(counts: ErrorCounts): number {
  return counts.substitutions + counts.deletions + counts.insertions
}

/** Errors over reference length, with the empty-reference rule above. */
export function errorRate(counts: ErrorCounts): number {
  if (counts.referenceLength === 0) return counts.hypothesisLength === 0 ? 0 : 1
  return totalErrors(counts) / counts.referenceLength
}

export function wordErrors(reference: readonly string[], hypothesis: readonly string[]): ErrorCounts {
  const { substitutions, deletions, insertions } = countOperations(alignSequences(reference, hypothesis))
  return {
    substitutions,
    deletions,
    insertions,
    referenceLength: reference.length,
    hypothesisLength: hypothesis.length,
  }
}

/** Character errors between two normalized texts; the split of the total is nominal (see the module comment). */
export function characterErrors(reference: string, hypothesis: string): ErrorCounts {
  const ref = [...reference]
  const hyp = [...hypothesis]
  const distance = editDistance(ref, hyp)
  const lengthGap = Math.abs(ref.length - hyp.length)
  return {
    substitutions: distance - lengthGap,
    deletions: ref.length > hyp.length ? lengthGap : 0,
    insertions: hyp.length > ref.length ? lengthGap : 0,
    referenceLength: ref.length,
    hypothesisLength: hyp.length,
  }
}

/** WER and CER of one hypothesis against one reference, both already normalized. */
export function utteranceRates(reference: readonly string[], hypothesis: readonly string[]): UtteranceRates {
  const words = wordErrors(reference, hypothesis)
  const characters = characterErrors(reference.join(' '), hypothesis.join(' '))
  return { wer: errorRate(words), cer: errorRate(characters), words, characters }
}

function sumCounts(all: readonly ErrorCounts[]): ErrorCounts {
  return all.reduce<ErrorCounts>(
    (sum, counts) => ({
      substitutions: sum.substitutions + counts.substitutions,
      deletions: sum.deletions + counts.deletions,
      insertions: sum.insertions + counts.insertions,
      referenceLength: sum.referenceLength + counts.referenceLength,
      hypothesisLength: sum.hypothesisLength + counts.hypothesisLength,
    }),
    { substitutions: 0, deletions: 0, insertions: 0, referenceLength: 0, hypothesisLength: 0 },
  )
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length

export function corpusRates(utterances: readonly UtteranceRates[]): CorpusRates {
  const words = sumCounts(utterances.map((utterance) => utterance.words))
  const characters = sumCounts(utterances.map((utterance) => utterance.characters))
  return {
    utterances: utterances.length,
    corpusWer: errorRate(words),
    meanUtteranceWer: mean(utterances.map((utterance) => utterance.wer)),
    corpusCer: errorRate(characters),
    meanUtteranceCer: mean(utterances.map((utterance) => utterance.cer)),
    utterancesOverHalfWer: utterances.filter((utterance) => utterance.wer > HIGH_WER_THRESHOLD).length,
    words,
    characters,
  }
}
