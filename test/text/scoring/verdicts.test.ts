import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scoreUtterance, VERDICTS, type WordVerdict } from '../../../src/text/scoring/index.js'
import { decideVerdict } from '../../../src/text/scoring/verdicts.js'
import * as cases from './cases/verdicts.js'

function describeRow(row: WordVerdict, twoOrMore: boolean): string {
  const heard = twoOrMore ? `${row.hyp ?? '-'}|${row.hyp2 ?? '-'}` : (row.hyp ?? '-')
  return `${row.ref ?? '-'}>${heard}:${row.verdict}`
}

function specifyVerdicts(title: string, table: readonly cases.VerdictCase[]): void {
  describe(title, () => {
    for (const { reference, hypotheses, rows } of table) {
      test(`${JSON.stringify(reference)} heard as ${hypotheses.map((hypothesis) => JSON.stringify(hypothesis)).join(' and ')}`, () => {
        const score = scoreUtterance({ reference, hypotheses })
        assert.equal(score.words.map((row) => describeRow(row, hypotheses.length > 1)).join(' '), rows)
      })
    }
  })
}

specifyVerdicts('one ASR: a mismatch is a TTS failure', cases.ONE_ASR)
specifyVerdicts('homophones, by CMU pronunciation', cases.HOMOPHONES)
specifyVerdicts('compounds split or merged across adjacent words', cases.COMPOUNDS)
specifyVerdicts('spelling variants', cases.SPELLING_VARIANTS)
specifyVerdicts('filler words', cases.FILLER_WORDS)
specifyVerdicts('abbreviations', cases.ABBREVIATIONS)
specifyVerdicts('mistakes in the reference itself', cases.REFERENCE_ERRORS)
specifyVerdicts('two ASRs: who is to blame', cases.TWO_ASR)

describe('the two-ASR decision table', () => {
  const right = { status: 'correct' as const, heard: 'cat' }
  const wrong = (heard: string | undefined) => ({ status: 'wrong' as const, heard })
  const TABLE: readonly (readonly [string, Parameters<typeof decideVerdict>[0], string])[] = [
    ['both right', [right, right], 'pass'],
    ['first wrong, second right', [wrong('bat'), right], 'stt_error'],
    ['first right, second wrong', [right, wrong('bat')], 'stt_error'],
    ['both wrong the same way', [wrong('bat'), wrong('bat')], 'tts_failure'],
    ['both missed the word', [wrong(undefined), wrong(undefined)], 'tts_failure'],
    ['both wrong differently', [wrong('bat'), wrong('hat')], 'ambiguous'],
    ['one missed it, one misheard it', [wrong(undefined), wrong('hat')], 'ambiguous'],
    ['one ASR, wrong', [wrong('bat')], 'tts_failure'],
    ['one ASR, right', [right], 'pass'],
    ['a homophone counts as right', [{ status: 'homophone', heard: 'there' }, wrong('the')], 'stt_error'],
    ['benign on both sides', [{ status: 'homophone', heard: 'there' }, right], 'homophone'],
    ['the reference looks wrong', [{ status: 'gt_error', heard: 'receive' }, right], 'gt_error'],
    ['three ASRs, all wrong alike', [wrong('bat'), wrong('bat'), wrong('bat')], 'tts_failure'],
    ['three ASRs, one right', [wrong('bat'), wrong('hat'), right], 'stt_error'],
  ]
  for (const [title, parts, verdict] of TABLE)
    test(`${title} → ${verdict}`, () => assert.equal(decideVerdict(parts), verdict))
})

test('counts hold every verdict, zeros included, and add up to the rows', () => {
  const score = scoreUtterance({
    reference: 'um their cat sat on the the mat',
    hypotheses: ['there bat sat on the mat uh'],
  })
  assert.deepEqual(Object.keys(score.counts).sort(), [...VERDICTS].sort())
  assert.equal(
    Object.values(score.counts).reduce((sum, count) => sum + count, 0),
    score.words.length,
  )
  assert.equal(score.counts.filler_word, 2)
  assert.equal(score.counts.homophone, 1)
  assert.equal(score.counts.tts_failure, 1)
  assert.equal(score.counts.gt_error, 1)
})

test('rows carry the operation of each hypothesis', () => {
  const score = scoreUtterance({ reference: 'a cat', hypotheses: ['the cat', 'a big cat'] })
  assert.deepEqual(score.words, [
    { ref: 'a', hyp: 'the', hyp2: 'a', op: 'substitution', op2: 'match', verdict: 'stt_error' },
    { ref: null, hyp: null, hyp2: 'big', op: 'none', op2: 'insertion', verdict: 'stt_error' },
    { ref: 'cat', hyp: 'cat', hyp2: 'cat', op: 'match', op2: 'match', verdict: 'pass' },
  ])
})

test('with one hypothesis, rows have no second column', () => {
  const [row] = scoreUtterance({ reference: 'hello', hypotheses: ['hello'] }).words
  assert.deepEqual(row, { ref: 'hello', hyp: 'hello', op: 'match', verdict: 'pass' })
})
