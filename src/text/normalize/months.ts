/**
 * Month names and their abbreviations, shared by the date rules and the year heuristic ("May 1850").
 * Only capitalised spellings count, so the verb "march" and the modal "may" are left alone.
 */
import { alternation } from './patterns.js'

interface Month {
  readonly name: string
  readonly abbreviations: readonly string[]
}

export const MONTHS: readonly Month[] = [
  { name: 'January', abbreviations: ['Jan'] },
  { name: 'February', abbreviations: ['Feb'] },
  { name: 'March', abbreviations: ['Mar'] },
  { name: 'April', abbreviations: ['Apr'] },
  { name: 'May', abbreviations: [] },
  { name: 'June', abbreviations: ['Jun'] },
  { name: 'July', abbreviations: ['Jul'] },
  { name: 'August', abbreviations: ['Aug'] },
  { name: 'September', abbreviations: ['Sep', 'Sept'] },
  { name: 'October', abbreviations: ['Oct'] },
  { name: 'November', abbreviations: ['Nov'] },
  { name: 'December', abbreviations: ['Dec'] },
]

const BY_SPELLING: ReadonlyMap<string, string> = new Map(
  MONTHS.flatMap((month) => [month.name, ...month.abbreviations].map((spelling) => [spelling, month.name] as const)),
)

/** Any month spelling with an optional full stop after an abbreviation, as a non-capturing group. */
export const MONTH_PATTERN = `(?:${alternation(BY_SPELLING.keys())}(?![\\p{L}])\\.?)`

/** "Sept." → "September"; undefined for anything that is not a month. */
export function monthName(spelling: string): string | undefined {
  return BY_SPELLING.get(spelling.replace(/\.$/, ''))
}

/** 1 → "January"; undefined outside 1–12. */
export function monthNameOf(number: number): string | undefined {
  return MONTHS[number - 1]?.name
}
