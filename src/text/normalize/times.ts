/**
 * Clock times and ratios. "3:30 pm" and "3:30 p.m." → "three thirty p m", "9:05" → "nine oh five", "15:45" →
 * "fifteen forty-five", "10:00 am" → "ten a m", "10:00" → "ten o'clock", "15:00" → "fifteen hundred", "7pm" →
 * "seven p m", "9am-5pm" → "nine a m to five p m". The meridiem is spelled as two letters so engines say the letters,
 * never the word "am". Something that looks like a time but cannot be one ("27:90", "16:9") is a ratio:
 * "sixteen to nine", "1:50,000" → "one to fifty thousand".
 */
import { belowHundredWords, cardinalWords } from './number-words.js'
import { INTEGER } from './patterns.js'
import { defineRule, padAgainstLetters, sentenceEndsAfter, type Match, type Rule } from './rule.js'

/** "am", "AM", "a.m.", "A. M." — the dotted forms may own the sentence's full stop. */
const MERIDIEM = String.raw`(?:[AaPp][Mm]|[AaPp]\.\s?[Mm]\.?)(?![\p{L}\p{N}])`
const CLOCK = String.raw`\d{1,2}:[0-5]\d(?::[0-5]\d)?(?![\p{N}]|[:.,]\d)(?:\s?${MERIDIEM})?`
const HOUR_WITH_MERIDIEM = String.raw`\d{1,2}\s?${MERIDIEM}`
const TIME = `(?:${CLOCK}|${HOUR_WITH_MERIDIEM})`
const TIME_START = String.raw`(?<![\p{L}\p{N}_:.,])`
const PARTS =
  /^(?<hour>\d{1,2})(?::(?<minute>\d{2})(?::(?<second>\d{2}))?)?\s?(?:(?<meridiem>[AaPp])\.?\s?[Mm](?<stop>\.)?)?$/

function minuteWords(minutes: number): string {
  return minutes < 10 ? `oh ${belowHundredWords(minutes)}` : belowHundredWords(minutes)
}

/** "10:30" → "ten thirty", "10:00 am" → "ten" (the meridiem follows), "10:00" → "ten o'clock", "15:00" → "fifteen hundred". */
function clockWords(hour: number, minute: number, hasMeridiem: boolean): string {
  if (minute) return `${belowHundredWords(hour)} ${minuteWords(minute)}`
  if (hasMeridiem) return belowHundredWords(hour)
  return hour >= 1 && hour <= 12 ? `${belowHundredWords(hour)} o'clock` : `${belowHundredWords(hour)} hundred`
}

/** One written time in words, or undefined if it cannot be a time; `endsSentence` keeps the stop of "p.m.". */
function timeWords(written: string, endsSentence: boolean): string | undefined {
  const parts = PARTS.exec(written.trim())?.groups
  if (!parts) return undefined
  const hour = Number(parts.hour)
  const minute = Number(parts.minute ?? 0)
  const second = Number(parts.second ?? 0)
  const meridiem = parts.meridiem?.toLowerCase()
  if (meridiem && hour === 0 && parts.minute === undefined) return undefined
  if (hour > (meridiem ? 12 : 24)) return undefined
  const seconds = second ? ` and ${cardinalWords(String(second))} second${second === 1 ? '' : 's'}` : ''
  const stop = parts.stop && endsSentence ? '.' : ''
  return `${clockWords(hour, minute, meridiem !== undefined)}${seconds}${meridiem ? ` ${meridiem} m${stop}` : ''}`
}

function speakTime(match: Match): string | undefined {
  const spoken = timeWords(match.text, sentenceEndsAfter(match))
  return spoken === undefined ? undefined : padAgainstLetters(match, spoken)
}

export const TIME_RULES: readonly Rule[] = [
  defineRule('time range', String.raw`${TIME_START}(?<from>${TIME})\s?[-–—]\s?(?<to>${TIME})`, (match) => {
    const from = timeWords(match.groups.from ?? '', false)
    const to = timeWords(match.groups.to ?? '', sentenceEndsAfter(match))
    return from === undefined || to === undefined ? undefined : `${from} to ${to}`
  }),
  defineRule('clock time', `${TIME_START}${CLOCK}`, speakTime),
  defineRule('hour with meridiem', `${TIME_START}${HOUR_WITH_MERIDIEM}`, speakTime),
  defineRule(
    'ratio',
    String.raw`${TIME_START}(?<left>${INTEGER}):(?<right>${INTEGER})(?![\p{N}]|[:.,]\d)`,
    ({ groups }) => `${cardinalWords(groups.left ?? '')} to ${cardinalWords(groups.right ?? '')}`,
  ),
]
