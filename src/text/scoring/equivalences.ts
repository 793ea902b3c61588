/**
 * Benign mismatches: a stretch of the reference and the stretch of a hypothesis aligned with it that differ in
 * writing but not in what was said. Tried in table order on the same pair of phrases:
 * - `compound`: the same letters split differently ("bookshelves" / "book shelves", "everyday" / "every day");
 * - `spelling_variant`: a pair from the spelling tables, either direction ("towards" / "toward");
 * - `abbreviation`: one side is an abbreviation (as written or as normalized) the other side expands ("St." read
 *   "street" where the normalizer chose "saint"; "km" / "kilometers"; "mph" / "miles per hour");
 * - `homophone`: pronounced the same according to the CMU dictionary ("their" / "there", "two" / "to").
 * Phrases are compared as lists of words, so multi-word equivalences work the same way as single words.
 */
import { ABBREVIATIONS_BY_SPELLING } from './data/abbreviations.js'
import { SPELLING_VARIANTS, VERDICT_ONLY_VARIANTS } from './data/spelling-variants.js'
import { UK_TO_US } from './data/uk-us-spellings.js'
import { soundAlike } from './pronunciation.js'

export type BenignVerdict = 'compound' | 'spelling_variant' | 'abbreviation' | 'homophone'

/** One side of a compared stretch: its normalized words and how each was written. */
export interface Phrase {
  readonly words: readonly string[]
  readonly written: readonly string[]
}

/** Lower case, letters and digits only: "U.S.A." → "usa", "Dr." → "dr". */
export function writtenKey(written: string): string {
  return written.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
}

const VARIANT_PAIRS: ReadonlySet<string> = new Set(
  [...UK_TO_US, ...SPELLING_VARIANTS, ...VERDICT_ONLY_VARIANTS].flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]),
)

function isCompound(ref: Phrase, hyp: Phrase): boolean {
  return ref.words.length !== hyp.words.length && ref.words.join('') === hyp.words.join('')
}

function isSpellingVariant(ref: Phrase, hyp: Phrase): boolean {
  return VARIANT_PAIRS.has(`${ref.words.join(' ')}|${hyp.words.join(' ')}`)
}

/** `short` is one abbreviation (as normalized or as written) and `long` one of its expansions, or the reverse. */
function abbreviates(short: Phrase, long: Phrase): boolean {
  const keys = new Set([short.words.join(' '), ...short.written.map(writtenKey)])
  const expanded = long.words.join(' ')
  return [...keys].some((key) => {
    const row = ABBREVIATIONS_BY_SPELLING.get(key)
    return row !== undefined && (row.expansions.includes(expanded) || (row.spelling === expanded && key !== expanded))
  })
}

const EQUIVALENCES: readonly {
  readonly verdict: BenignVerdict
  readonly holds: (ref: Phrase, hyp: Phrase) => boolean
}[] = [
  { verdict: 'compound', holds: isCompound },
  { verdict: 'spelling_variant', holds: isSpellingVariant },
  { verdict: 'abbreviation', holds: (ref, hyp) => abbreviates(ref, hyp) || abbreviates(hyp, ref) },
  { verdict: 'homophone', holds: (ref, hyp) => soundAlike(ref.words, hyp.words) },
]

/** The first benign equivalence between two non-empty phrases, if any. */
export function benignEquivalence(ref: Phrase, hyp: Phrase): BenignVerdict | undefined {
  if (ref.words.length === 0 || hyp.words.length === 0) return undefined
  return EQUIVALENCES.find((equivalence) => equivalence.holds(ref, hyp))?.verdict
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("recieve" / "receive" = 1). */
export function typoDistance(first: string, second: string): number {
  const a = [...first]
  const b = [...second]
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i]!
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1)
    }
  }
  return rows[a.length]![b.length]!
}
