/**
 * Reads the transcription JSON the OpenAI-compatible servers answer with, into a {@link Transcript}:
 *
 * - OpenAI `verbose_json`: `{ language: "english", duration, text, words?: [{word,start,end}], segments?: [...] }`
 * - Speaches (faster-whisper): the same, words with `probability`
 * - whisper.cpp server: words nested in `segments[].words`, with `probability`
 * - plain `json` (`{ text }`) or a `text/plain` body: text only
 *
 * Whisper prefixes words and segments with a space (`" fox"`); that is trimmed.
 */
import type { Transcript, TranscriptSegment, TranscriptWord } from '../asr-engine.js'
import { languageCode } from '../languages.js'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : undefined

function readWord(value: unknown): TranscriptWord | undefined {
  if (!isObject(value)) return undefined
  const word =
    typeof value.word === 'string' ? value.word.trim() : typeof value.text === 'string' ? value.text.trim() : ''
  const start = finite(value.start)
  const end = finite(value.end)
  if (word === '' || start === undefined || end === undefined) return undefined
  const confidence = finite(value.probability) ?? finite(value.confidence)
  return {
    word,
    start,
    end: Math.max(start, end),
    ...(confidence !== undefined ? { confidence: Math.min(1, Math.max(0, confidence)) } : {}),
  }
}

function readSegment(value: unknown): TranscriptSegment | undefined {
  if (!isObject(value) || typeof value.text !== 'string') return undefined
  const start = finite(value.start)
  const end = finite(value.end)
  if (start === undefined || end === undefined) return undefined
  return { text: value.text.trim(), start, end: Math.max(start, end) }
}

const defined = <T>(value: T | undefined): value is T => value !== undefined

/**
 * The transcript in `body` (the response text) given its content type; `audioSeconds` stands in for a missing
 * `duration`. Throws a plain Error for JSON without a `text` string.
 */
export function parseTranscriptionResponse(body: string, contentType: string, audioSeconds: number): Transcript {
  if (!/json/i.test(contentType) && !body.trimStart().startsWith('{')) {
    return { text: body.trim(), durationSeconds: audioSeconds }
  }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    throw new Error(`the answer is not valid JSON (${(error as Error).message})`, { cause: error })
  }
  if (!isObject(json) || typeof json.text !== 'string') throw new Error('the JSON answer has no `text` string')
  const segmentsRaw = Array.isArray(json.segments) ? json.segments : []
  const topWords = Array.isArray(json.words) ? json.words : undefined
  const nestedWords = segmentsRaw.flatMap((segment) =>
    isObject(segment) && Array.isArray(segment.words) ? segment.words : [],
  )
  const words = (topWords ?? nestedWords).map(readWord).filter(defined)
  const segments = segmentsRaw.map(readSegment).filter(defined)
  const language = typeof json.language === 'string' ? languageCode(json.language) : undefined
  return {
    text: json.text.trim(),
    ...(topWords !== undefined || nestedWords.length > 0 ? { words } : {}),
    ...(segmentsRaw.length > 0 ? { segments } : {}),
    ...(language ? { language } : {}),
    durationSeconds: finite(json.duration) ?? audioSeconds,
  }
}
