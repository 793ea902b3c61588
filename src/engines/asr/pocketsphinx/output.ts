/**
 * Readers for what the PocketSphinx 0.8 (5prealpha) command-line programs print, as pure functions.
 *
 * `pocketsphinx_continuous -time yes` splits the input into utterances at pauses and prints, per utterance, the
 * hypothesis on one line and then one `word start end posterior` line per segment (times in seconds from the start
 * of the file):
 *
 * ```
 * the quick brown fox
 * <s> 0.000 0.160 0.999900
 * the 0.170 0.270 0.600520
 * ...
 * </s> 2.420 2.500 1.000000
 * ```
 *
 * `pocketsphinx_batch` writes `-hyp` lines `text (uttid score)` and `-hypseg` lines
 * `uttid S scale T total A acoustic L lm {startFrame acoustic lm word}… endFrame`, frames at 100 per second.
 *
 * Non-words are dropped: sentence markers `<s>` `</s>`, silence `<sil>`, fillers `[NOISE]` `[SPEECH]` `++UH++`; and
 * alternate-pronunciation suffixes are stripped (`to(3)` → `to`).
 */
import type { TranscriptSegment, TranscriptWord } from '../asr-engine.js'

/** PocketSphinx's default frame rate (`-frate 100`): hypseg frame numbers are hundredths of a second. */
export const FRAMES_PER_SECOND = 100

const FILLER = /^(<[^>]*>|\[[^\]]*\]|\+\+?[^+]*\+\+?)$/
const ALTERNATE_PRONUNCIATION = /\(\d+\)$/
const WORD_LINE = /^(\S+)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i

/** The dictionary word without its `(n)` pronunciation variant, or undefined for a filler or marker. */
export function spokenWord(token: string): string | undefined {
  if (FILLER.test(token)) return undefined
  const word = token.replace(ALTERNATE_PRONUNCIATION, '')
  return word === '' ? undefined : word
}

function cleanText(hypothesis: string): string {
  return hypothesis
    .split(/\s+/)
    .map((token) => spokenWord(token))
    .filter((word): word is string => word !== undefined)
    .join(' ')
}

export interface RecognizedSpeech {
  readonly text: string
  readonly words: readonly TranscriptWord[]
  readonly segments: readonly TranscriptSegment[]
}

interface Utterance {
  hypothesis: string | undefined
  words: TranscriptWord[]
}

/** Reads `pocketsphinx_continuous -time yes` standard output; utterances become segments. */
export function parseContinuousOutput(stdout: string): RecognizedSpeech {
  const utterances: Utterance[] = []
  let current: Utterance | undefined
  for (const rawLine of stdout.split('\n')) {
    const line = rawLine.trim()
    const match = WORD_LINE.exec(line)
    if (!match) {
      // A hypothesis line (possibly empty, for an utterance with nothing recognized) opens the next utterance.
      if (rawLine === '' && current === undefined) continue
      current = { hypothesis: cleanText(line), words: [] }
      utterances.push(current)
      continue
    }
    if (!current) {
      current = { hypothesis: undefined, words: [] }
      utterances.push(current)
    }
    const word = spokenWord(match[1]!)
    if (word === undefined) continue
    const start = Number(match[2])
    const end = Number(match[3])
    const posterior = Number(match[4])
    current.words.push({ word, start, end: Math.max(start, end), confidence: Math.min(1, Math.max(0, posterior)) })
  }
  const segments: TranscriptSegment[] = []
  const words: TranscriptWord[] = []
  for (const utterance of utterances) {
    const text = utterance.hypothesis || utterance.words.map((word) => word.word).join(' ')
    if (text === '') continue
    words.push(...utterance.words)
    const first = utterance.words[0]
    const last = utterance.words.at(-1)
    if (first && last) segments.push({ text, start: first.start, end: last.end })
    else segments.push({ text, start: segments.at(-1)?.end ?? 0, end: segments.at(-1)?.end ?? 0 })
  }
  return { text: segments.map((segment) => segment.text).join(' '), words, segments }
}

/** `-hyp` file → text per utterance id. A line `(id score)` alone is an utterance with nothing recognized. */
export function parseBatchHypotheses(contents: string): Map<string, string> {
  const texts = new Map<string, string>()
  for (const line of contents.split('\n')) {
    const match = /^(.*?)\s*\((\S+)\s+-?\d+\)\s*$/.exec(line)
    if (match) texts.set(match[2]!, cleanText(match[1]!))
  }
  return texts
}

/** `-hypseg` file → words with times per utterance id (a word ends where the next segment starts). */
export function parseBatchSegmentation(
  contents: string,
  framesPerSecond = FRAMES_PER_SECOND,
): Map<string, TranscriptWord[]> {
  const result = new Map<string, TranscriptWord[]>()
  for (const line of contents.split('\n')) {
    const tokens = line.trim().split(/\s+/)
    // uttid S n T n A n L n, then groups of four, then the end frame.
    if (tokens.length < 10 || tokens[1] !== 'S' || tokens[3] !== 'T' || tokens[5] !== 'A' || tokens[7] !== 'L') continue
    const id = tokens[0]!
    const body = tokens.slice(9)
    const groups: { frame: number; token: string }[] = []
    for (let i = 0; i + 3 < body.length; i += 4) groups.push({ frame: Number(body[i]), token: body[i + 3]! })
    const endFrame = Number(body.at(-1))
    const words: TranscriptWord[] = []
    for (const [index, group] of groups.entries()) {
      const word = spokenWord(group.token)
      if (word === undefined) continue
      const nextFrame = groups[index + 1]?.frame ?? endFrame
      words.push({
        word,
        start: group.frame / framesPerSecond,
        end: Math.max(group.frame, nextFrame) / framesPerSecond,
      })
    }
    result.set(id, words)
  }
  return result
}
