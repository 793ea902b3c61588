/**
 * Scoring a TTS utterance from what one or two ASR engines heard: normalize both sides (transcript-normalizer.ts),
 * read the reference in its closest spoken form (reference-forms.ts), align, compute WER/CER (wer.ts) and give
 * every word a verdict (verdicts.ts, word-table.ts).
 *
 * Each hypothesis' WER and CER use the reading of the reference closest to that hypothesis, so each recognizer is
 * scored fairly; the word table uses the reading closest to all of them together, and a word that one hypothesis
 * said in another valid form ("three fifty" against a table that reads "three dollars fifty cents") is excused for
 * that hypothesis rather than blamed on it.
 *
 * @example
 * scoreUtterance({ reference: 'It costs $3.50.', hypotheses: ['it costs three fifty'] }).wer // 0
 */
import { alignSequences, type AlignedPair } from './alignment.js'
import { closestReading } from './reference-forms.js'
import { analyzeTranscript, type TranscriptAnalysis } from './transcript-normalizer.js'
import { judgeHypothesis, VERDICTS, type Verdict } from './verdicts.js'
import { corpusRates, utteranceRates, type CorpusRates, type ErrorCounts } from './wer.js'
import { buildWordTable, type WordVerdict } from './word-table.js'

export interface UtteranceInput {
  /** The text the TTS engine was asked to speak. */
  readonly reference: string
  /** What the ASR engine(s) heard, first engine first. One or two are usual; more are allowed. */
  readonly hypotheses: readonly string[]
}

export interface HypothesisScore {
  readonly normalizedHypothesis: string
  /** The reading of the reference this hypothesis was scored against. */
  readonly normalizedReference: string
  readonly wer: number
  readonly cer: number
  readonly words: ErrorCounts
  readonly characters: ErrorCounts
}

export type VerdictCounts = Readonly<Record<Verdict, number>>

export interface UtteranceScore {
  /** The reading of the reference used by the word table. */
  readonly normalizedReference: string
  readonly normalizedHypotheses: readonly string[]
  /** WER of the first hypothesis. */
  readonly wer: number
  /** CER of the first hypothesis. */
  readonly cer: number
  readonly hypotheses: readonly HypothesisScore[]
  readonly words: readonly WordVerdict[]
  /** Rows of `words` per verdict (every verdict present, zero included). */
  readonly counts: VerdictCounts
}

export interface CorpusScore {
  readonly utterances: readonly UtteranceScore[]
  /** First hypothesis: Σ word errors / Σ reference words. */
  readonly corpusWer: number
  /** First hypothesis: the mean of per-utterance WERs. */
  readonly meanUtteranceWer: number
  readonly corpusCer: number
  readonly meanUtteranceCer: number
  /** First hypothesis: utterances with WER above 50%. */
  readonly utterancesOverHalfWer: number
  /** The same rates for each hypothesis position (engine), over the utterances that have one there. */
  readonly byHypothesis: readonly CorpusRates[]
  readonly counts: VerdictCounts
}

function emptyCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>
}

/**
 * Which pairs of a hypothesis' alignment against the table's reading to excuse, because the hypothesis matched them
 * under its own reading. Reference words are mapped between the two readings by aligning them; inside a stretch where
 * the readings differ, the stretch is excused when every word of the hypothesis' own reading there was matched,
 * without inserted words in between.
 */
