/**
 * Word-level Levenshtein alignment (Levenshtein 1966; the alignment WER is defined on, as in NIST sclite and
 * jiwer): unit costs for substitution, insertion and deletion, and a backtrace that returns every aligned pair with
 * its operation. The number of edits is always the minimum; among alignments with that minimum, the one with the
 * fewest substitutions (so the most matches) is chosen — "their bookshelves are the the best" against "there book
 * shelves are the best" keeps "are", "the", "best" matched instead of sliding three substitutions along — and then
 * the one whose substituted words look most alike (character edit distance, in hundredths), so "their bookshelves"
 * against "there book shelves" pairs "their" with "there", not with "book". Remaining ties are broken, walking from
 * the end, towards a match or substitution, then a deletion, then an insertion. None of this changes the number of
 * edits, and so none of it changes WER.
 *
 * @example alignSequences(['a', 'b'], ['a', 'c', 'b']).map((pair) => pair.op) // ['match', 'insertion', 'match']
 */

export type EditOperation = 'match' | 'substitution' | 'insertion' | 'deletion'

export interface AlignedPair<T> {
  readonly op: EditOperation
  /** Index into the reference; absent for an insertion. */
  readonly refIndex?: number
  /** Index into the hypothesis; absent for a deletion. */
  readonly hypIndex?: number
  readonly ref?: T
  readonly hyp?: T
}

export interface OperationCounts {
  readonly matches: number
  readonly substitutions: number
  readonly deletions: number
  readonly insertions: number
}

type Same<T> = (a: T, b: T) => boolean

const strictlyEqual = <T>(a: T, b: T): boolean => a === b

/** Dissimilarity of two substituted items in hundredths: 0 alike … 100 nothing in common. */
const DISSIMILARITY_STEPS = 100
/** Past this many items the three-level costs would lose integer precision; substitutions then weigh the same. */
const MAX_WEIGHTED_LENGTH = 20_000

function dissimilarity(a: unknown, b: unknown): number {
  if (typeof a !== 'string' || typeof b !== 'string') return DISSIMILARITY_STEPS
  const longest = Math.max(a.length, b.length)
  return longest === 0 ? 0 : Math.round((editDistance([...a], [...b]) * DISSIMILARITY_STEPS) / longest)
}

interface Weights {
  /** One edit outweighs every possible substitution and dissimilarity together. */
  readonly edit: number
  /** One substitution outweighs every possible dissimilarity together. */
  readonly substitution: number
  readonly dissimilarity: (a: unknown, b: unknown) => number
}

function weightsFor(reference: readonly unknown[], hypothesis: readonly unknown[]): Weights {
  const length = Math.max(reference.length, hypothesis.length) + 1
  if (length > MAX_WEIGHTED_LENGTH) return { edit: length + 1, substitution: 1, dissimilarity: () => 0 }
  const substitution = length * DISSIMILARITY_STEPS + 1
  const edit = length * (substitution + DISSIMILARITY_STEPS) + 1
  return { edit, substitution, dissimilarity }
}

/** The full cost table, (n+1)·(m+1) cells, row-major; integers held exactly in Float64. */
function costTable<T>(
  reference: readonly T[],
  hypothesis: readonly T[],
  same: Same<T>,
  weights: Weights,
): Float64Array {
  const width = hypothesis.length + 1
  const table = new Float64Array((reference.length + 1) * width)
  for (let j = 0; j < width; j += 1) table[j] = j * weights.edit
  for (let i = 1; i <= reference.length; i += 1) {
    table[i * width] = i * weights.edit
    for (let j = 1; j < width; j += 1) {
      const diagonal =
        table[(i - 1) * width + j - 1]! + substitutionCost(reference[i - 1]!, hypothesis[j - 1]!, same, weights)
      const deletion = table[(i - 1) * width + j]! + weights.edit
      const insertion = table[i * width + j - 1]! + weights.edit
      table[i * width + j] = Math.min(diagonal, deletion, insertion)
    }
  }
  return table
}

function substitutionCost<T>(a: T, b: T, same: Same<T>, weights: Weights): number {
  return same(a, b) ? 0 : weights.edit + weights.substitution + weights.dissimilarity(a, b)
}

/** Aligns two sequences; pairs come in order, and every element of each sequence appears exactly once. */
export function alignSequences<T>(
  reference: readonly T[],
  hypothesis: readonly T[],
  same: Same<T> = strictlyEqual,
): AlignedPair<T>[] {
  const weights = weightsFor(reference, hypothesis)
  const table = costTable(reference, hypothesis, same, weights)
  const width = hypothesis.length + 1
  const cost = (i: number, j: number): number => table[i * width + j]!
  const pairs: AlignedPair<T>[] = []
  let i = reference.length
  let j = hypothesis.length
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0) {
      const equal = same(reference[i - 1]!, hypothesis[j - 1]!)
      if (cost(i, j) === cost(i - 1, j - 1) + substitutionCost(reference[i - 1]!, hypothesis[j - 1]!, same, weights)) {
        i -= 1
        j -= 1
        const op = equal ? 'match' : 'substitution'
        pairs.push({ op, refIndex: i, hypIndex: j, ref: reference[i], hyp: hypothesis[j] })
        continue
      }
    }
    if (i > 0 && cost(i, j) === cost(i - 1, j) + weights.edit) {
      i -= 1
      pairs.push({ op: 'deletion', refIndex: i, ref: reference[i] })
      continue
    }
    j -= 1
    pairs.push({ op: 'insertion', hypIndex: j, hyp: hypothesis[j] })
  }
  return pairs.reverse()
}

/** The Levenshtein distance alone, in O(min(n, m)) memory. */
export function editDistance<T>(first: readonly T[], second: readonly T[], same: Same<T> = strictlyEqual): number {
  const [long, short] = first.length >= second.length ? [first, second] : [second, first]
  let previous = Uint32Array.from({ length: short.length + 1 }, (_, j) => j)
  let current = new Uint32Array(short.length + 1)
  for (let i = 1; i <= long.length; i += 1) {
    current[0] = i
    for (let j = 1; j <= short.length; j += 1) {
      const substitution = previous[j - 1]! + (same(long[i - 1]!, short[j - 1]!) ? 0 : 1)
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1)
    }
    ;[previous, current] = [current, previous]
  }
  return previous[short.length]!
}

export function countOperations(pairs: readonly AlignedPair<unknown>[]): OperationCounts {
  const counts = { matches: 0, substitutions: 0, deletions: 0, insertions: 0 }
  for (const { op } of pairs) {
    if (op === 'match') counts.matches += 1
    else if (op === 'substitution') counts.substitutions += 1
    else if (op === 'deletion') counts.deletions += 1
    else counts.insertions += 1
  }
  return counts
}
