import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normalizeTranscript } from '../../../src/text/scoring/index.js'
import { SCORING_ABBREVIATIONS } from '../../../src/text/scoring/data/abbreviations.js'
import { WHOLE_WORD_CONTRACTIONS } from '../../../src/text/scoring/data/contractions.js'
import { FILLER_WORDS } from '../../../src/text/scoring/data/fillers.js'
import { SPELLING_VARIANTS, VERDICT_ONLY_VARIANTS } from '../../../src/text/scoring/data/spelling-variants.js'
import { UK_TO_US } from '../../../src/text/scoring/data/uk-us-spellings.js'
import { isNumberWord } from '../../../src/text/scoring/spelled-numbers.js'
import { STANDARD_SPELLINGS } from '../../../src/text/scoring/spelling-standardization.js'

describe('British → American spellings', () => {
  test('the table holds several hundred pairs', () => {
    assert.ok(UK_TO_US.size >= 500, `${UK_TO_US.size} pairs`)
  })
  test('every British spelling normalizes to its American one', () => {
    const wrong = [...UK_TO_US].filter(([uk, us]) => normalizeTranscript(uk) !== us)
    assert.deepEqual(wrong, [])
  })
  test('every American spelling is left as it is', () => {
    const changed = [...UK_TO_US.values()].filter((us) => normalizeTranscript(us) !== us)
    assert.deepEqual(changed, [])
  })
  test('no rewrite leads to another rewrite', () => {
    const chained = [...STANDARD_SPELLINGS].filter(([, to]) =>
      to.split(' ').some((word) => STANDARD_SPELLINGS.has(word)),
    )
    assert.deepEqual(chained, [])
  })
  test('both sides of every pair are lower-case single words', () => {
    for (const [uk, us] of UK_TO_US) {
      assert.match(uk, /^[a-z]+$/)
      assert.match(us, /^[a-z]+$/)
    }
  })
})

describe('spelling variants', () => {
  test('normalizing variants reach their standard form', () => {
    for (const [from, to] of SPELLING_VARIANTS) assert.equal(normalizeTranscript(from), to, from)
  })
  test('verdict-only variants are left in the transcript', () => {
    for (const pair of VERDICT_ONLY_VARIANTS) {
      const [first, second] = pair.map(normalizeTranscript)
      assert.notEqual(first, second, pair.join(' / '))
    }
  })
})

describe('contractions', () => {
  test('every whole-word expansion is already normalized', () => {
    for (const expansion of Object.values(WHOLE_WORD_CONTRACTIONS))
      assert.equal(normalizeTranscript(expansion), expansion)
  })
  test('every whole-word contraction normalizes to its expansion', () => {
    for (const [contraction, expansion] of Object.entries(WHOLE_WORD_CONTRACTIONS)) {
      assert.equal(normalizeTranscript(contraction), expansion, contraction)
    }
  })
})

describe('abbreviations', () => {
  test('spellings are unique, lower case and without stops', () => {
    const spellings = SCORING_ABBREVIATIONS.map((row) => row.spelling)
    assert.equal(new Set(spellings).size, spellings.length)
    for (const spelling of spellings) assert.match(spelling, /^[a-z]+$/)
  })
  test('every reading expands to one of the listed expansions', () => {
    for (const row of SCORING_ABBREVIATIONS) {
      for (const reading of row.readings) assert.ok(row.expansions.includes(reading.expansion), row.spelling)
    }
  })
  test('every expansion is already normalized', () => {
    for (const row of SCORING_ABBREVIATIONS) {
      for (const expansion of row.expansions) assert.equal(normalizeTranscript(expansion), expansion, expansion)
    }
  })
})

test('no filler word is also a number word', () => {
  for (const filler of FILLER_WORDS) assert.equal(isNumberWord(filler), false, filler)
})
