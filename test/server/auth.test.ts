/**
 * API keys on the OpenAI routes: with `auth.apiKeys` set, every route but the liveness and readiness probes needs
 * `Authorization: Bearer <key>`, refusals are OpenAI-shaped 401s, the official `openai` client works with the key,
 * and a wrong key takes no measurably different time to refuse than a missing one, whatever it looks like.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import OpenAI from 'openai'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { startConfigured, type ConfiguredServer } from '../config/config-files.js'

const KEY = 'sk-chorus-test-key-0123456789abcdef'
const SECOND_KEY = 'sk-chorus-second-key-00000000'

const GUARDED: readonly { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
  {
    method: 'POST',
    path: '/v1/audio/speech',
    body: { model: 'tts-1', voice: 'alloy', input: 'Hello.', response_format: 'wav' },
  },
  { method: 'GET', path: '/v1/models' },
  { method: 'GET', path: '/v1/models/tts-1' },
  { method: 'GET', path: '/v1/audio/voices' },
  { method: 'GET', path: '/metrics' },
]

function request(url: string, route: (typeof GUARDED)[number], authorization?: string): Promise<Response> {
  return fetch(`${url}${route.path}`, {
    method: route.method,
    headers: {
      ...(route.body ? { 'content-type': 'application/json' } : {}),
      ...(authorization !== undefined ? { authorization } : {}),
    },
    ...(route.body ? { body: JSON.stringify(route.body) } : {}),
    signal: AbortSignal.timeout(30_000),
  })
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

describe('API keys', () => {
  let server: ConfiguredServer
  before(async () => {
    server = await startConfigured({ auth: { apiKeys: [KEY, SECOND_KEY] } })
  })
  after(() => server.close())

  for (const route of GUARDED) {
    test(`${route.method} ${route.path} without a key, or with a wrong one, is 401 CHORUS_ERR_UNAUTHORIZED`, async () => {
      for (const authorization of [
        undefined,
        'Bearer sk-wrong-key',
        `Bearer ${KEY}x`,
        KEY,
        `Basic ${KEY}`,
        'Bearer ',
      ]) {
        const response = await request(server.url, route, authorization)
        assert.equal(response.status, 401, `authorization ${JSON.stringify(authorization)}`)
        assert.match(response.headers.get('content-type') ?? '', /application\/json/)
        const body = (await response.json()) as { error: Record<string, unknown> }
        assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type'])
        assert.equal(body.error.code, 'CHORUS_ERR_UNAUTHORIZED')
        assert.equal(body.error.type, 'authentication_error')
        assert.ok(!String(body.error.message).includes(KEY), 'the message does not echo a key')
      }
    })

    test(`${route.method} ${route.path} with either configured key is served`, async () => {
      for (const key of [KEY, SECOND_KEY]) {
        const response = await request(server.url, route, `Bearer ${key}`)
        assert.equal(response.status, 200, await response.clone().text())
        await response.arrayBuffer()
      }
      // The scheme is case-insensitive and surrounding space is ignored (RFC 9110 §11.1).
      const relaxed = await request(server.url, route, `  bearer   ${KEY}  `)
      assert.equal(relaxed.status, 200)
      await relaxed.arrayBuffer()
    })
  }

  test('/health and /ready stay open without a key', async () => {
    for (const path of ['/health', '/ready']) {
      const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(30_000) })
      assert.equal(response.status, 200, path)
      await response.arrayBuffer()
    }
  })

  test('an unknown route is still 404, not 401', async () => {
    const response = await fetch(`${server.url}/v1/nowhere`, { signal: AbortSignal.timeout(30_000) })
    assert.equal(response.status, 404)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'CHORUS_ERR_ROUTE_NOT_FOUND')
  })

  test('the official openai client works with the right key and gets AuthenticationError with a wrong one', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0, timeout: 30_000 })
    const speech = await client.audio.speech.create({
      model: 'tts-1',
      voice: 'alloy',
      input: 'Authorized speech.',
      response_format: 'wav',
    })
    assertSpeechLike(await decodeAudio('wav', new Uint8Array(await speech.arrayBuffer())), {
      minSeconds: 0.5,
      maxSeconds: 5,
    })
    const models = await client.models.list()
    assert.ok(models.data.some((model) => model.id === 'tts-1'))

    const intruder = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'sk-not-the-key',
      maxRetries: 0,
      timeout: 30_000,
    })
    await assert.rejects(intruder.models.list(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.AuthenticationError, String(error))
      assert.equal(error.status, 401)
      assert.equal((error.error as { code?: string } | undefined)?.code, 'CHORUS_ERR_UNAUTHORIZED')
      return true
    })
  })

  test('refusal time does not depend on the key: missing, same-length wrong, last-character wrong, very long', async (t) => {
    const groups: Record<string, string | undefined> = {
      missing: undefined,
      sameLengthWrong: `Bearer ${'z'.repeat(KEY.length)}`,
      lastCharacterWrong: `Bearer ${KEY.slice(0, -1)}${KEY.endsWith('f') ? 'e' : 'f'}`,
      veryLong: `Bearer ${KEY}${'k'.repeat(8000)}`,
    }
    const names = Object.keys(groups)
    const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]))
    const route = { method: 'GET' as const, path: '/v1/models' }
    const rounds = 100 // 400 requests in all, interleaved so load on the machine falls on every group alike
    let seed = 0x9e3779b9
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed / 2 ** 32
    }
    for (let round = -5; round < rounds; round++) {
      // A fresh random order each round (seeded, so a failure reproduces): no group is tied to a position in the
      // round, so periodic noise (scheduler time slices, GC, timers) cannot line up with one group.
      const order = [...names]
      for (let index = order.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1))
        ;[order[index], order[other]] = [order[other]!, order[index]!]
      }
      for (const name of order) {
        const started = performance.now()
        const response = await request(server.url, route, groups[name])
        await response.arrayBuffer()
        const elapsed = performance.now() - started
        assert.equal(response.status, 401)
        if (round >= 0) samples[name]!.push(elapsed)
      }
    }
    const medians = Object.fromEntries(names.map((name) => [name, median(samples[name]!)]))
    const values = Object.values(medians)
    const spread = Math.max(...values) - Math.min(...values)
    // The bound: medians within 1 ms, or within half the fastest median when the machine is so loaded that a request
    // takes several ms. Over loopback HTTP a refusal costs ~0.8 ms on an idle 2-core box, and the medians of these
    // groups land within ~0.1 ms of each other; with four CPU-bound processes competing for the two cores they
    // spread up to ~0.9 ms. The comparison itself (HMAC both sides to 32 bytes, timingSafeEqual against every key)
    // differs between these inputs by microseconds (hashing the 8 KB key ≈ 10 µs), which no HTTP-level test can see;
    // what this test catches is a gross leak: an early exit before an expensive step, a lookup or a sleep that only
    // some inputs pay, which moves one median by a millisecond or more.
    const bound = Math.max(1, 0.5 * Math.min(...values))
    t.diagnostic(`median refusal ms: ${names.map((name) => `${name} ${medians[name]!.toFixed(3)}`).join(', ')}`)
    t.diagnostic(
      `p25 refusal ms: ${names.map((name) => `${name} ${quantile(samples[name]!, 0.25).toFixed(3)}`).join(', ')}`,
    )
    assert.ok(
      spread < bound,
      `median refusal times differ by ${spread.toFixed(3)} ms (bound ${bound.toFixed(3)} ms): ${JSON.stringify(medians)}`,
    )
  })
})

describe('without API keys', () => {
  test('every route is open', async () => {
    const server = await startConfigured({})
    try {
      for (const route of GUARDED.filter((candidate) => candidate.method === 'GET')) {
        const response = await request(server.url, route)
        assert.equal(response.status, 200, route.path)
        await response.arrayBuffer()
      }
    } finally {
      await server.close()
    }
  })
})
