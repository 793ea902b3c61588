/**
 * Reading the reference the way it was most likely said. A reference like "Meet me at 3:30, it costs $3.50" has
 * several correct spoken forms (spoken-forms.ts); scoring it only against the canonical one would count "half past
 * three" as three errors. So every expression with more than one form is tried in each of its forms, and the form
 * that brings the normalized reference closest (in word edit distance) to the hypotheses is kept. Distance to the
 * whole hypothesis is used rather than to a pre-cut span: with the other expressions fixed, the alignment finds the
 * span itself, and no span has to be guessed before aligning.
 *
 * Expressions are settled one at a time, left to right (coordinate descent: one pass is enough, since the
 * expressions of a sentence rarely compete for the same hypothesis words). Ties keep the earlier form, so the
 * canonical reading wins unless another is strictly closer. With several hypotheses the summed distance is used,
 * which gives the word table one reading of the reference.
 */
import { editDistance } from './alignment.js'
import { analyzeTranscript, type TranscriptAnalysis } from './transcript-normalizer.js'

export interface ReferenceReading {
  /** The form chosen for each expression, as `formChoices` (0 = canonical). */
  readonly choices: readonly number[]
  readonly analysis: TranscriptAnalysis
}

function totalDistance(words: readonly string[], hypotheses: readonly (readonly string[])[]): number {
  return hypotheses.reduce((sum, hypothesis) => sum + editDistance(words, hypothesis), 0)
}

export function closestReading(reference: string, hypotheses: readonly (readonly string[])[]): ReferenceReading {
  const canonical = analyzeTranscript(reference)
  const choices = canonical.expressions.map(() => 0)
  let best = { analysis: canonical, distance: totalDistance(canonical.words, hypotheses) }
  canonical.expressions.forEach((expression, index) => {
    for (let form = 1; form < expression.forms.length && best.distance > 0; form += 1) {
      const trial = choices.with(index, form)
      const analysis = analyzeTranscript(reference, { formChoices: trial })
      const distance = totalDistance(analysis.words, hypotheses)
      if (distance < best.distance) {
        best = { analysis, distance }
        choices[index] = form
      }
    }
  })
  return { choices, analysis: best.analysis }
}
