/**
 * The pieces of the voice-turn benchmark that need no server: finding the first complete sentence of a streamed
 * reply, the budget verdict, and the Markdown summary.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { emptyErrorCounts } from '../../src/bench/error-kinds.js'
import { summarize } from '../../src/bench/stats.js'
import { FirstSentenceDetector } from '../../src/bench/voice-turn/first-sentence.js'
import { NO_TIMINGS } from '../../src/bench/voice-turn/run-turn.js'
import { judgeVoiceTurns, type VoiceTurnReport } from '../../src/bench/voice-turn/run-voice-turns.js'
import { voiceTurnMarkdown } from '../../src/bench/voice-turn/summary-markdown.js'
import { tokensOf } from './chat-server.js'

/** Feeds `reply` token by token; returns the first sentence and how many tokens it took to know it. */
function detect(reply: string): { sentence: string | undefined; after: number | undefined; finished: string } {
  const detector = new FirstSentenceDetector()
  const tokens = tokensOf(reply)
  for (const [index, token] of tokens.entries()) {
    const sentence = detector.push(token)
    if (sentence !== undefined) return { sentence, after: index + 1, finished: detector.finish() }
  }
  return { sentence: undefined, after: undefined, finished: detector.finish() }
}

test('the first sentence is complete once the next word has started, not at the full stop', () => {
  const result = detect('Sure thing. The forecast says rain.')
  assert.equal(result.sentence, 'Sure thing.')
  assert.equal(result.after, 3, 'known when " The" arrives, the token after "thing."')
  const detector = new FirstSentenceDetector()
  assert.equal(detector.push('Sure.'), undefined)
  assert.equal(detector.push(' '), undefined, 'a space alone proves nothing')
  assert.equal(detector.push('Then'), 'Sure.')
  assert.equal(detector.push(' more.'), 'Sure.', 'later pieces keep the first sentence')
})

test('decimal numbers and abbreviations do not end the first sentence early', () => {
  assert.equal(detect('It costs 3.5 dollars today. Anything else?').sentence, 'It costs 3.5 dollars today.')
  assert.equal(detect('Dr. Smith is in. He can see you now.').sentence, 'Dr. Smith is in.')
  assert.equal(detect('Is it ready? Yes.').sentence, 'Is it ready?')
})

test('a one-sentence reply is only known when the stream ends, and is spoken whole', () => {
  const result = detect('Paris is sunny and warm today.')
  assert.equal(result.sentence, undefined)
  assert.equal(result.finished, 'Paris is sunny and warm today.')
  const unpunctuated = detect('  just some words  without   an end ')
  assert.equal(unpunctuated.finished, 'just some words without an end')
})

test('the verdict passes only with p95 time to first audio within budget and no failed turn', () => {
  const fast = summarize([400, 500, 600])
  assert.equal(judgeVoiceTurns(fast, 0, 900).verdict, 'pass')
  const over = judgeVoiceTurns(summarize([400, 500, 1200]), 0, 900)
  assert.equal(over.verdict, 'fail')
  const ttfa = over.criteria.find((item) => item.name === 'turn_ttfa_p95_ms')!
  assert.equal(ttfa.pass, false)
  assert.ok(ttfa.value! > 900 && ttfa.value! < 1200, `p95 interpolated between 500 and 1200: ${ttfa.value}`)
  const failedTurn = judgeVoiceTurns(fast, 1, 900)
  assert.equal(failedTurn.verdict, 'fail')
  assert.equal(failedTurn.criteria.find((item) => item.name === 'failed_turns')!.pass, false)
  const nothing = judgeVoiceTurns(summarize([]), 0, 900)
  assert.equal(nothing.verdict, 'fail', 'no successful turn: time to first audio was never measured')
  assert.equal(nothing.criteria[0]!.value, null)
})

test('the Markdown summary leads with the verdict and lists failed turns with stage and kind', () => {
  const empty = summarize([])
  const timings = { ...NO_TIMINGS, asr_ms: 120, turn_ms: 130 }
  const report: VoiceTurnReport = {
    schema: 'chorus-voice-turn/1',
    chorus_version: '0.0.0',
    started_at: '2026-01-01T00:00:00.000Z',
    finished_at: '2026-01-01T00:00:01.000Z',
    endpoints: {
      asr: 'http://a/v1/audio/transcriptions',
      llm: 'http://b/v1/chat/completions',
      tts: 'http://a/v1/audio/speech',
    },
    models: { asr: 'whisper-1', llm: 'm', tts: 'tts-1' },
    voice: 'alloy',
    input: { source: 'file turn.wav', seconds: 1.5, spoken_text: null },
    budget_ms: 900,
    turns: { requested: 1, warmup: 0, measured: 1, ok: 0, failed: 1, stopped_by: 'turns' },
    stages: Object.fromEntries(
      [
        'asr_ms',
        'llm_ttft_ms',
        'llm_first_sentence_ms',
        'llm_total_ms',
        'tts_ttfa_ms',
        'tts_total_ms',
        'time_to_first_audio_ms',
        'turn_ms',
      ].map((name) => [name, empty]),
    ) as VoiceTurnReport['stages'],
    errors: { asr: emptyErrorCounts(), llm: { ...emptyErrorCounts(), http_5xx: 1 }, tts: emptyErrorCounts() },
    verdict: judgeVoiceTurns(empty, 1, 900),
    percentile_method: 'type 7',
    turn_log: [
      {
        index: 1,
        warmup: false,
        ok: false,
        timings,
        transcript: 'hello | there',
        reply: null,
        spokenSentence: null,
        speechSeconds: null,
        failure: { stage: 'llm', kind: 'http_5xx', message: 'HTTP 500: model exploded' },
      },
    ],
  }
  const markdown = voiceTurnMarkdown(report)
  assert.match(markdown, /^# Voice turn: FAIL \(budget 900 ms\)/)
  assert.match(markdown, /\| 1 \| llm \| `http_5xx` \| HTTP 500: model exploded \|/)
  assert.match(markdown, /hello \\\| there/, 'a pipe in a transcript cannot break the table')
  assert.match(markdown, /\| `turn_ttfa_p95_ms` \| not measured \| ≤ 900 \| \*\*no\*\* \|/)
})
