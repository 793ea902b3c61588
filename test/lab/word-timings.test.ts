/**
 * The word-timing aligner on hand-made recognizer output: heard words are mapped onto the input's own words, missed
 * words are interpolated between their neighbours in proportion to their length, inserted words are absorbed, and
 * whatever the recognizer did, every input word gets one span, in order, without overlaps, inside the clip.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  alignWordTimings,
  inputWords,
  speechBounds,
  timeInputWords,
  type InputWordTiming,
  type SpeechBounds,
  type TimedWord,
  type WordRecognizer,
} from '../../src/lab/word-timings.js'
import { ChorusError } from '../../src/errors.js'

const BOUNDS: SpeechBounds = { durationSeconds: 4, speechStart: 0.1, speechEnd: 3.8 }

/** "the[0.1-0.3] quick[0.3-0.6] …": back to back, as pocketsphinx reports them. */
function heard(...entries: [string, number, number][]): TimedWord[] {
  return entries.map(([word, start, end]) => ({ word, start, end }))
}

function assertCoverage(text: string, timings: readonly InputWordTiming[], bounds: SpeechBounds = BOUNDS): void {
  assert.deepEqual(
    timings.map((timing) => timing.word),
    inputWords(text).map((word) => word.text),
    'one timing per input word, in order',
  )
  let previousEnd = 0
  for (const timing of timings) {
    assert.ok(
      timing.start >= previousEnd,
      `${timing.word} starts at ${timing.start}, before the previous end ${previousEnd}`,
    )
    assert.ok(timing.end >= timing.start, `${timing.word} ends before it starts`)
    assert.ok(timing.end <= bounds.durationSeconds, `${timing.word} ends after the clip`)
    previousEnd = timing.end
  }
}

