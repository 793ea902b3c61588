/**
 * Runs a table of [written, spoken] cases as one test per row, so a failure names the exact input.
 * Tables live in ./cases/ (plain modules, not tests) so the property suite can reuse every row.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normalizeForSpeech, type NormalizationOptions } from '../../../src/text/normalize/index.js'

export type Case = readonly [written: string, spoken: string]

export function specify(title: string, cases: readonly Case[], options?: NormalizationOptions): void {
  describe(title, () => {
    for (const [written, spoken] of cases) {
      test(`${JSON.stringify(written)} → ${JSON.stringify(spoken)}`, () => {
        assert.equal(normalizeForSpeech(written, options), spoken)
      })
    }
  })
}
