import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { runClosedLoop, runOpenLoop } from '../../src/bench/load/load-loops.js'
import { mulberry32, poissonSchedule } from '../../src/bench/load/poisson.js'
import type { RequestOutcome } from '../../src/bench/targets/target.js'

test('a Poisson schedule is reproducible from its seed and differs with another seed', () => {
  const options = { ratePerSecond: 20, maxArrivals: 50, maxSeconds: 100, seed: 42 }
  assert.deepEqual(poissonSchedule(options), poissonSchedule(options))
  assert.notDeepEqual(poissonSchedule(options), poissonSchedule({ ...options, seed: 43 }))
  const random = mulberry32(7)
  const draws = Array.from({ length: 1000 }, random)
  assert.ok(draws.every((value) => value >= 0 && value < 1))
})

test('a Poisson schedule has the asked mean rate and exponential gaps (coefficient of variation ≈ 1)', () => {
  const rate = 50
  const arrivals = poissonSchedule({ ratePerSecond: rate, maxArrivals: 5000, maxSeconds: 1000, seed: 1 })
  assert.equal(arrivals.length, 5000)
  const gaps = arrivals.map((at, index) => at - (index === 0 ? 0 : arrivals[index - 1]!))
  assert.ok(gaps.every((gap) => gap > 0))
  const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length
  // Mean gap 1000/λ = 20 ms; the standard error over 5000 gaps is 1.4 %, so 5 % is a wide margin.
  assert.ok(Math.abs(mean - 1000 / rate) / (1000 / rate) < 0.05, `mean gap ${mean} ms`)
  const sd = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length)
  assert.ok(Math.abs(sd / mean - 1) < 0.08, `coefficient of variation ${sd / mean}`)
})

test('a Poisson schedule stops at its request count or its time cap, whichever comes first', () => {
  assert.equal(poissonSchedule({ ratePerSecond: 10, maxArrivals: 7, maxSeconds: 1000, seed: 3 }).length, 7)
  const timed = poissonSchedule({ ratePerSecond: 10, maxArrivals: 10_000, maxSeconds: 5, seed: 3 })
  assert.ok(timed.length > 25 && timed.length < 80, `${timed.length} arrivals in 5 s at 10/s`)
  assert.ok(timed.at(-1)! <= 5000)
})

function fakeOutcome(index: number, latencyMs: number): RequestOutcome {
  return {
    kind: 'openai-chat',
    promptId: `p${index}`,
    ok: true,
    latencyMs,
    ttfaMs: null,
    firstAudibleMs: null,
    firstByteMs: null,
    audioSeconds: null,
    bytes: 0,
    status: 200,
  }
}

test('the closed loop never runs more than its concurrency at once and stops at its request count', async () => {
  let running = 0
  let most = 0
  const result = await runClosedLoop({
    concurrency: 3,
    maxRequests: 10,
    maxSeconds: 30,
    signal: new AbortController().signal,
    send: async (index) => {
      running++
      most = Math.max(most, running)
      await sleep(10)
      running--
      return fakeOutcome(index, 10)
    },
  })
  assert.equal(result.outcomes.length, 10)
  assert.equal(most, 3)
  assert.equal(result.stoppedBy, 'requests')
})

test('the closed loop stops starting requests at its time cap', async () => {
  const result = await runClosedLoop({
    concurrency: 1,
    maxRequests: 1000,
    maxSeconds: 0.2,
    signal: new AbortController().signal,
    send: async (index) => {
      await sleep(40)
      return fakeOutcome(index, 40)
    },
  })
  assert.equal(result.stoppedBy, 'time')
  assert.ok(result.outcomes.length >= 3 && result.outcomes.length <= 7, `${result.outcomes.length} requests`)
})

test('the open loop drops arrivals that find the in-flight cap reached and accounts for every arrival', async () => {
  let running = 0
  let most = 0
  const result = await runOpenLoop({
    ratePerSecond: 200,
    maxInFlight: 2,
    seed: 5,
    maxRequests: 40,
    maxSeconds: 5,
    signal: new AbortController().signal,
    send: async (index) => {
      running++
      most = Math.max(most, running)
      await sleep(60)
      running--
      return fakeOutcome(index, 60)
    },
  })
  const open = result.open!
  assert.equal(open.scheduled, 40)
  assert.equal(open.started + open.dropped, open.scheduled)
  assert.equal(result.outcomes.length, open.started)
  assert.ok(open.dropped > 10, `${open.dropped} dropped`)
  assert.ok(most <= 2)
  assert.equal(open.lateness_ms.count, open.started)
})

test('an aborted run stops the open loop without waiting for the rest of its schedule', async () => {
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 150).unref()
  const started = Date.now()
  const result = await runOpenLoop({
    ratePerSecond: 5,
    maxInFlight: 10,
    seed: 1,
    maxRequests: 100,
    maxSeconds: 60,
    signal: controller.signal,
    send: async (index) => fakeOutcome(index, 1),
  })
  assert.equal(result.stoppedBy, 'aborted')
  assert.ok(Date.now() - started < 2000)
})
