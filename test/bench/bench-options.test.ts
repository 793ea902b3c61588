import assert from 'node:assert/strict'
import { test } from 'node:test'
import { benchSpecFromFlags, parseDurationMs, type BenchFlags } from '../../src/bench/bench-options.js'
import { parseBenchSpec } from '../../src/bench/spec.js'
import { ChorusError } from '../../src/errors.js'

const flags = (extra: Partial<BenchFlags>): BenchFlags => ({ slo: [], ...extra })

async function rejectsWith(extra: Partial<BenchFlags>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(benchSpecFromFlags(flags(extra)), (error: unknown) => {
    assert.ok(error instanceof ChorusError, String(error))
    assert.equal(error.code, code)
    assert.match(error.message, pattern)
    return true
  })
}

test('flags become a spec: the kind read from an endpoint URL, a concurrency sweep, durations with units', async () => {
  const spec = await benchSpecFromFlags(
    flags({
      url: 'http://127.0.0.1:8880/v1/audio/speech',
      concurrency: '1,2,4,8,16',
      duration: '30s',
      timeout: '800ms',
      requests: '20',
      warmup: '0',
      slo: ['ttfa=300ms', 'p95=2s'],
    }),
  )
  assert.deepEqual(spec.load, { mode: 'closed', concurrency: [1, 2, 4, 8, 16] })
  assert.equal(spec.durationSeconds, 30)
  assert.equal(spec.timeoutMs, 800)
  assert.equal(spec.requests, 20)
  assert.equal(spec.warmup, 0)
  assert.deepEqual(spec.prompts, { set: 'scenarios' })
  assert.deepEqual(spec.slos, ['ttfa=300ms', 'p95=2s'])
  // A spec is plain JSON and parses back to itself.
  assert.deepEqual(parseBenchSpec(JSON.parse(JSON.stringify(spec))), spec)

  const open = await benchSpecFromFlags(
    flags({ url: 'http://h:1', kind: 'openai-chat', rate: '2.5', seed: '7', contractRegex: '^ok' }),
  )
  assert.deepEqual(open.load, { mode: 'open', rate: 2.5, maxInFlight: 64, seed: 7 })
  assert.deepEqual(open.chat.contract, { regex: '^ok' })
  assert.equal(parseDurationMs('--duration', '2'), 2000)
  assert.equal(parseDurationMs('--timeout', '1.5s'), 1500)
})

test('contradictory or malformed flags are usage errors naming the flag', async () => {
  await rejectsWith({}, 'CHORUS_ERR_CLI_USAGE', /say what to bench/)
  await rejectsWith({ url: 'http://h:1/v1/tts', backend: 'x' }, 'CHORUS_ERR_CLI_USAGE', /exclude each other/)
  await rejectsWith(
    { url: 'http://h:1/v1/tts', rate: '2', concurrency: '1' },
    'CHORUS_ERR_CLI_USAGE',
    /--rate .* --concurrency/,
  )
  await rejectsWith(
    { url: 'http://h:1/v1/tts', concurrency: '1,0' },
    'CHORUS_ERR_CLI_USAGE',
    /--concurrency expects a whole number ≥ 1/,
  )
  await rejectsWith({ url: 'http://h:1/v1/tts', concurrency: '2,2' }, 'CHORUS_ERR_CLI_USAGE', /twice/)
  await rejectsWith(
    { url: 'http://h:1/v1/tts', duration: '10m' },
    'CHORUS_ERR_CLI_USAGE',
    /--duration expects a duration/,
  )
  await rejectsWith({ url: 'http://h:1/v1/tts', seed: '3' }, 'CHORUS_ERR_CLI_USAGE', /open loop/)
  await rejectsWith({ url: 'http://h:1/v1/tts', kind: 'tts' }, 'CHORUS_ERR_CLI_USAGE', /--kind must be one of/)
  await rejectsWith({ instances: 'http://h:1/v1/tts' }, 'CHORUS_ERR_CLI_USAGE', /two or more/)
  await rejectsWith({ url: 'http://h:1/v1/tts', format: 'mp3' }, 'CHORUS_ERR_CLI_USAGE', /pcm or wav/)
  await rejectsWith({ url: 'ftp://h/x', kind: 'openai-speech' }, 'CHORUS_ERR_BENCH_SPEC_INVALID', /http/)
  await rejectsWith(
    { url: 'http://h:1/v1/tts', kind: 'openai-speech' },
    'CHORUS_ERR_BENCH_SPEC_INVALID',
    /chatterbox-tts endpoint, not openai-speech/,
  )
  await rejectsWith(
    { url: 'http://h:1/v1/audio/transcriptions', slo: ['ttfa=1s'] },
    'CHORUS_ERR_BENCH_SPEC_INVALID',
    /no time to first audio/,
  )
  await rejectsWith(
    { url: 'http://h:1/v1/chat/completions', contractRegex: '(' },
    'CHORUS_ERR_BENCH_SPEC_INVALID',
    /not a valid regular expression/,
  )
})
