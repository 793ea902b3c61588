import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { runTimedClosedLoop } from '../../bench/lib/timed-closed-loop.js'
import { runClosedLoop, runOpenLoop } from '../../src/bench/load/load-loops.js'
import { poissonSchedule } from '../../src/bench/load/poisson.js'

test('a Poisson schedule is reproducible from its seed and differs with another seed', () => {
  const options = { ratePerSecond: 20, maxArrivals: 50, maxSeconds: 100, seed: 42 }
  assert.deepEqual(poissonSchedule(options), poissonSchedule(options))
  assert.notDeepEqual(poissonSchedule(options), poissonSchedule({ ...options, seed: 43 }))
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

/** A `send` that takes `delayMs`, answers its request's index and records the most requests it ever had running at once. */
function inFlightProbe(delayMs: number): { send: (index: number) => Promise<number>; most: () => number } {
  let running = 0
  let most = 0
  return {
    send: async (index) => {
      running++
      most = Math.max(most, running)
      await sleep(delayMs)
      running--
      return index
    },
    most: () => most,
  }
}

test('the closed loop never runs more than its concurrency at once and stops at its request count', async () => {
  const probe = inFlightProbe(10)
  const result = await runClosedLoop({
    concurrency: 3,
    maxRequests: 10,
    maxSeconds: 30,
    signal: new AbortController().signal,
    send: probe.send,
  })
  assert.equal(result.outcomes.length, 10)
  assert.equal(probe.most(), 3)
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
      return index
    },
  })
  assert.equal(result.stoppedBy, 'time')
  assert.ok(result.outcomes.length >= 3 && result.outcomes.length <= 7, `${result.outcomes.length} requests`)
})

test('the open loop drops arrivals that find the in-flight cap reached and accounts for every arrival', async () => {
  const probe = inFlightProbe(60)
  const result = await runOpenLoop({
    ratePerSecond: 200,
    maxInFlight: 2,
    seed: 5,
    maxRequests: 40,
    maxSeconds: 5,
    signal: new AbortController().signal,
    send: probe.send,
  })
  const open = result.open!
  assert.equal(open.scheduled, 40)
  assert.equal(open.started + open.dropped, open.scheduled)
  assert.equal(result.outcomes.length, open.started)
  assert.ok(open.dropped > 10, `${open.dropped} dropped`)
  assert.ok(probe.most() <= 2)
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
    send: async (index) => index,
  })
  assert.equal(result.stoppedBy, 'aborted')
  assert.ok(Date.now() - started < 2000)
})

test('the timed closed loop of the benchmark scripts times each operation and counts rejections as errors', async () => {
  let calls = 0
  const result = await runTimedClosedLoop({
    concurrency: 2,
    maxRequests: 9,
    maxSeconds: 30,
    operation: async () => {
      const call = ++calls
      await sleep(5)
      if (call % 3 === 0) throw new Error(call % 2 === 0 ? 'even failure' : 'odd failure')
    },
  })
  assert.equal(calls, 9)
  assert.equal(result.latenciesMs.length, 6)
  assert.equal(result.errorCount, 3)
  assert.deepEqual([...result.errorSamples].sort(), ['even failure', 'odd failure'])
  assert.ok(
    result.latenciesMs.every((latency) => latency >= 4),
    result.latenciesMs.join(', '),
  )
  assert.equal(result.stoppedBy, 'requests')
  assert.ok(result.requestsPerSecond > 0 && result.cpuSeconds >= 0)
})

test('the timed closed loop stops at once when its signal aborts', async () => {
  const controller = new AbortController()
  const result = await runTimedClosedLoop({
    concurrency: 1,
    maxRequests: 1000,
    maxSeconds: 30,
    signal: controller.signal,
    operation: async () => {
      await sleep(5)
      controller.abort()
    },
  })
  assert.equal(result.latenciesMs.length, 1)
  assert.equal(result.stoppedBy, 'aborted')
})
