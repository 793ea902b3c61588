/**
 * When each word of a synthesized text is spoken: the timings behind captioned speech. The words are the INPUT's own
 * tokens ("Dr.", "$3.50", "Nietzsche's"), not what a recognizer heard, and every one of them gets a span, in order,
 * without overlaps, inside the clip.
 *
 * Where the times come from, best first:
 * 1. the engine's own word timings, when it has that optional capability (engines/word-timings.ts);
 * 2. a speech recognizer's word times (pocketsphinx `-time yes` by default), mapped onto the input words;
 * 3. nothing heard (no recognizer, or it failed): the speech between the leading and trailing silence, shared out in
 *    proportion to word length.
 *
 * Mapping heard words onto input words: both sides are normalized with the scoring normalizer, word by word ("$3.50"
 * → "three dollars fifty cents", "Dr." → "doctor"), and aligned with the minimum-edit alignment WER uses
 * (text/scoring/alignment.ts). An input word matched or substituted takes the heard word's span; words the recognizer
 * inserted inside a run of substitutions widen the neighbouring substitution ("Reykjavik" heard as "making big
 * plays"). Input words the recognizer missed are interpolated between their timed neighbours in proportion to word
 * length; when the neighbours leave no room for them (pocketsphinx gives a missed word's audio to a neighbour, so
 * heard spans are usually back to back), the missed words and their neighbours share the neighbours' span instead.
 *
 * @example
 * const timing = await timeInputWords({ text: 'Hello there, world.', audio, recognizer: asrRouter, signal })
 * timing.words // [{ word: 'Hello', start: 0.12, end: 0.41, heard: true }, …]
 */
import { frameLevels, leadingSilenceSeconds, trailingSilenceSeconds } from '../audio/metrics/frames.js'
import { durationSeconds, type PcmAudio } from '../audio/pcm.js'
import type { TranscriptionRequest, TranscriptionResult } from '../engines/asr/asr-router.js'
import type { SpokenWord } from '../engines/word-timings.js'
import { ChorusError, isAbortError } from '../errors.js'
import { alignSequences, normalizeTranscriptWords, type AlignedPair } from '../text/scoring/index.js'

/** A word with its span in seconds: what a recognizer heard or an engine spoke. */
export interface TimedWord {
  readonly word: string
  readonly start: number
  readonly end: number
}

/** One input word and when it is spoken. */
export interface InputWordTiming extends TimedWord {
  /** True when the span comes from a heard (or engine-reported) word; false when it was interpolated. */
  readonly heard: boolean
}

/** An input word as the aligner sees it. */
export interface InputWord {
  /** The input's own token, edge punctuation trimmed ("Hello," → "Hello"; "p.m." stays "p.m."). */
  readonly text: string
  /** Its normalized words, as the scoring normalizer writes them; empty for a filler ("um"). */
  readonly normalized: readonly string[]
}

/** Where in the clip speech may be: the whole clip, and the part between leading and trailing silence. */
export interface SpeechBounds {
  readonly durationSeconds: number
  readonly speechStart: number
  readonly speechEnd: number
}

/** Anything that transcribes with word times; the app's `AsrRouter` is one. */
export interface WordRecognizer {
  transcribe(audio: PcmAudio, request: TranscriptionRequest, signal: AbortSignal): Promise<TranscriptionResult>
}

export type WordTimingSource =
  | { readonly kind: 'engine' }
  | { readonly kind: 'asr'; readonly engineId: string }
  /** Nothing was heard: every word is interpolated; `reason` says why. */
  | { readonly kind: 'interpolated'; readonly reason: string }

export interface WordTimingResult {
  readonly words: readonly InputWordTiming[]
  readonly source: WordTimingSource
  /** How many input words were interpolated rather than heard. */
  readonly interpolated: number
}

export interface WordTimingOptions {
  /** The text the engine was asked to speak. */
  readonly text: string
  readonly audio: PcmAudio
  /** The engine's own word timings, when it has the capability; used instead of a recognizer. */
  readonly engineWords?: readonly SpokenWord[]
  /** Transcribes the clip when the engine gave no timings. */
  readonly recognizer?: WordRecognizer
  readonly signal: AbortSignal
}