function excusedPairs(
  table: TranscriptAnalysis,
  own: TranscriptAnalysis,
  hypothesis: readonly string[],
  tablePairs: readonly AlignedPair<string>[],
): (pairIndex: number) => boolean {
  if (table.words.join(' ') === own.words.join(' ')) return () => false
  const ownPairs = alignSequences(own.words, hypothesis)
  const heardAt = new Map<number, number>()
  for (const pair of ownPairs) if (pair.op === 'match') heardAt.set(pair.refIndex!, pair.hypIndex!)
  const matchedHypothesis = new Set(heardAt.values())
  const mapping = alignSequences(table.words, own.words)
  const excusedReference = new Set<number>()
  for (let start = 0; start < mapping.length;) {
    const pair = mapping[start]!
    if (pair.op === 'match') {
      if (heardAt.has(pair.hypIndex!)) excusedReference.add(pair.refIndex!)
      start += 1
      continue
    }
    let end = start
    while (end < mapping.length && mapping[end]!.op !== 'match') end += 1
    const region = mapping.slice(start, end)
    const heard = region.flatMap((entry) => (entry.hypIndex === undefined ? [] : [heardAt.get(entry.hypIndex)]))
    const contiguous = heard.every((index, k) => index !== undefined && (k === 0 || index === heard[k - 1]! + 1))
    if (contiguous) for (const entry of region) if (entry.refIndex !== undefined) excusedReference.add(entry.refIndex)
    start = end
  }
  return (pairIndex) => {
    const pair = tablePairs[pairIndex]
    if (!pair) return false
    const referenceFine = pair.refIndex === undefined || excusedReference.has(pair.refIndex)
    const hypothesisFine = pair.hypIndex === undefined || matchedHypothesis.has(pair.hypIndex)
    return referenceFine && hypothesisFine
  }
}

export function scoreUtterance({ reference, hypotheses }: UtteranceInput): UtteranceScore {
  if (hypotheses.length === 0) throw new RangeError('scoreUtterance needs at least one hypothesis to score')
  const heard = hypotheses.map((hypothesis) => analyzeTranscript(hypothesis))
  const heardWords = heard.map((analysis) => analysis.words)
  const table = closestReading(reference, heardWords).analysis
  const tableReference = table.tokens.filter((token) => !token.filler)
  const scores: HypothesisScore[] = []
  const layouts = heard.map((analysis, h) => {
    const own = hypotheses.length === 1 ? table : closestReading(reference, [analysis.words]).analysis
    const rates = utteranceRates(own.words, analysis.words)
    scores.push({
      normalizedHypothesis: analysis.words.join(' '),
      normalizedReference: own.words.join(' '),
      ...rates,
    })
    const pairs = alignSequences(table.words, analysis.words)
    const statuses = judgeHypothesis({
      reference: tableReference,
      hypothesis: analysis.tokens.filter((token) => !token.filler),
      pairs,
      excused: excusedPairs(table, own, heardWords[h]!, pairs),
    })
    return { tokens: analysis.tokens, pairs, statuses }
  })
  const words = buildWordTable(table.tokens, layouts)
  const counts = emptyCounts()
  for (const row of words) counts[row.verdict] += 1
  const first = scores[0]!
  return {
    normalizedReference: table.words.join(' '),
    normalizedHypotheses: scores.map((score) => score.normalizedHypothesis),
    wer: first.wer,
    cer: first.cer,
    hypotheses: scores,
    words,
    counts,
  }
}

export function scoreCorpus(items: readonly UtteranceInput[]): CorpusScore {
  const utterances = items.map(scoreUtterance)
  const positions = Math.max(0, ...utterances.map((utterance) => utterance.hypotheses.length))
  const byHypothesis = Array.from({ length: positions }, (_, h) =>
    corpusRates(utterances.flatMap((utterance) => utterance.hypotheses[h] ?? [])),
  )
  const first = byHypothesis[0] ?? corpusRates([])
  const counts = emptyCounts()
  for (const utterance of utterances) for (const verdict of VERDICTS) counts[verdict] += utterance.counts[verdict]
  return {
    utterances,
    corpusWer: first.corpusWer,
    meanUtteranceWer: first.meanUtteranceWer,
    corpusCer: first.corpusCer,
    meanUtteranceCer: first.meanUtteranceCer,
    utterancesOverHalfWer: first.utterancesOverHalfWer,
    byHypothesis,
    counts,
  }
}
