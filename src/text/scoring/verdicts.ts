/**
 * A verdict for every aligned word: was it said right, and if not, whose fault is it likely to be?
 *
 * Per hypothesis, each aligned pair gets a status: `correct`; a benign class (equivalences.ts: `compound`,
 * `spelling_variant`, `abbreviation`, `homophone`); `gt_error` when the reference itself looks wrong; or `wrong`.
 * Mismatches are examined in runs: within a run of consecutive mismatched pairs, windows of up to `MAX_WINDOW` pairs
 * are tried shortest first from each position, so "their" → "there" is a homophone on its own and a word split
 * across two pairs ("every day" → "everyday" + deletion) is one compound.
 * The reference looks wrong (`gt_error`) when a deleted word repeats its neighbour ("the the") or when a word missing
 * from the CMU dictionary is replaced by a dictionary word a typo away ("recieve" → "receive").
 *
 * The statuses of all hypotheses on one row then decide its verdict (`decideVerdict`):
 * - any `gt_error` → `gt_error`;
 * - every hypothesis right (correct or benign) → the first benign class, else the benign rewrite the normalizer made
 *   to match them (`spelling_variant` for "colour"/"color", `abbreviation` for "Dr."/"doctor"), else `pass`;
 * - one ASR: a wrong word is a `tts_failure` — the engine said something else;
 * - several ASRs: some right → `stt_error` (the audio was fine, one recognizer slipped); all wrong the same way →
 *   `tts_failure` (they agree on what was said, and it is not the reference); all wrong differently → `ambiguous`.
 * Filler words get `filler_word` (see word-table.ts) and never count as errors.
 */
import type { AlignedPair } from './alignment.js'
import { benignEquivalence, typoDistance, writtenKey, type BenignVerdict, type Phrase } from './equivalences.js'
import { isDictionaryWord } from './pronunciation.js'
import { isNumberWord } from './spelled-numbers.js'
import type { TranscriptToken } from './transcript-normalizer.js'

export type Verdict =
  | 'pass'
  | 'tts_failure'
  | 'stt_error'
  | 'ambiguous'
  | 'homophone'
  | 'compound'
  | 'spelling_variant'
  | 'filler_word'
  | 'abbreviation'
  | 'gt_error'

export const VERDICTS: readonly Verdict[] = [
  'pass',
  'tts_failure',
  'stt_error',
  'ambiguous',
  'homophone',
  'compound',
  'spelling_variant',
  'filler_word',
  'abbreviation',
  'gt_error',
]

/** How one hypothesis fares on one aligned pair. */
export type PairStatus = 'correct' | 'wrong' | 'gt_error' | BenignVerdict

const BENIGN: ReadonlySet<PairStatus> = new Set<PairStatus>([
  'compound',
  'spelling_variant',
  'abbreviation',
  'homophone',
])

/** Longest run of aligned pairs compared as one stretch: "miles per hour" against "mph" needs three. */
export const MAX_WINDOW = 4

/** A typo is at most this many edits, and at most a third of the longer word. */
const MAX_TYPO_EDITS = 2

export interface HypothesisAlignment {
  /** Non-filler tokens. */
  readonly reference: readonly TranscriptToken[]
  readonly hypothesis: readonly TranscriptToken[]
  readonly pairs: readonly AlignedPair<string>[]
  /** Pairs to treat as correct even though they differ (another valid reading of the reference was heard). */
  readonly excused?: (pairIndex: number) => boolean
}

function phraseOf(tokens: readonly (TranscriptToken | undefined)[]): Phrase {
  const present = tokens.filter((token): token is TranscriptToken => token !== undefined)
  return { words: present.map((token) => token.word), written: present.map((token) => token.written) }
}

function looksLikeTypo(reference: string, heard: string): boolean {
  if (isDictionaryWord(reference) || isNumberWord(reference) || !isDictionaryWord(heard)) return false
  const distance = typoDistance(reference, heard)
  return distance <= MAX_TYPO_EDITS && distance * 3 <= Math.max(reference.length, heard.length)
}

