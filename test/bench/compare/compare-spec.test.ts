/**
 * The parts of `chorus compare` that decide before and after the requests: how a side is read from the command line,
 * what a spec accepts, the interleaved order, and the verdict JSON the criteria make.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { comparePairs } from '../../../src/bench/compare/schedule.js'
import {
  COMPARE_CRITERIA,
  CRITERION_NAMES,
  judgeCompare,
  parseCompareSpec,
  parseCompareThresholds,
  parseSide,
  sideLabel,
} from '../../../src/bench/compare/index.js'
import { ChorusError } from '../../../src/errors.js'

function rejects(work: () => unknown, pattern: RegExp): void {
  assert.throws(work, (error: unknown) => {
    assert.ok(error instanceof ChorusError, `a ChorusError, got ${String(error)}`)
    assert.equal(error.code, 'CHORUS_ERR_COMPARE_SPEC_INVALID')
    assert.match(error.message, pattern)
    return true
  })
}

test('a side is backend-id[:voice] or URL#voice, and writes back the way it was read', () => {
  assert.deepEqual(parseSide('flite-wasi'), { backend: 'flite-wasi' })
  assert.deepEqual(parseSide('flite-wasi:slt'), { backend: 'flite-wasi', voice: 'slt' })
  assert.deepEqual(parseSide('http://127.0.0.1:8880#alloy'), { url: 'http://127.0.0.1:8880', voice: 'alloy' })
  assert.deepEqual(parseSide('https://standby.example:443/v1/audio/speech#af_bella'), {
    url: 'https://standby.example:443/v1/audio/speech',
    voice: 'af_bella',
  })
  for (const text of ['flite-wasi:slt', 'http://127.0.0.1:8880#alloy', 'kokoro']) {
    assert.equal(sideLabel(parseSide(text)), text)
  }
})

test('malformed sides are refused with a message that says how to write them', () => {
  rejects(() => parseSide('http://127.0.0.1:8880'), /names its voice after #/)
  rejects(() => parseSide('http://127.0.0.1:8880#'), /nothing after #/)
  rejects(() => parseSide('127.0.0.1:8880#slt'), /starts with http:\/\/ or https:\/\//)
  rejects(() => parseSide('ftp://127.0.0.1/#slt'), /not an http:\/\/ or https:\/\/ URL/)
  rejects(() => parseSide('flite-wasi:'), /nothing after :/)
  rejects(() => parseSide('flite wasi'), /not a backend id/)
  rejects(() => parseSide('http://127.0.0.1:8880/v1/tts#slt'), /chatterbox-tts endpoint, not openai-speech/)
  rejects(() => parseSide(''), /is empty/)
})

test('a spec takes sides in either form, fills defaults, and names the field it refuses', () => {
  const spec = parseCompareSpec({
    a: 'flite-wasi:slt',
    b: { url: 'http://127.0.0.1:9/v1', voice: 'slt', model: 'tts-1-hd' },
  })
  assert.deepEqual(spec.a, { backend: 'flite-wasi', voice: 'slt' })
  assert.deepEqual(spec.b, { url: 'http://127.0.0.1:9/v1', voice: 'slt', model: 'tts-1-hd' })
  assert.deepEqual(spec.prompts, { set: 'scenarios' })
  assert.equal(spec.rounds, 1)
  assert.equal(spec.warmup, 1)
  assert.equal(spec.embedder, 'builtin')
  assert.equal(spec.asr, undefined)
  assert.deepEqual(spec.thresholds, {})
  // What a stored spec.json holds parses back to the same spec.
  assert.deepEqual(parseCompareSpec(JSON.parse(JSON.stringify(spec))), spec)

  rejects(
    () => parseCompareSpec({ a: 'http://127.0.0.1:1', b: 'x' }),
    /a `http:\/\/127.0.0.1:1`: a URL side names its voice/,
  )
  rejects(() => parseCompareSpec({ a: 'x', b: 'y', rounds: 0 }), /rounds: /)
  rejects(() => parseCompareSpec({ a: 'x', b: 'y', thresholds: { mean_similarty: 0.9 } }), /thresholds/)
  rejects(
    () => parseCompareSpec({ a: 'x', b: 'y', embedder: 'ecapa.onnx' }),
    /embedder: expected `builtin` or `onnx:<model path>`/,
  )
  rejects(() => parseCompareSpec({ a: 'x', b: 'y', asr: [] }), /asr/)
  rejects(() => parseCompareSpec({ a: 'x' }), /b: /)
})

test('--threshold takes criterion=value and suggests the criterion meant', () => {
  assert.deepEqual(parseCompareThresholds(['latency_ratio_p95=2', 'mean_similarity=0.8']), {
    latency_ratio_p95: 2,
    mean_similarity: 0.8,
  })
  rejects(
    () => parseCompareThresholds(['mean_similarty=0.9']),
    /unknown criterion `mean_similarty`; did you mean `mean_similarity`\?/,
  )
  rejects(() => parseCompareThresholds(['wer_delta=five']), /wer_delta expects a number/)
  rejects(() => parseCompareThresholds(['wer_delta']), /criterion=value/)
})

test('pairs alternate which side goes first, across prompts and rounds', () => {
  const pairs = comparePairs(3, 2)
  assert.equal(pairs.length, 6)
  assert.deepEqual(
    pairs.map((pair) => [pair.round, pair.prompt, pair.order.join('')]),
    [
      [0, 0, 'ab'],
      [0, 1, 'ba'],
      [0, 2, 'ab'],
      [1, 0, 'ba'],
      [1, 1, 'ab'],
      [1, 2, 'ba'],
    ],
  )
  // With an odd number of prompts, each prompt is led by each side across two rounds.
  for (let prompt = 0; prompt < 3; prompt++) {
    assert.deepEqual(
      new Set(pairs.filter((pair) => pair.prompt === prompt).map((pair) => pair.order[0])),
      new Set(['a', 'b']),
    )
  }
})

test('the verdict JSON lists every criterion with value, threshold and pass; one failure makes not_parity', () => {
  const good = { mean_similarity: 0.99, wer_delta: 0, latency_ratio_p95: 1.1, error_rate_delta: 0 }
  const parity = judgeCompare(good, {}, { withAsr: true })
  assert.equal(parity.verdict, 'parity')
  assert.deepEqual(
    JSON.parse(JSON.stringify(parity.criteria)).map(({ name, value, threshold, pass }: Record<string, unknown>) => ({
      name,
      value,
      threshold,
      pass,
    })),
    [
      { name: 'mean_similarity', value: 0.99, threshold: 0.93, pass: true },
      { name: 'wer_delta', value: 0, threshold: 0.05, pass: true },
      { name: 'latency_ratio_p95', value: 1.1, threshold: 1.5, pass: true },
      { name: 'error_rate_delta', value: 0, threshold: 0.01, pass: true },
    ],
  )
  const slow = judgeCompare({ ...good, latency_ratio_p95: 1.6 }, {}, { withAsr: true })
  assert.equal(slow.verdict, 'not_parity')
  assert.deepEqual(
    slow.criteria.filter((item) => !item.pass).map((item) => item.name),
    ['latency_ratio_p95'],
  )
  // An override moves the line; an unmeasurable value fails.
  assert.equal(
    judgeCompare({ ...good, latency_ratio_p95: 1.6 }, { latency_ratio_p95: 2 }, { withAsr: true }).verdict,
    'parity',
  )
  const unmeasured = judgeCompare({ ...good, mean_similarity: null }, {}, { withAsr: true })
  assert.equal(unmeasured.verdict, 'not_parity')
  assert.equal(unmeasured.criteria[0]!.value, null)
  // Without ASR the WER criterion is skipped, not failed.
  const noAsr = judgeCompare({ ...good, wer_delta: null }, {}, { withAsr: false })
  assert.equal(noAsr.verdict, 'parity')
  assert.deepEqual(noAsr.skipped, ['wer_delta'])
  assert.deepEqual(
    noAsr.criteria.map((item) => item.name),
    CRITERION_NAMES.filter((name) => name !== 'wer_delta'),
  )
  assert.equal(COMPARE_CRITERIA.mean_similarity.bound, 'min')
})
