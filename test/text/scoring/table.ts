/**
 * Table runners for the scoring tests: one test per row, so a failure names the exact input. Case tables live in
 * ./cases/ as plain modules, so the property suite can reuse every row.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normalizeTranscript } from '../../../src/text/scoring/index.js'

/** [written, normalized]. */
export type NormalizationCase = readonly [written: string, normalized: string]

/** Two ways of writing or saying the same thing, which must normalize identically. */
export type Equivalence = readonly [first: string, second: string]

export function specifyNormalization(title: string, cases: readonly NormalizationCase[]): void {
  describe(title, () => {
    for (const [written, normalized] of cases) {
      test(`${JSON.stringify(written)} → ${JSON.stringify(normalized)}`, () => {
        assert.equal(normalizeTranscript(written), normalized)
      })
    }
  })
}

export function specifyEquivalences(title: string, cases: readonly Equivalence[]): void {
  describe(title, () => {
    for (const [first, second] of cases) {
      test(`${JSON.stringify(first)} ≡ ${JSON.stringify(second)}`, () => {
        assert.equal(normalizeTranscript(first), normalizeTranscript(second))
      })
    }
  })
}