function referenceLooksWrong(pair: AlignedPair<string>, reference: readonly TranscriptToken[]): boolean {
  if (pair.refIndex === undefined || pair.ref === undefined) return false
  if (pair.op === 'deletion') {
    return reference[pair.refIndex - 1]?.word === pair.ref || reference[pair.refIndex + 1]?.word === pair.ref
  }
  return pair.op === 'substitution' && pair.hyp !== undefined && looksLikeTypo(pair.ref, pair.hyp)
}

/** The status of every pair of one hypothesis' alignment. */
export function judgeHypothesis({ reference, hypothesis, pairs, excused }: HypothesisAlignment): PairStatus[] {
  const statuses: (PairStatus | undefined)[] = pairs.map((pair, index) =>
    pair.op === 'match' || excused?.(index) ? 'correct' : undefined,
  )
  const refToken = (pair: AlignedPair<string>): TranscriptToken | undefined =>
    pair.refIndex === undefined ? undefined : reference[pair.refIndex]
  const hypToken = (pair: AlignedPair<string>): TranscriptToken | undefined =>
    pair.hypIndex === undefined ? undefined : hypothesis[pair.hypIndex]
  for (let start = 0; start < pairs.length;) {
    if (statuses[start] !== undefined) {
      start += 1
      continue
    }
    let runEnd = start
    while (runEnd < pairs.length && statuses[runEnd] === undefined) runEnd += 1
    for (let position = start; position < runEnd;) {
      const widest = Math.min(MAX_WINDOW, runEnd - position)
      let width = 1
      for (; width <= widest; width += 1) {
        const window = pairs.slice(position, position + width)
        const benign = benignEquivalence(phraseOf(window.map(refToken)), phraseOf(window.map(hypToken)))
        if (benign) {
          statuses.fill(benign, position, position + width)
          break
        }
      }
      if (width <= widest) {
        position += width
        continue
      }
      const pair = pairs[position]!
      statuses[position] = referenceLooksWrong(pair, reference) ? 'gt_error' : 'wrong'
      position += 1
    }
    start = runEnd
  }
  return statuses.map((status) => status ?? 'wrong')
}

/** One hypothesis on one row of the word table. */
export interface RowPart {
  readonly status: PairStatus
  /** What it heard there (undefined: nothing, or it has no pair on this row). */
  readonly heard: string | undefined
}

export function decideVerdict(parts: readonly RowPart[], matchedRewrite?: Verdict): Verdict {
  if (parts.some((part) => part.status === 'gt_error')) return 'gt_error'
  const right = (part: RowPart): boolean => part.status === 'correct' || BENIGN.has(part.status)
  const wrong = parts.filter((part) => !right(part))
  if (wrong.length === 0) {
    const benign = parts.find((part) => BENIGN.has(part.status))?.status
    return (benign as Verdict | undefined) ?? matchedRewrite ?? 'pass'
  }
  if (parts.length === 1) return 'tts_failure'
  if (wrong.length < parts.length) return 'stt_error'
  const first = wrong[0]?.heard
  return wrong.every((part) => part.heard === first) ? 'tts_failure' : 'ambiguous'
}

const CHANGE_VERDICTS: Readonly<Record<NonNullable<TranscriptToken['change']>, Verdict>> = {
  spelling: 'spelling_variant',
  abbreviation: 'abbreviation',
}

/** For words that matched only after normalization: the rewrite that made them match ("colour" → "color"). */
export function matchedRewrite(reference: TranscriptToken, heard: readonly TranscriptToken[]): Verdict | undefined {
  const differs = heard.filter((token) => writtenKey(token.written) !== writtenKey(reference.written))
  if (differs.length === 0) return undefined
  const change = reference.change ?? differs.find((token) => token.change)?.change
  return change ? CHANGE_VERDICTS[change] : undefined
}
