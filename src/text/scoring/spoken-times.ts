/**
 * Clock times and every common way of saying them: "3:30" → "three thirty", "half past three", "thirty past three";
 * "3:45" → "three forty-five", "quarter to four", "a quarter to four", "quarter of four"; "3:10" → "ten past three",
 * "ten after three"; "3:00" → "three o'clock", "three"; "15:00" → "fifteen hundred", "three o'clock"; "12:00 pm" →
 * "noon". The meridiem, written "pm", "PM", "p.m." or "p. m.", is always spoken "pm" (or "am"), so "3:30 p.m." and
 * "three thirty PM" agree. "3.30 pm" counts as a time only with its am/pm; "27:00" and "16:9" are left to the ratio
 * rule of the TTS front-end.
 */
import { belowHundredWords } from '../normalize/number-words.js'
import { textAfter, type Match } from '../normalize/rule.js'
import { formRule, unique, type FormRule } from './form-rules.js'

const hourWords = (hour: number): string => belowHundredWords(hour)

const TIME_START = String.raw`(?<![\p{L}\p{N}_:.,$£€¥₹])`
const MERIDIEM = String.raw`(?<meridiem>[AaPp])\.?\s?[Mm](?<stop>\.)?(?![\p{L}\p{N}])`
const CLOCK = String.raw`(?<hour>\d{1,2})(?<separator>[:.])(?<minute>[0-5]\d)(?::(?<second>[0-5]\d))?(?![\p{N}]|[:.,]\d)`

/** Every reading of a clock time; `meridiem` is "am", "pm" or "". */
export function timeForms(hour: number, minute: number, meridiem: string): string[] {
  const suffix = meridiem ? ` ${meridiem}` : ''
  const hour12 = hour % 12 === 0 ? 12 : hour % 12
  const nextHour = (hour12 % 12) + 1
  const forms: string[] = []
  if (minute === 0) {
    if (meridiem) forms.push(`${hourWords(hour)}${suffix}`, `${hourWords(hour)} o'clock${suffix}`)
    else if (hour >= 1 && hour <= 12) forms.push(`${hourWords(hour)} o'clock`, hourWords(hour))
    else forms.push(`${hourWords(hour)} hundred`, `${hourWords(hour12)} o'clock`, hourWords(hour12))
    if (hour === 12 && meridiem !== 'am') forms.push('noon', 'twelve noon')
    if ((hour === 12 && meridiem === 'am') || hour === 0 || hour === 24) forms.push('midnight', 'twelve midnight')
    return unique(forms)
  }
  const minuteWords = minute < 10 ? `oh ${hourWords(minute)}` : hourWords(minute)
  forms.push(`${hourWords(hour)} ${minuteWords}${suffix}`)
  if (!meridiem && (hour > 12 || hour === 0)) forms.push(`${hourWords(hour12)} ${minuteWords}`)
  const past = (words: string): string => `${words} ${hourWords(hour12)}${suffix}`
  const to = (words: string): string => `${words} ${hourWords(nextHour)}${suffix}`
  if (minute === 15) forms.push(past('quarter past'), past('a quarter past'), past('quarter after'))
  if (minute === 30) forms.push(past('half past'), past('thirty past'))
  if (minute === 45) forms.push(to('quarter to'), to('a quarter to'), to('quarter of'))
  const minutes = hourWords(minute)
  if (minute < 30 && minute !== 15)
    forms.push(past(`${minutes} past`), past(`${minutes} after`), past(`${minutes} minutes past`))
  const remaining = hourWords(60 - minute)
  if (minute > 30 && minute !== 45) forms.push(to(`${remaining} to`), to(`${remaining} minutes to`))
  return unique(forms)
}

/** Forms for one matched time, or undefined if it cannot be a time ("27:00", "3.30" without am/pm). */
function clockForms(groups: Match['groups']): string[] | undefined {
  const hour = Number(groups.hour)
  const minute = Number(groups.minute ?? 0)
  const meridiem = groups.meridiem ? `${groups.meridiem.toLowerCase()}m` : ''
  if (groups.separator === '.' && !meridiem) return undefined
  if (hour > (meridiem ? 12 : 24) || (meridiem && hour === 0)) return undefined
  const forms = timeForms(hour, minute, meridiem)
  if (!groups.second || Number(groups.second) === 0) return forms
  const second = Number(groups.second)
  return [`${forms[0]} and ${hourWords(second)} second${second === 1 ? '' : 's'}`]
}

/** A dotted meridiem may own the sentence's full stop ("at 3 p.m. We left"). */
function withStop(forms: string[] | undefined, match: Match): string[] | undefined {
  if (!forms || !match.groups.stop || !/^(?:\s*$|\s+["'(]?\p{Lu})/u.test(textAfter(match))) return forms
  return forms.map((form) => `${form}.`)
}

export const TIME_FORM_RULES: readonly FormRule[] = [
  formRule(
    'time range',
    String.raw`${TIME_START}(?<from>\d{1,2}(?::[0-5]\d)?\s?(?:[AaPp]\.?\s?[Mm]\.?)?)\s?[-–—]\s?(?<to>\d{1,2}(?::[0-5]\d)?\s?[AaPp]\.?\s?[Mm]\.?)(?![\p{L}\p{N}])`,
    ({ groups }) => {
      const parse = (text: string): string | undefined => {
        const clock = /^(\d{1,2})(?::([0-5]\d))?\s?(?:([AaPp])\.?\s?[Mm]\.?)?$/u.exec(text.trim())
        if (!clock) return undefined
        const meridiem = clock[3] ? `${clock[3].toLowerCase()}m` : ''
        const hour = Number(clock[1])
        if (hour > 12 || hour === 0) return undefined
        return timeForms(hour, Number(clock[2] ?? 0), meridiem)[0]
      }
      const from = parse(groups.from ?? '')
      const to = parse(groups.to ?? '')
      return from && to ? [`${from} to ${to}`] : undefined
    },
  ),
  formRule('clock time', String.raw`${TIME_START}${CLOCK}(?:\s?${MERIDIEM})?`, (match) =>
    withStop(clockForms(match.groups), match),
  ),
  formRule('hour with am or pm', String.raw`${TIME_START}(?<hour>\d{1,2})\s?${MERIDIEM}`, (match) =>
    withStop(clockForms(match.groups), match),
  ),
]