/** Tokens are separated by white space and by dashes and ellipses that stand between words ("well—maybe"). */
const TOKEN_SEPARATOR = /[\s\u2013\u2014\u2026]+/u
/** Leading characters that are not part of a word: quotes, brackets, punctuation. Currency and # @ & + stay. */
const LEADING_PUNCTUATION = /^[^\p{L}\p{N}\p{Sc}#@&+]+/u
/** Trailing characters that are not part of a word; % ‰ ° & stay. */
const TRAILING_PUNCTUATION = /[^\p{L}\p{N}%‰°&]+$/u
/** "p.m", "U.S.A" once the trailing full stop is trimmed: it is given back. */
const DOTTED_ACRONYM = /^\p{L}{1,2}(?:\.\p{L}{1,2})+$/u
/** Brackets and double quotes: the normalizer drops bracketed spans ("[laughs]"), but here a bracket only groups. */
const GROUPING_MARKS = /[()[\]{}<>"“”«»]/gu
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu

/**
 * A run of missed words is given the gap between its timed neighbours when the gap holds at least this share of
 * the time the words would take at the clip's own speaking rate; otherwise they share their neighbours' span.
 */
const MIN_GAP_SHARE = 0.5

/**
 * The input's words: white-space tokens with edge punctuation trimmed, each with its normalized form. Tokens with no
 * letter or digit are kept only when they are spoken ("&" → "and"); "—" and "…" are not words.
 *
 * @example inputWords('Dr. Smith paid $3.50.').map((word) => word.text) // ['Dr', 'Smith', 'paid', '$3.50']
 */
export function inputWords(text: string): InputWord[] {
  const words: InputWord[] = []
  for (const token of text.split(TOKEN_SEPARATOR)) {
    if (token === '') continue
    const normalized = normalizeTranscriptWords(token.replace(GROUPING_MARKS, ' '))
    const hasLetters = token.match(LETTER_OR_DIGIT) !== null
    if (!hasLetters && normalized.length === 0) continue
    let display = token.replace(LEADING_PUNCTUATION, '')
    const trailing = TRAILING_PUNCTUATION.exec(display)?.[0] ?? ''
    display = display.slice(0, display.length - trailing.length)
    if (trailing.startsWith('.') && DOTTED_ACRONYM.test(display)) display += '.'
    words.push({ text: display === '' ? token : display, normalized })
  }
  return words
}

/** Where speech is in `audio`: between the leading and trailing silence (20 ms frames, audio/metrics/frames.ts). */
export function speechBounds(audio: PcmAudio): SpeechBounds {
  const duration = durationSeconds(audio)
  const levels = frameLevels(audio)
  const speechStart = leadingSilenceSeconds(levels)
  const speechEnd = duration - trailingSilenceSeconds(levels)
  // A silent clip has no speech region; the whole clip stands in for it.
  return speechEnd > speechStart
    ? { durationSeconds: duration, speechStart, speechEnd }
    : { durationSeconds: duration, speechStart: 0, speechEnd: duration }
}

/** One normalized word of the input, the unit the aligner and the interpolation work on. */
interface Unit {
  readonly key: string
  readonly weight: number
  readonly token: number
}

function inputUnits(words: readonly InputWord[]): Unit[] {
  return words.flatMap((word, token) =>
    word.normalized.length > 0
      ? word.normalized.map((key) => ({ key, weight: weightOf(key), token }))
      : // A word the normalizer drops (a filler) still takes time; it can only be interpolated.
        [{ key: `\u0000${word.text.toLowerCase()}`, weight: weightOf(word.text), token }],
  )
}

/** Length in letters and digits (at least 1): what "proportional to word length" measures. */
function weightOf(text: string): number {
  return Math.max(1, text.match(LETTER_OR_DIGIT)?.length ?? 0)
}

/** Heard words as normalized units; a heard word that normalizes to several ("don't" → "do not") splits its span by length. */
function heardUnits(heard: readonly TimedWord[]): TimedWord[] {
  return [...heard]
    .sort((a, b) => a.start - b.start)
    .flatMap((word) => {
      const pieces = normalizeTranscriptWords(word.word)
      const total = pieces.reduce((sum, piece) => sum + weightOf(piece), 0)
      let at = word.start
      return pieces.map((piece) => {
        const start = at
        at += ((word.end - word.start) * weightOf(piece)) / total
        return { word: piece, start, end: at }
      })
    })
}

/** Splits [from, to] over `units` in proportion to their weights. */
function share(units: readonly number[], weights: readonly number[], from: number, to: number, spans: Span[]): void {
  const total = units.reduce((sum, unit) => sum + weights[unit]!, 0)
  let cumulative = 0
  for (const unit of units) {
    const start = from + ((to - from) * cumulative) / total
    cumulative += weights[unit]!
    spans[unit] = { start, end: from + ((to - from) * cumulative) / total }
  }
}

interface Span {
  start: number
  end: number
}

/**
 * Times every input word from heard (or engine-reported) words: the pure core of {@link timeInputWords}. `heard`
 * is in spoken order, times in seconds within `bounds.durationSeconds`.
 *
 * @example
 * alignWordTimings(inputWords('the quick fox'), [{ word: 'the', start: 0.1, end: 0.2 }, { word: 'fox', start: 0.5, end: 0.8 }], bounds)
 * // "quick" is interpolated between 0.2 and 0.5
 */
export function alignWordTimings(
  words: readonly InputWord[],
  heard: readonly TimedWord[],
  bounds: SpeechBounds,
): InputWordTiming[] {
  if (words.length === 0) return []
  const units = inputUnits(words)
  const weights = units.map((unit) => unit.weight)
  const hypothesis = heardUnits(heard)
  const spans: (Span | undefined)[] = Array.from({ length: units.length }, () => undefined)
  const pairs = alignSequences(
    units.map((unit) => unit.key),
    hypothesis.map((unit) => unit.word),
  )
  for (const pair of pairs) {
    if (pair.op === 'match' || pair.op === 'substitution') {
      const { start, end } = hypothesis[pair.hypIndex!]!
      spans[pair.refIndex!] = { start, end }
    }
  }
  widenSubstitutionsOverInsertions(pairs, hypothesis, spans)
  const heardUnit = spans.map((span) => span !== undefined)
  interpolateMissing(weights, spans, bounds)

  const timings: InputWordTiming[] = words.map((word) => ({
    word: word.text,
    start: Infinity,
    end: -Infinity,
    heard: false,
  }))
  units.forEach((unit, index) => {
    const timing = timings[unit.token]!
    const span = spans[index]!
    timings[unit.token] = {
      word: timing.word,
      start: Math.min(timing.start, span.start),
      end: Math.max(timing.end, span.end),
      heard: timing.heard || heardUnit[index]!,
    }
  })
  return inOrderWithin(timings, bounds.durationSeconds)
}

/**
 * Inside a stretch without matches, a heard word with no input word of its own belongs to the substitution before
 * it (else the one after it): one input word heard as several.
 */
function widenSubstitutionsOverInsertions(
  pairs: readonly AlignedPair<string>[],
  hypothesis: readonly TimedWord[],
  spans: (Span | undefined)[],
): void {
  pairs.forEach((pair, index) => {
    if (pair.op !== 'insertion') return
    const inserted = hypothesis[pair.hypIndex!]!
    for (let back = index - 1; back >= 0 && pairs[back]!.op !== 'match'; back--) {
      if (pairs[back]!.op === 'substitution') {
        const span = spans[pairs[back]!.refIndex!]!
        span.end = Math.max(span.end, inserted.end)
        return
      }
    }
    for (let ahead = index + 1; ahead < pairs.length && pairs[ahead]!.op !== 'match'; ahead++) {
      if (pairs[ahead]!.op === 'substitution') {
        const span = spans[pairs[ahead]!.refIndex!]!
        span.start = Math.min(span.start, inserted.start)
        return
      }
    }
  })
}

/** Fills every missing span: see the module comment. */
function interpolateMissing(weights: readonly number[], spans: (Span | undefined)[], bounds: SpeechBounds): void {
  const { speechStart, speechEnd } = bounds
  let timedSeconds = 0
  let timedWeight = 0
  spans.forEach((span, unit) => {
    if (!span) return
    timedSeconds += span.end - span.start
    timedWeight += weights[unit]!
  })
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0)
  const secondsPerWeight =
    timedWeight > 0 && timedSeconds > 0 ? timedSeconds / timedWeight : (speechEnd - speechStart) / totalWeight

  for (let first = 0; first < spans.length;) {
    if (spans[first]) {
      first += 1
      continue
    }
    let after = first
    while (after < spans.length && !spans[after]) after += 1
    const run = Array.from({ length: after - first }, (_, k) => first + k)
    const left = first > 0 ? spans[first - 1]! : undefined
    const right = after < spans.length ? spans[after]! : undefined
    const from = left ? left.end : Math.min(speechStart, right ? right.start : speechStart)
    const to = Math.max(from, right ? right.start : Math.max(speechEnd, left ? left.end : speechEnd))
    const needed = run.reduce((sum, unit) => sum + weights[unit]!, 0) * secondsPerWeight
    const filled = spans as Span[]
    if (to - from >= needed * MIN_GAP_SHARE) {
      share(run, weights, from, to, filled)
    } else {
      // No room between the neighbours: the recognizer gave the missed words' audio to them, so all share it.
      const shared = [...(left ? [first - 1] : []), ...run, ...(right ? [after] : [])]
      share(shared, weights, left ? left.start : from, right ? right.end : to, filled)
    }
    first = after
  }
}

/** Clamps spans into [0, duration] and makes each start no earlier than the previous end. */
function inOrderWithin(timings: readonly InputWordTiming[], duration: number): InputWordTiming[] {
  let previousEnd = 0
  return timings.map((timing) => {
    const start = Math.min(duration, Math.max(previousEnd, timing.start))
    const end = Math.min(duration, Math.max(start, timing.end))
    previousEnd = end
    return { ...timing, start, end }
  })
}

/**
 * Times the input words of a synthesized clip: from the engine's own timings when given, else from what the
 * recognizer hears, else by length alone. Only cancellation is thrown: a recognizer that fails (not installed,
 * crashed) leaves the words interpolated, and `source` says why.
 */
export async function timeInputWords(options: WordTimingOptions): Promise<WordTimingResult> {
  const { text, audio, engineWords, recognizer, signal } = options
  const words = inputWords(text)
  const bounds = speechBounds(audio)
  const result = (heard: readonly TimedWord[], source: WordTimingSource): WordTimingResult => {
    const timings = alignWordTimings(words, heard, bounds)
    return { words: timings, source, interpolated: timings.filter((timing) => !timing.heard).length }
  }
  if (engineWords && engineWords.length > 0) return result(engineWords, { kind: 'engine' })
  if (!recognizer) return result([], { kind: 'interpolated', reason: 'no speech recognizer is configured' })
  let transcription: TranscriptionResult
  try {
    transcription = await recognizer.transcribe(audio, {}, signal)
  } catch (error) {
    if (
      signal.aborted ||
      isAbortError(error) ||
      (error instanceof ChorusError && error.code === 'CHORUS_ERR_ABORTED')
    ) {
      throw error
    }
    const reason = error instanceof Error ? error.message : String(error)
    return result([], { kind: 'interpolated', reason: `the speech recognizer failed: ${reason}` })
  }
  const heard = transcription.transcript.words
  if (!heard || heard.length === 0) {
    return result([], {
      kind: 'interpolated',
      reason: heard ? `${transcription.engineId} heard no words` : `${transcription.engineId} gives no word times`,
    })
  }
  return result(heard, { kind: 'asr', engineId: transcription.engineId })
}
