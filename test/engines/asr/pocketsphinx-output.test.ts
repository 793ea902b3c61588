/** The readers for pocketsphinx_continuous and pocketsphinx_batch output, on output captured from the real programs. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  parseBatchHypotheses,
  parseBatchSegmentation,
  parseContinuousOutput,
  spokenWord,
} from '../../../src/engines/asr/pocketsphinx/output.js'

// `pocketsphinx_continuous -infile … -time yes` on two Flite sentences with two seconds of silence between them.
const TWO_UTTERANCES = `the quick brown fox jumped over the lazy dog
<s> 0.000 0.160 0.999900
the 0.170 0.270 0.600520
quick 0.280 0.530 0.983830
brown 0.540 0.860 0.999800
fox 0.870 1.180 0.999800
jumped 1.190 1.480 0.167595
over 1.490 1.720 0.999400
the 1.730 1.780 0.893586
lazy 1.790 2.210 0.108897
dog 2.220 2.410 0.089012
</s> 2.420 2.840 1.000000
please call still and ask her
<s> 4.680 4.750 0.999700
please 4.760 5.030 0.954655
call 5.040 5.360 0.947142
<sil> 5.361 5.369 0.800000
still 5.370 5.710 0.673649
[NOISE] 5.711 5.719 0.500000
and(2) 5.720 5.890 0.409383
ask 5.900 6.150 0.448883
her 6.160 6.290 0.429386
</s> 6.300 6.420 1.000000
`

test('continuous output: one segment per utterance, fillers dropped, pronunciation variants stripped', () => {
  const result = parseContinuousOutput(TWO_UTTERANCES)
  assert.equal(result.text, 'the quick brown fox jumped over the lazy dog please call still and ask her')
  assert.deepEqual(result.segments, [
    { text: 'the quick brown fox jumped over the lazy dog', start: 0.17, end: 2.41 },
    { text: 'please call still and ask her', start: 4.76, end: 6.29 },
  ])
  assert.equal(result.words.length, 15)
  assert.deepEqual(result.words[12], { word: 'and', start: 5.72, end: 5.89, confidence: 0.409383 })
  assert.ok(result.words.every((word) => !/[<[(]/.test(word.word)))
})

test('continuous output: an utterance with nothing recognized adds nothing; empty output is an empty transcript', () => {
  const result = parseContinuousOutput(
    '\n<s> 0.000 0.500 1.000000\n</s> 0.510 0.900 1.000000\nhello\n<s> 1.000 1.100 1.0\nhello(2) 1.110 1.500 0.9\n</s> 1.510 1.600 1.0\n',
  )
  assert.equal(result.text, 'hello')
  assert.deepEqual(result.segments, [{ text: 'hello', start: 1.11, end: 1.5 }])
  assert.deepEqual(parseContinuousOutput(''), { text: '', words: [], segments: [] })
})

test('spokenWord drops markers and fillers of every style and keeps real words', () => {
  for (const token of ['<s>', '</s>', '<sil>', '[NOISE]', '[SPEECH]', '++UH++', '+BREATH+'])
    assert.equal(spokenWord(token), undefined, token)
  assert.equal(spokenWord('to(3)'), 'to')
  assert.equal(spokenWord("it's"), "it's")
})

// `pocketsphinx_batch -hyp … -hypseg …` for two clips, the second with nothing recognized.
const HYP = `the quick brown fox jumped over the lazy dog (clip-000000 -10899)
 (clip-000001 -512)
`
const HYPSEG = `clip-000000 S 0 T -7784053 A -7781376 L -2677 0 -135168 0 <s> 17 -260096 -190 the 28 -412672 -618 quick 54 -856064 -305 brown 87 -476160 -47 fox 119 -1554432 -134 jumped 150 -586752 -252 over 172 -191488 -51 the 179 -1475584 -570 lazy 222 -916480 -397 dog 242 -916480 -113 </s> 250
clip-000001 S 0 T -512 A -512 L 0 0 -256 0 <s> 40 -256 0 </s> 90
`

test('batch hypotheses: text per utterance id, empty for an utterance with no words', () => {
  assert.deepEqual(
    [...parseBatchHypotheses(HYP)],
    [
      ['clip-000000', 'the quick brown fox jumped over the lazy dog'],
      ['clip-000001', ''],
    ],
  )
})

test('batch segmentation: frames at 100 per second, each word ending where the next segment starts', () => {
  const words = parseBatchSegmentation(HYPSEG)
  const first = words.get('clip-000000')!
  assert.deepEqual(
    first.map((word) => word.word),
    ['the', 'quick', 'brown', 'fox', 'jumped', 'over', 'the', 'lazy', 'dog'],
  )
  assert.deepEqual(first[0], { word: 'the', start: 0.17, end: 0.28 })
  assert.deepEqual(first.at(-1), { word: 'dog', start: 2.22, end: 2.42 })
  assert.deepEqual(words.get('clip-000001'), [])
})
