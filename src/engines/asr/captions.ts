/**
 * Transcripts as captions: cues cut at the recognizer's segments (pauses), long segments split at word boundaries
 * (at most 84 characters, two lines of 42 as the BBC and Netflix caption guidelines advise, and 7 seconds), written
 * as SubRip (`.srt`) or WebVTT (W3C WebVTT, "cue timings": `hh:mm:ss.ttt`). Pure functions.
 *
 * @example
 * toWebVtt(captionCues(transcript)) // "WEBVTT\n\n00:00:00.170 --> 00:00:02.410\nthe quick brown fox…\n\n"
 */
import type { Transcript, TranscriptWord } from './asr-engine.js'

export interface CaptionCue {
  readonly start: number
  readonly end: number
  readonly text: string
}

export interface CueLimits {
  readonly maxChars: number
  readonly maxSeconds: number
}

export const DEFAULT_CUE_LIMITS: CueLimits = { maxChars: 84, maxSeconds: 7 }

/** Word times may be rounded differently from segment times; this much overlap still counts as inside. */
const TIME_TOLERANCE = 0.02

function cueFromWords(words: readonly TranscriptWord[]): CaptionCue {
  return { start: words[0]!.start, end: words.at(-1)!.end, text: words.map((word) => word.word).join(' ') }
}

export function captionCues(transcript: Transcript, limits: CueLimits = DEFAULT_CUE_LIMITS): CaptionCue[] {
  const segments =
    transcript.segments && transcript.segments.length > 0
      ? transcript.segments
      : transcript.text.trim() !== ''
        ? [{ text: transcript.text.trim(), start: 0, end: transcript.durationSeconds }]
        : []
  const words = transcript.words ?? []
  const cues: CaptionCue[] = []
  for (const segment of segments) {
    const fits = segment.end - segment.start <= limits.maxSeconds && segment.text.length <= limits.maxChars
    const inside = words.filter(
      (word) => word.start >= segment.start - TIME_TOLERANCE && word.end <= segment.end + TIME_TOLERANCE,
    )
    if (fits || inside.length === 0) {
      cues.push({ start: segment.start, end: segment.end, text: segment.text.trim() })
      continue
    }
    let current: TranscriptWord[] = []
    for (const word of inside) {
      const text = [...current, word].map((each) => each.word).join(' ')
      if (current.length > 0 && (text.length > limits.maxChars || word.end - current[0]!.start > limits.maxSeconds)) {
        cues.push(cueFromWords(current))
        current = []
      }
      current.push(word)
    }
    if (current.length > 0) cues.push(cueFromWords(current))
  }
  return cues.filter((cue) => cue.text !== '').map((cue) => ({ ...cue, end: Math.max(cue.start, cue.end) }))
}

/** Seconds → `hh:mm:ss<separator>mmm`, rounded to the millisecond. */
export function formatTimestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000))
  const hours = Math.floor(totalMs / 3_600_000)
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000)
  const secs = Math.floor((totalMs % 60_000) / 1000)
  const ms = totalMs % 1000
  const pad = (value: number, width = 2) => String(value).padStart(width, '0')
  return `${pad(hours)}:${pad(minutes)}:${pad(secs)}${separator}${pad(ms, 3)}`
}

/** SubRip: numbered cues, `00:00:01,000 --> 00:00:02,500`, a blank line after each. */
export function toSrt(cues: readonly CaptionCue[]): string {
  return cues
    .map(
      (cue, index) =>
        `${index + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${cue.text}\n\n`,
    )
    .join('')
}

/** WebVTT: the `WEBVTT` signature, then cues `00:00:01.000 --> 00:00:02.500`, a blank line after each. */
export function toWebVtt(cues: readonly CaptionCue[]): string {
  return `WEBVTT\n\n${cues.map((cue) => `${formatTimestamp(cue.start, '.')} --> ${formatTimestamp(cue.end, '.')}\n${cue.text}\n\n`).join('')}`
}
