/** Caption cues from transcripts, and their SubRip and WebVTT text. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Transcript } from '../../../src/engines/asr/asr-engine.js'
import { captionCues, formatTimestamp, toSrt, toWebVtt } from '../../../src/engines/asr/captions.js'

test('timestamps: SubRip uses a comma, WebVTT a dot; hours roll over; milliseconds are rounded', () => {
  assert.equal(formatTimestamp(0, ','), '00:00:00,000')
  assert.equal(formatTimestamp(3661.2345, '.'), '01:01:01.235')
  assert.equal(formatTimestamp(59.9996, ','), '00:01:00,000')
  assert.equal(formatTimestamp(-1, ','), '00:00:00,000')
})

test('short segments are cues as they are', () => {
  const transcript: Transcript = {
    text: 'hello there how are you',
    segments: [
      { text: 'hello there', start: 0.2, end: 1.1 },
      { text: 'how are you', start: 2.5, end: 3.4 },
    ],
    durationSeconds: 4,
  }
  assert.equal(
    toSrt(captionCues(transcript)),
    '1\n00:00:00,200 --> 00:00:01,100\nhello there\n\n2\n00:00:02,500 --> 00:00:03,400\nhow are you\n\n',
  )
  assert.equal(
    toWebVtt(captionCues(transcript)),
    'WEBVTT\n\n00:00:00.200 --> 00:00:01.100\nhello there\n\n00:00:02.500 --> 00:00:03.400\nhow are you\n\n',
  )
})

test('a long segment is split at word boundaries: at most 84 characters and 7 seconds per cue', () => {
  const words = Array.from({ length: 40 }, (_, i) => ({ word: `word${i}`, start: i * 0.5, end: i * 0.5 + 0.4 }))
  const transcript: Transcript = {
    text: words.map((word) => word.word).join(' '),
    segments: [{ text: words.map((word) => word.word).join(' '), start: 0, end: 19.9 }],
    words,
    durationSeconds: 20,
  }
  const cues = captionCues(transcript)
  assert.ok(cues.length >= 3)
  assert.equal(cues.map((cue) => cue.text).join(' '), transcript.text, 'no word lost or repeated')
  for (const cue of cues) {
    assert.ok(cue.text.length <= 84, cue.text)
    assert.ok(cue.end - cue.start <= 7, `${cue.start}–${cue.end}`)
  }
})

test('without segments, words are grouped; without words either, one cue spans the audio; no text, no cues', () => {
  const words = [
    { word: 'one', start: 0.1, end: 0.4 },
    { word: 'two', start: 0.5, end: 0.9 },
  ]
  assert.deepEqual(captionCues({ text: 'one two', words, durationSeconds: 1 }), [{ start: 0, end: 1, text: 'one two' }])
  assert.deepEqual(captionCues({ text: 'just text', durationSeconds: 2.5 }), [
    { start: 0, end: 2.5, text: 'just text' },
  ])
  assert.deepEqual(captionCues({ text: '', durationSeconds: 2.5 }), [])
  assert.equal(toSrt([]), '')
  assert.equal(toWebVtt([]), 'WEBVTT\n\n')
})
