/**
 * runCompare against real Chorus servers on 127.0.0.1 (the embedded flite engine behind the OpenAI speech route),
 * three short prompts each: the same voice on two instances is parity; two different voices are not; an instance
 * behind a real HTTP proxy that holds every request back fails the latency criterion and nothing else; a standby that
 * refuses connections fails on its error rate instead of crashing the run.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { durationSeconds } from '../../../src/audio/pcm.js'
import { parseCompareSpec, runCompare, type CompareResult } from '../../../src/bench/compare/index.js'
import { loadEvalSet } from '../../../src/lab/eval-sets/index.js'
import type { ChorusServer } from '../../../src/server/chorus-server.js'
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js'
import { startTestServer } from '../../helpers/server.js'

/** Short sentences from the shipped eval sets. */
const PROMPT_IDS = ['short_plain', 'numbers_01', 'negations_07']

let first: ChorusServer
let second: ChorusServer
let proxy: FaultProxy
let items: { id: string; text: string; reference: string }[]

before(async () => {
  ;[first, second] = await Promise.all([startTestServer(), startTestServer()])
  proxy = await startFaultProxy(second.url)
  const sets = [...(await loadEvalSet('scenarios')).items, ...(await loadEvalSet('categories')).items]
  items = PROMPT_IDS.map((id) => {
    const item = sets.find((candidate) => candidate.id === id)!
    return { id: item.id, text: item.text, reference: item.reference }
  })
})

after(async () => {
  await proxy.close()
  await Promise.all([first.close(), second.close()])
})

function failing(result: CompareResult): string[] {
  return result.criteria.filter((item) => !item.pass).map((item) => item.name)
}

function value(result: CompareResult, name: string): number | null {
  return result.criteria.find((item) => item.name === name)!.value
}

const signal = (): AbortSignal => AbortSignal.timeout(120_000)

describe('chorus compare on real backends', () => {
  test('the same voice on two Chorus instances is parity, down to identical audio', async () => {
    const spec = parseCompareSpec({
      a: `${first.url}#slt`,
      b: `${second.url}#slt`,
      prompts: { items },
      // Nine requests a side, so one scheduling hiccup on a busy machine cannot carry the p95 alone.
      rounds: 3,
      asr: ['pocketsphinx'],
    })
    const result = await runCompare(spec, { signal: signal(), keepAudio: true })
    assert.equal(result.verdict, 'parity', JSON.stringify(result.criteria))
    assert.deepEqual(
      result.criteria.map((item) => item.name),
      ['mean_similarity', 'wer_delta', 'latency_ratio_p95', 'error_rate_delta'],
    )
    assert.ok(value(result, 'mean_similarity')! > 0.999, `similarity ${value(result, 'mean_similarity')}`)
    assert.equal(value(result, 'wer_delta'), 0)
    assert.equal(value(result, 'error_rate_delta'), 0)
    assert.equal(result.pairs.measured, 9)
    assert.equal(result.sides.a.requests, 9)
    assert.equal(result.sides.b.ok, 9)
    assert.equal(result.sides.a.warmup.requests, 1)
    assert.equal(result.sides.a.latency_ms.count, 9)
    assert.deepEqual(result.asr, ['pocketsphinx'])
    // The clips themselves: decoded PCM from both servers, the same length and the same samples.
    for (const row of result.prompts) {
      const a = result.samples!.a[row.id]!
      const b = result.samples!.b[row.id]!
      assert.ok(durationSeconds(a) > 0.5, `${row.id} is speech, ${durationSeconds(a)} s`)
      assert.equal(a.samples.length, b.samples.length)
      assert.deepEqual(Buffer.from(a.samples.buffer), Buffer.from(b.samples.buffer))
      assert.equal(row.duration_ratio, 1)
      assert.equal(row.latency_a_ms.length, 3)
      assert.equal(row.wer_a, row.wer_b)
      assert.ok(row.transcript_a && row.transcript_a.length > 0, `${row.id} was transcribed`)
    }
  })

  test('two different embedded voices are not parity, on speaker similarity', async () => {
    const spec = parseCompareSpec({ a: `${first.url}#slt`, b: `${second.url}#rms`, prompts: { items }, asr: false })
    const result = await runCompare(spec, { signal: signal() })
    assert.equal(result.verdict, 'not_parity')
    assert.ok(failing(result).includes('mean_similarity'), JSON.stringify(result.criteria))
    // Measured 0.72 on average for slt against rms over 35 prompts; far below the 0.93 line.
    assert.ok(value(result, 'mean_similarity')! < 0.85, `similarity ${value(result, 'mean_similarity')}`)
    assert.deepEqual(result.skipped_criteria, ['wer_delta'])
    assert.equal(result.samples, undefined)
    assert.equal(result.sides.b.errors, 0)
    for (const row of result.prompts)
      assert.ok(row.similarity !== null && row.similarity < 0.9, `${row.id}: ${row.similarity}`)
  })

  test('a degraded upstream (a proxy holding requests 600 ms) fails the latency criterion alone', async () => {
    await proxy.setMode('delay', { delayMs: 600 })
    try {
      const spec = parseCompareSpec({ a: `${first.url}#slt`, b: `${proxy.url}#slt`, prompts: { items }, asr: false })
      const result = await runCompare(spec, { signal: signal() })
      assert.equal(result.verdict, 'not_parity')
      assert.deepEqual(failing(result), ['latency_ratio_p95'])
      assert.ok(value(result, 'latency_ratio_p95')! > 1.5)
      assert.ok(result.sides.b.latency_ms.min >= 600, `every B request waited: ${result.sides.b.latency_ms.min} ms`)
      assert.ok(result.measures.latency_ratio_p50! > 1.5)
      assert.equal(proxy.stats.requests.delay, 4, 'one warm-up and three measured requests went through the proxy')
    } finally {
      await proxy.setMode('pass')
    }
  })

  test('a standby that refuses connections is not parity on its error rate, and the run still reports', async () => {
    await proxy.setMode('refuse')
    try {
      const spec = parseCompareSpec({ a: `${first.url}#slt`, b: `${proxy.url}#slt`, prompts: { items }, asr: false })
      const result = await runCompare(spec, { signal: signal() })
      assert.equal(result.verdict, 'not_parity')
      assert.equal(result.sides.b.error_rate, 1)
      assert.equal(result.sides.b.errors_by_kind.connect, 3)
      assert.equal(result.sides.a.error_rate, 0)
      assert.equal(value(result, 'error_rate_delta'), 1)
      assert.deepEqual(failing(result).sort(), ['error_rate_delta', 'latency_ratio_p95', 'mean_similarity'])
      assert.equal(value(result, 'mean_similarity'), null, 'nothing to compare a voice with')
      assert.equal(result.prompts[0]!.errors_b.length, 1)
      assert.match(result.prompts[0]!.errors_b[0]!, /^connect: /)
    } finally {
      await proxy.setMode('pass')
    }
  })
})
