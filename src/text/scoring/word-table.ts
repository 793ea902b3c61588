/**
 * The word table of one utterance: the reference laid out once, with every hypothesis' alignment hung on it. A row is
 * a reference word with what each hypothesis heard there, or an insertion (a word heard between two reference words;
 * insertions of several hypotheses in the same gap share rows, in order). Filler words, which WER ignores, come back
 * as rows of their own with the verdict `filler_word`, next to the words they were said between.
 */
import type { AlignedPair, EditOperation } from './alignment.js'
import type { TranscriptToken } from './transcript-normalizer.js'
import { decideVerdict, matchedRewrite, type PairStatus, type RowPart, type Verdict } from './verdicts.js'

/** `none`: this hypothesis has nothing on the row (another one inserted a word there). */
export type RowOperation = EditOperation | 'none'

export interface WordVerdict {
  readonly ref: string | null
  /** What the first hypothesis heard. */
  readonly hyp: string | null
  /** What the second hypothesis heard; present only when there are two or more. */
  readonly hyp2?: string | null
  readonly op: RowOperation
  readonly op2?: RowOperation
  readonly verdict: Verdict
}

export interface HypothesisLayout {
  /** All tokens, fillers included. */
  readonly tokens: readonly TranscriptToken[]
  readonly pairs: readonly AlignedPair<string>[]
  readonly statuses: readonly PairStatus[]
}

interface Row {
  readonly refIndex?: number
  /** Per hypothesis, the index of its pair on this row. */
  readonly pairIndices: readonly (number | undefined)[]
}

function layRows(referenceLength: number, hypotheses: readonly HypothesisLayout[]): Row[] {
  const gaps = hypotheses.map(() => Array.from({ length: referenceLength + 1 }, (): number[] => []))
  const atReference = hypotheses.map(() => new Array<number | undefined>(referenceLength).fill(undefined))
  hypotheses.forEach((hypothesis, h) => {
    let nextReference = 0
    hypothesis.pairs.forEach((pair, index) => {
      if (pair.refIndex === undefined) gaps[h]![nextReference]!.push(index)
      else {
        atReference[h]![pair.refIndex] = index
        nextReference = pair.refIndex + 1
      }
    })
  })
  const rows: Row[] = []
  for (let i = 0; i <= referenceLength; i += 1) {
    const widest = Math.max(...gaps.map((gap) => gap[i]!.length))
    for (let k = 0; k < widest; k += 1) rows.push({ pairIndices: gaps.map((gap) => gap[i]![k]) })
    if (i < referenceLength) rows.push({ refIndex: i, pairIndices: atReference.map((at) => at[i]) })
  }
  return rows
}

interface FillerRow {
  readonly before: number
  readonly row: WordVerdict
}

/** Where each filler goes: before the row holding the next real word of its side. */
function fillerRows(
  reference: readonly TranscriptToken[],
  hypotheses: readonly HypothesisLayout[],
  rows: readonly Row[],
  twoOrMore: boolean,
): FillerRow[] {
  const out: FillerRow[] = []
  const place = (
    tokens: readonly TranscriptToken[],
    rowOf: (wordIndex: number) => number,
    make: (word: string) => WordVerdict,
  ): void => {
    let words = 0
    for (const token of tokens) {
      if (!token.filler) words += 1
      else out.push({ before: rowOf(words), row: make(token.word) })
    }
  }
  const firstRow = (test: (row: Row) => boolean): number => {
    const found = rows.findIndex(test)
    return found === -1 ? rows.length : found
  }
  const blank = twoOrMore ? { hyp2: null, op2: 'none' as const } : {}
  place(
    reference,
    (index) => firstRow((row) => row.refIndex === index),
    (word) => ({ ref: word, hyp: null, ...blank, op: 'deletion', verdict: 'filler_word' }),
  )
  hypotheses.forEach((hypothesis, h) => {
    place(
      hypothesis.tokens,
      (index) => firstRow((row) => hypothesis.pairs[row.pairIndices[h] ?? -1]?.hypIndex === index),
      (word) =>
        h === 0
          ? { ref: null, hyp: word, ...blank, op: 'insertion', verdict: 'filler_word' }
          : { ref: null, hyp: null, hyp2: word, op: 'none', op2: 'insertion', verdict: 'filler_word' },
    )
  })
  return out
}

export function buildWordTable(
  reference: readonly TranscriptToken[],
  hypotheses: readonly HypothesisLayout[],
): WordVerdict[] {
  const referenceWords = reference.filter((token) => !token.filler)
  const hypothesisWords = hypotheses.map((hypothesis) => hypothesis.tokens.filter((token) => !token.filler))
  const rows = layRows(referenceWords.length, hypotheses)
  const twoOrMore = hypotheses.length >= 2
  const tableRows = rows.map((row): WordVerdict => {
    const pairs = row.pairIndices.map((index, h) => (index === undefined ? undefined : hypotheses[h]!.pairs[index]))
    const heardToken = (h: number): TranscriptToken | undefined => {
      const hypIndex = pairs[h]?.hypIndex
      return hypIndex === undefined ? undefined : hypothesisWords[h]![hypIndex]
    }
    const parts: RowPart[] = row.pairIndices.map((index, h) => ({
      status: index === undefined ? 'correct' : hypotheses[h]!.statuses[index]!,
      heard: heardToken(h)?.word,
    }))
    const referenceToken = row.refIndex === undefined ? undefined : referenceWords[row.refIndex]
    const allMatched = pairs.every((pair) => pair?.op === 'match')
    const heard = pairs.map((_, h) => heardToken(h)).filter((token): token is TranscriptToken => token !== undefined)
    const rewrite = referenceToken && allMatched ? matchedRewrite(referenceToken, heard) : undefined
    const second = twoOrMore ? { hyp2: heardToken(1)?.word ?? null, op2: pairs[1]?.op ?? ('none' as const) } : {}
    return {
      ref: referenceToken?.word ?? null,
      hyp: heardToken(0)?.word ?? null,
      ...second,
      op: pairs[0]?.op ?? 'none',
      verdict: decideVerdict(parts, rewrite),
    }
  })
  const fillers = fillerRows(reference, hypotheses, rows, twoOrMore)
  const out: WordVerdict[] = []
  tableRows.forEach((row, index) => {
    out.push(...fillers.filter((filler) => filler.before === index).map((filler) => filler.row), row)
  })
  out.push(...fillers.filter((filler) => filler.before >= tableRows.length).map((filler) => filler.row))
  return out
}