const spanOf = (timings: readonly InputWordTiming[], word: string): [number, number] => {
  const timing = timings.find((candidate) => candidate.word === word)
  assert.ok(timing, `no timing for ${word}`)
  return [timing.start, timing.end]
}

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`)

describe('input words', () => {
  test('are the input’s own tokens with edge punctuation trimmed, dotted acronyms keeping their stop', () => {
    const words = inputWords('“Dr. Smith,” she said—paying $3.50 at 3:30 p.m. (sharp) & U.S.A. … done!')
    assert.deepEqual(
      words.map((word) => word.text),
      ['Dr', 'Smith', 'she', 'said', 'paying', '$3.50', 'at', '3:30', 'p.m.', 'sharp', '&', 'U.S.A.', 'done'],
    )
  })

  test('carry the normalized words they are matched by', () => {
    const byText = new Map(inputWords('Dr. paid $3.50 (sharp) um').map((word) => [word.text, word.normalized]))
    assert.deepEqual(byText.get('Dr'), ['doctor'])
    assert.deepEqual(byText.get('$3.50'), ['three', 'dollars', 'fifty', 'cents'])
    assert.deepEqual(byText.get('sharp'), ['sharp'], 'brackets group here; they do not mark an unspoken span')
    assert.deepEqual(byText.get('um'), [], 'a filler is a word with nothing to match')
  })
})

describe('alignWordTimings', () => {
  test('words heard exactly take the recognizer’s spans', () => {
    const text = 'The quick brown fox.'
    const timings = alignWordTimings(
      inputWords(text),
      heard(['the', 0.1, 0.3], ['quick', 0.3, 0.7], ['brown', 0.7, 1.1], ['fox', 1.1, 1.5]),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.deepEqual(
      timings.map((timing) => [timing.start, timing.end, timing.heard]),
      [
        [0.1, 0.3, true],
        [0.3, 0.7, true],
        [0.7, 1.1, true],
        [1.1, 1.5, true],
      ],
    )
  })

  test('a missed word with room between its neighbours is put in the gap', () => {
    const text = 'the quick brown fox'
    const timings = alignWordTimings(
      inputWords(text),
      heard(['the', 0.1, 0.3], ['brown', 0.8, 1.1], ['fox', 1.1, 1.5]),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.deepEqual(spanOf(timings, 'quick'), [0.3, 0.8])
    assert.equal(timings[1]!.heard, false)
  })

  test('missed words in one gap share it in proportion to their length', () => {
    const text = 'go to extraordinary lengths'
    // "to" (2 letters) and "extraordinary" (13) missed; the gap 0.4–1.9 s is split 2 : 13.
    const timings = alignWordTimings(inputWords(text), heard(['go', 0.1, 0.4], ['lengths', 1.9, 2.4]), BOUNDS)
    assertCoverage(text, timings)
    const [toStart, toEnd] = spanOf(timings, 'to')
    const [extraStart, extraEnd] = spanOf(timings, 'extraordinary')
    close(toStart, 0.4, 'to starts where go ends')
    close(toEnd, 0.4 + (1.5 * 2) / 15, 'to ends after 2/15 of the gap')
    close(extraStart, toEnd, 'extraordinary follows to')
    close(extraEnd, 1.9, 'extraordinary ends where lengths starts')
  })

  test('a missed word between back-to-back neighbours shares their span with them', () => {
    // pocketsphinx gives the audio of a word it misses to a neighbour, so there is no gap to put it in.
    const text = 'near the river'
    const timings = alignWordTimings(inputWords(text), heard(['near', 1.0, 1.4], ['river', 1.4, 1.9]), BOUNDS)
    assertCoverage(text, timings)
    // near (4) + the (3) + river (5) share 1.0–1.9 s.
    const [nearStart, nearEnd] = spanOf(timings, 'near')
    const [theStart, theEnd] = spanOf(timings, 'the')
    const [riverStart, riverEnd] = spanOf(timings, 'river')
    close(nearStart, 1.0, 'near start')
    close(nearEnd, 1.0 + (0.9 * 4) / 12, 'near end')
    close(theStart, nearEnd, 'the start')
    close(theEnd, 1.0 + (0.9 * 7) / 12, 'the end')
    close(riverStart, theEnd, 'river start')
    close(riverEnd, 1.9, 'river end')
    assert.equal(timings[1]!.heard, false)
    assert.equal(timings[0]!.heard && timings[2]!.heard, true)
  })

  test('missed first and last words are placed inside the speech, not in the silence around it', () => {
    const text = 'well the dog barked loudly'
    const timings = alignWordTimings(
      inputWords(text),
      heard(['the', 0.9, 1.1], ['dog', 1.1, 1.5], ['barked', 1.5, 2.0]),
      BOUNDS,
    )
    assertCoverage(text, timings)
    // Speech starts at 0.1 s: "well" gets 0.1–0.9 s, not 0–0.9 s; "loudly" gets 2.0 s to the speech end, 3.8 s.
    assert.deepEqual(spanOf(timings, 'well'), [0.1, 0.9])
    assert.deepEqual(spanOf(timings, 'loudly'), [2.0, 3.8])
  })

  test('a substituted word takes the span of the word heard in its place', () => {
    const text = 'the lazy dog near the bank'
    const timings = alignWordTimings(
      inputWords(text),
      heard(
        ['the', 0.1, 0.2],
        ['lazy', 0.2, 0.6],
        ['gardener', 0.6, 1.0],
        ['near', 1.0, 1.2],
        ['the', 1.2, 1.3],
        ['bank', 1.3, 1.7],
      ),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.deepEqual(spanOf(timings, 'dog'), [0.6, 1.0])
    assert.equal(timings[2]!.heard, true)
  })

  test('one input word heard as several takes all their spans', () => {
    const text = 'players from Reykjavik quizzed him'
    const timings = alignWordTimings(
      inputWords(text),
      heard(
        ['players', 0.1, 0.5],
        ['from', 0.5, 0.7],
        ['making', 0.7, 1.0],
        ['big', 1.0, 1.2],
        ['plays', 1.2, 1.5],
        ['quizzed', 1.5, 1.9],
        ['him', 1.9, 2.1],
      ),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.deepEqual(spanOf(timings, 'Reykjavik'), [0.7, 1.5])
    assert.deepEqual(spanOf(timings, 'quizzed'), [1.5, 1.9])
  })

  test('a word the recognizer inserted between matched words is left out', () => {
    const text = 'the river bank'
    const timings = alignWordTimings(
      inputWords(text),
      heard(['the', 0.1, 0.2], ['uh', 0.2, 0.4], ['river', 0.4, 0.8], ['bank', 0.8, 1.2], ['and', 1.2, 1.4]),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.deepEqual(
      timings.map((timing) => [timing.start, timing.end]),
      [
        [0.1, 0.2],
        [0.4, 0.8],
        [0.8, 1.2],
      ],
    )
  })

  test('written forms are matched by what is said: numbers, currency, abbreviations', () => {
    const text = 'Dr. Smith paid $3.50 at 3:30 p.m.'
    const timings = alignWordTimings(
      inputWords(text),
      heard(
        ['dr', 0.16, 0.58],
        ['smith', 0.59, 0.91],
        ['paid', 0.92, 1.22],
        ['three', 1.23, 1.5],
        ['dollars', 1.51, 1.88],
        ['fifty', 1.89, 2.28],
        ['cents', 2.29, 2.67],
        ['at', 2.68, 2.81],
        ['three', 2.82, 3.08],
        ['thirty', 3.09, 3.45],
        ['pm', 3.46, 3.79],
      ),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.deepEqual(
      timings.map((timing) => [timing.word, timing.start, timing.end]),
      [
        ['Dr', 0.16, 0.58],
        ['Smith', 0.59, 0.91],
        ['paid', 0.92, 1.22],
        ['$3.50', 1.23, 2.67],
        ['at', 2.68, 2.81],
        ['3:30', 2.82, 3.45],
        ['p.m.', 3.46, 3.79],
      ],
    )
    assert.ok(timings.every((timing) => timing.heard))
  })

  test('a filler the recognizer cannot report is interpolated where it was said', () => {
    const text = 'um hello there'
    const timings = alignWordTimings(inputWords(text), heard(['hello', 0.5, 0.9], ['there', 0.9, 1.3]), BOUNDS)
    assertCoverage(text, timings)
    assert.deepEqual(spanOf(timings, 'um'), [0.1, 0.5])
  })

  test('nothing heard: the speech is shared out by word length', () => {
    const text = 'a bb cccc'
    const timings = alignWordTimings(inputWords(text), [], { durationSeconds: 2, speechStart: 0.2, speechEnd: 1.6 })
    assertCoverage(text, timings, { durationSeconds: 2, speechStart: 0.2, speechEnd: 1.6 })
    // Weights 1 : 2 : 4 over 1.4 s.
    const expected = [
      [0.2, 0.4],
      [0.4, 0.8],
      [0.8, 1.6],
    ]
    timings.forEach((timing, index) => {
      close(timing.start, expected[index]![0]!, `${timing.word} start`)
      close(timing.end, expected[index]![1]!, `${timing.word} end`)
      assert.equal(timing.heard, false)
    })
  })

  test('heard nothing like the text: still one span per word, in order, inside the clip', () => {
    const text = 'Xylophone players from Reykjavik quizzed Mbappé about Nietzsche’s zeitgeist.'
    const timings = alignWordTimings(
      inputWords(text),
      heard(['zarrella', 0.25, 0.62], ['phone', 0.63, 1.0], ['p', 3.13, 3.37], ['p', 3.38, 3.79], ['just', 4.4, 4.72]),
      { durationSeconds: 5.62, speechStart: 0.2, speechEnd: 5.5 },
    )
    assertCoverage(text, timings, { durationSeconds: 5.62, speechStart: 0.2, speechEnd: 5.5 })
  })

  test('spans a recognizer reports out of order or past the clip are still put in order inside it', () => {
    const text = 'one two three'
    const timings = alignWordTimings(
      inputWords(text),
      heard(['three', 3.5, 4.6], ['one', 0.1, 0.5], ['two', 0.4, 0.9]),
      BOUNDS,
    )
    assertCoverage(text, timings)
    assert.equal(timings.at(-1)!.end, BOUNDS.durationSeconds)
  })
})

describe('timeInputWords', () => {
  const tone = { samples: Float32Array.from({ length: 16_000 }, (_, i) => 0.5 * Math.sin(i / 5)), sampleRate: 16_000 }
  const signal = new AbortController().signal

  test('uses the engine’s own word timings when it gives them, without asking a recognizer', async () => {
    const recognizer: WordRecognizer = {
      transcribe: () => Promise.reject(new Error('the recognizer must not be asked')),
    }
    const result = await timeInputWords({
      text: 'Hello, world!',
      audio: tone,
      engineWords: heard(['Hello', 0.0, 0.4], ['world', 0.45, 0.9]),
      recognizer,
      signal,
    })
    assert.deepEqual(result.source, { kind: 'engine' })
    assert.deepEqual(
      result.words.map((word) => [word.word, word.start, word.end]),
      [
        ['Hello', 0, 0.4],
        ['world', 0.45, 0.9],
      ],
    )
    assert.equal(result.interpolated, 0)
  })

  test('falls back to length alone, saying why, when the recognizer fails', async () => {
    const recognizer: WordRecognizer = {
      transcribe: () =>
        Promise.reject(new ChorusError('CHORUS_ERR_ASR_FAILED', { engine: 'pocketsphinx', reason: 'not installed' })),
    }
    const result = await timeInputWords({ text: 'one two', audio: tone, recognizer, signal })
    assert.equal(result.source.kind, 'interpolated')
    assert.match(result.source.kind === 'interpolated' ? result.source.reason : '', /not installed/)
    assert.equal(result.interpolated, 2)
    assertCoverage('one two', result.words, speechBounds(tone))
  })

  test('a cancelled request is not papered over', async () => {
    const controller = new AbortController()
    const recognizer: WordRecognizer = {
      transcribe: () => {
        controller.abort(new Error('client disconnected'))
        return Promise.reject(new ChorusError('CHORUS_ERR_ABORTED', {}))
      },
    }
    await assert.rejects(
      timeInputWords({ text: 'one two', audio: tone, recognizer, signal: controller.signal }),
      (error: unknown) => error instanceof ChorusError && error.code === 'CHORUS_ERR_ABORTED',
    )
  })
})
