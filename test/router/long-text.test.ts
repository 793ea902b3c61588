/**
 * Long text through POST /v1/audio/speech: a 20,000-character text streams its first audio long before the end,
 * comes out at a plausible length, and has no discontinuity at any text-chunk join; the input limits for whole-file
 * and streamed responses; time to first audio that does not grow with the text; and front-end normalization as the
 * upstream engine receives it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { concatSamples, floatToInt16Bytes, peak } from '../../src/audio/pcm.js'
import { resample } from '../../src/audio/resample.js'
import type { AudioChunk, Engine, SynthesisRequest } from '../../src/engines/engine.js'
import { createEngine } from '../../src/engines/registry.js'
import type { ChorusServer } from '../../src/server/chorus-server.js'
import { planTextChunks } from '../../src/text/chunk-plan.js'
import { startConfigured, type ConfiguredServer } from '../config/config-files.js'
import { assertSpeechLike, decodeAudio } from '../helpers/decode-audio.js'
import { routerOver, startAppWithRouter, startTestServer } from '../helpers/server.js'
import { listen, type TestServer } from '../engines/http-fixtures.js'

const OUTPUT_RATE = 24000

/** Deterministic varied prose: statements, questions, exclamations, clauses, numbers, names, abbreviations. */
export function variedText(minChars: number, seed = 7): string {
  let state = seed >>> 0
  const pick = <T>(items: readonly T[]): T => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return items[state % items.length]!
  }
  const subjects = [
    'The harbor master',
    'A quiet engineer',
    'Dr. Okafor',
    'Our neighbor',
    'The night train',
    'Every visitor',
    'The old clock',
    'A small committee',
  ]
  const verbs = ['counted', 'remembered', 'painted', 'measured', 'described', 'carried', 'repaired', 'announced']
  const objects = [
    'the lanterns by the pier',
    'a map of the northern coast',
    'forty-two paper boats',
    'the long winter road',
    'three blue bottles',
    'the orchard behind the school',
    'every window on the street',
    'the last letter of the season',
  ]
  const closers = [
    'before dawn',
    'with great care',
    'for nearly an hour',
    'in complete silence',
    'after the storm',
    'on the 3rd of May',
    'at 7:30 in the evening',
    'without a single complaint',
  ]
  const shapes: readonly ((parts: readonly string[]) => string)[] = [
    ([s, v, o, c]) => `${s} ${v} ${o} ${c}.`,
    ([s, v, o]) => `Why had ${s!.toLowerCase()} ${v} ${o}?`,
    ([s, v, o, c]) => `${s} ${v} ${o}, and then, ${c}, went home!`,
    ([s, v, o, c]) => `${c![0]!.toUpperCase()}${c!.slice(1)}, ${s!.toLowerCase()} ${v} ${o}; nobody noticed.`,
    ([s, v, o]) => `It was ${s!.toLowerCase()} who ${v} ${o}, not the mayor.`,
  ]
  const sentences: string[] = []
  let length = 0
  while (length < minChars) {
    const sentence = pick(shapes)([pick(subjects), pick(verbs), pick(objects), pick(closers)])
    sentences.push(sentence)
    length += sentence.length + 1
  }
  return sentences.join(' ')
}

function percentile(sorted: Float32Array | readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!
}

function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  )
}

async function postSpeech(
  url: string,
  body: Record<string, unknown>,
  signal = AbortSignal.timeout(120_000),
): Promise<Response> {
  return fetch(`${url}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tts-1', ...body }),
    signal,
  })
}

/** Milliseconds until the first body bytes of a streamed speech response; then the request is cancelled. */
async function timeToFirstAudioMs(url: string, input: string): Promise<number> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 60_000)
  try {
    const started = performance.now()
    const response = await postSpeech(
      url,
      { voice: 'alloy', input, response_format: 'pcm', stream_format: 'audio' },
      controller.signal,
    )
    assert.equal(response.status, 200)
    const reader = response.body!.getReader()
    const first = await reader.read()
    const elapsed = performance.now() - started
    assert.ok(!first.done && first.value.length > 0)
    await reader.cancel()
    return elapsed
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

interface RecordedSegment {
  readonly length: number
  /** The first and last samples of the segment (up to EDGE samples each), at the engine's rate. */
  readonly head: Float32Array
  readonly tail: Float32Array
}

const EDGE = 2048

/**
 * The embedded engine with every synthesis (one per text chunk) cut to start on a positive and end on a negative
 * loud sample (±30% of its peak), and recorded. Flite pads each utterance with silence, so its own chunks join
 * smoothly whatever the joiner does; cut like this, butting two segments together steps by about half the peak
 * level, and only a working crossfade hides the joins.
 */
class CutAtLoudSamples implements Engine {
  readonly id = 'flite-wasi'
  readonly kind = 'embedded' as const
  readonly segments: RecordedSegment[] = []
  sampleRate = 0

  constructor(private readonly inner: Engine) {}

  get capabilities() {
    return this.inner.capabilities
  }

  listVoices() {
    return this.inner.listVoices()
  }

  async *synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const parts: Float32Array[] = []
    for await (const chunk of this.inner.synthesize(request, signal)) {
      parts.push(chunk.samples)
      this.sampleRate = chunk.sampleRate
    }
    const samples = concatSamples(parts)
    const level = 0.3 * peak(samples)
    let start = 0
    while (start < samples.length && samples[start]! < level) start++
    let end = samples.length - 1
    while (end > start && samples[end]! > -level) end--
    const cut = samples.subarray(start, end + 1)
    this.segments.push({
      length: cut.length,
      head: cut.slice(0, EDGE),
      tail: cut.slice(Math.max(0, cut.length - EDGE)),
    })
    yield { samples: cut, sampleRate: this.sampleRate }
  }

  health() {
    return this.inner.health()
  }

  close() {
    return this.inner.close()
  }
}

/** |x[n] − x[n−1]| for every n ≥ 1 (index n − 1). */
function jumps(samples: Float32Array): Float32Array {
  const out = new Float32Array(Math.max(0, samples.length - 1))
  for (let n = 1; n < samples.length; n++) out[n - 1] = Math.abs(samples[n]! - samples[n - 1]!)
  return out
}

function maxIn(values: Float32Array, start: number, end: number): number {
  let max = 0
  for (let n = Math.max(0, start); n < Math.min(values.length, end); n++) max = Math.max(max, values[n]!)
  return max
}

describe('a 20,000-character text streamed through /v1/audio/speech', () => {
  const text = variedText(20_000)
  let engine: CutAtLoudSamples
  let app: { url: string; close(): Promise<void> }
  let firstBytesMs = 0
  let totalMs = 0
  let audio: Float32Array

  before(async () => {
    engine = new CutAtLoudSamples(await createEngine('flite-wasi'))
    app = await startAppWithRouter(await routerOver([engine]))
    const started = performance.now()
    // kal16 is the fastest embedded voice (RTF ≈ 0.006), which keeps 20 minutes of speech to seconds of test time.
    const response = await postSpeech(app.url, {
      voice: 'kal16',
      input: text,
      response_format: 'pcm',
      stream_format: 'audio',
    })
    if (response.status !== 200) assert.fail(`status ${response.status}: ${await response.text()}`)
    const parts: Uint8Array[] = []
    for await (const part of response.body!) {
      if (parts.length === 0) firstBytesMs = performance.now() - started
      parts.push(part)
    }
    totalMs = performance.now() - started
    audio = (await decodeAudio('pcm', Buffer.concat(parts))).samples
  })
  after(async () => {
    await app?.close()
  })

  test('the text is long enough to need many chunks', () => {
    assert.ok(text.length >= 20_000 && text.length < 20_200, `${text.length} characters`)
    assert.equal(engine.segments.length, planTextChunks(text).length, 'one engine call per planned chunk')
    assert.ok(engine.segments.length >= 30, `${engine.segments.length} chunks`)
  })

  test('the first audio bytes arrive well before the response completes (under 25% of the total time)', () => {
    assert.ok(
      firstBytesMs < 0.25 * totalMs,
      `first bytes after ${firstBytesMs.toFixed(0)} ms of ${totalMs.toFixed(0)} ms`,
    )
  })

  test('the audio length is plausible for the text, and no sample is lost or added at the joins', () => {
    const seconds = audio.length / OUTPUT_RATE
    // Read speech runs at roughly 10–20 characters per second; allow a wide 6–30.
    assert.ok(
      seconds > text.length / 30 && seconds < text.length / 6,
      `${seconds.toFixed(0)} s for ${text.length} characters`,
    )
    // backend.ts crossfades 8 ms at each join at the engine's rate; the stateful resampler then gives ceil(n·24000/rate).
    const fade = Math.round(0.008 * engine.sampleRate)
    const joinedAtEngineRate =
      engine.segments.reduce((sum, segment) => sum + segment.length, 0) - fade * (engine.segments.length - 1)
    assert.equal(audio.length, Math.ceil((joinedAtEngineRate * OUTPUT_RATE) / engine.sampleRate))
  })

  test('no chunk join is rougher than ordinary stretches of the speech itself', async (t) => {
    const ratio = OUTPUT_RATE / engine.sampleRate
    const fade = Math.round(0.008 * engine.sampleRate)
    const margin = 64 // output samples either side of the overlap: the resampler's filter spreads a step over ~±40
    // Join j overlaps the last `fade` samples of the text so far with the next segment's first `fade`.
    const joins: { start: number; end: number; butted: number }[] = []
    let before = 0
    for (let j = 1; j < engine.segments.length; j++) {
      before += engine.segments[j - 1]!.length
      const overlapStart = before - fade * j
      joins.push({
        start: Math.floor(overlapStart * ratio) - margin,
        end: Math.ceil((overlapStart + fade) * ratio) + margin,
        butted: before,
      })
    }
    const width = joins[0]!.end - joins[0]!.start
    const steps = jumps(audio)
    const inJoin = new Uint8Array(steps.length)
    for (const join of joins) inJoin.fill(1, Math.max(0, join.start), Math.min(steps.length, join.end))

    // Reference: the largest jump in each window of the same width elsewhere; its 99th percentile is how rough the
    // roughest 1% of ordinary speech gets.
    const windowMaxima: number[] = []
    for (let start = 0; start + width <= steps.length; start += width) {
      if (inJoin.subarray(start, start + width).includes(1)) continue
      windowMaxima.push(maxIn(steps, start, start + width))
    }
    windowMaxima.sort((a, b) => a - b)
    const threshold = percentile(windowMaxima, 0.99)
    let largestElsewhere = 0
    for (let n = 0; n < steps.length; n++)
      if (inJoin[n] === 0 && steps[n]! > largestElsewhere) largestElsewhere = steps[n]!
    const joinMaxima = joins.map((join) => maxIn(steps, join.start, join.end))
    for (const [index, value] of joinMaxima.entries()) {
      assert.ok(value <= threshold, `join ${index + 1}: largest jump ${value.toFixed(4)} > ${threshold.toFixed(4)}`)
    }
    assert.ok(Math.max(...joinMaxima) < largestElsewhere, 'no join holds the largest jump of the whole signal')

    // Control: the same segments butted together, resampled the same way, step far above the threshold at the joins,
    // so this check would see a missing or misplaced crossfade.
    const buttedMaxima = await Promise.all(
      engine.segments.slice(1).map(async (segment, index) => {
        const local = concatSamples([engine.segments[index]!.tail, segment.head])
        const resampled = (await resample({ samples: local, sampleRate: engine.sampleRate }, OUTPUT_RATE)).samples
        const at = Math.round(engine.segments[index]!.tail.length * ratio)
        return maxIn(jumps(resampled), at - margin, at + margin)
      }),
    )
    const caught = buttedMaxima.filter((value) => value > threshold).length
    t.diagnostic(
      `${joins.length} joins: largest jump at a join ${Math.max(...joinMaxima).toFixed(4)}, threshold ${threshold.toFixed(4)}, ` +
        `largest elsewhere ${largestElsewhere.toFixed(4)}, smallest butted-join jump ${Math.min(...buttedMaxima).toFixed(4)}`,
    )
    assert.ok(
      caught >= 0.9 * buttedMaxima.length,
      `butted joins above the threshold: ${caught} of ${buttedMaxima.length}`,
    )
  })
})

describe('input limits', () => {
  let server: ChorusServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  const errorCode = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string } }).error

  test('a whole-file request over 4096 characters is 400 CHORUS_ERR_INPUT_TOO_LONG', async () => {
    const response = await postSpeech(server.url, {
      voice: 'alloy',
      input: variedText(4097).slice(0, 4097),
      response_format: 'pcm',
    })
    assert.equal(response.status, 400)
    const error = await errorCode(response)
    assert.equal(error.code, 'CHORUS_ERR_INPUT_TOO_LONG')
    assert.match(error.message, /4097 characters long; the limit is 4096/)
  })

  for (const streamFormat of ['audio', 'sse'] as const) {
    test(`with stream_format ${streamFormat}, 100,000 characters are accepted and start streaming`, async () => {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), 60_000)
      try {
        const input = variedText(100_000).slice(0, 100_000)
        const response = await postSpeech(
          server.url,
          { voice: 'kal16', input, response_format: 'pcm', stream_format: streamFormat },
          controller.signal,
        )
        assert.equal(response.status, 200)
        const reader = response.body!.getReader()
        const first = await reader.read()
        assert.ok(!first.done && first.value.length > 0)
        // Hanging up cancels the rest of the synthesis.
        await reader.cancel()
      } finally {
        clearTimeout(timer)
        controller.abort()
      }
    })
  }

  test('over 100,000 characters, even streamed, is 400 CHORUS_ERR_INPUT_TOO_LONG', async () => {
    const response = await postSpeech(server.url, {
      voice: 'alloy',
      input: variedText(100_001).slice(0, 100_001),
      response_format: 'pcm',
      stream_format: 'audio',
    })
    assert.equal(response.status, 400)
    const error = await errorCode(response)
    assert.equal(error.code, 'CHORUS_ERR_INPUT_TOO_LONG')
    assert.match(error.message, /100001 characters long; the limit is 100000/)
  })

  test('time to first audio does not grow with the text: 5,000 characters vs their first sentence alone', async (t) => {
    const long = variedText(5000, 11)
    const firstSentence = planTextChunks(long)[0]!
    assert.ok(firstSentence.length < 200 && long.length >= 5000)
    await timeToFirstAudioMs(server.url, firstSentence) // warm-up
    const short: number[] = []
    const longer: number[] = []
    for (let round = 0; round < 7; round++) {
      // Alternate which goes first, so neither always runs right after a cancelled synthesis.
      if (round % 2 === 0) {
        short.push(await timeToFirstAudioMs(server.url, firstSentence))
        longer.push(await timeToFirstAudioMs(server.url, long))
      } else {
        longer.push(await timeToFirstAudioMs(server.url, long))
        short.push(await timeToFirstAudioMs(server.url, firstSentence))
      }
    }
    const shortMedian = median(short)
    const longMedian = median(longer)
    t.diagnostic(
      `median time to first audio: first sentence ${shortMedian.toFixed(0)} ms, 5,000 characters ${longMedian.toFixed(0)} ms`,
    )
    assert.ok(
      longMedian < 2 * shortMedian + 200,
      `5,000 characters: ${longMedian.toFixed(0)} ms vs one sentence: ${shortMedian.toFixed(0)} ms`,
    )
  })
})

describe('front-end normalization as the upstream receives it', () => {
  const TEXT = 'The ticket cost $3.50 on 3/15/2024.'
  let upstream: TestServer
  let flite: Engine
  let chorus: ConfiguredServer
  const received: string[] = []

  before(async () => {
    flite = await createEngine('flite-wasi')
    // An OpenAI-shaped upstream that records the `input` it is sent and answers with real speech as 24 kHz PCM.
    upstream = await listen(async (request, response, body) => {
      if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
        return
      }
      const { input } = JSON.parse(body) as { input: string }
      received.push(input)
      const parts: Float32Array[] = []
      let rate = 16000
      for await (const chunk of flite.synthesize({ text: input, voice: 'slt' }, new AbortController().signal)) {
        parts.push(chunk.samples)
        rate = chunk.sampleRate
      }
      const pcm = floatToInt16Bytes(
        (await resample({ samples: concatSamples(parts), sampleRate: rate }, 24000)).samples,
      )
      response.writeHead(200, { 'content-type': 'audio/pcm' }).end(pcm)
    })
    chorus = await startConfigured({
      backends: [
        { id: 'normalizing', kind: 'openai-http', url: upstream.url, voices: ['narrator'], health: { intervalMs: 0 } },
        {
          id: 'verbatim',
          kind: 'openai-http',
          url: upstream.url,
          voices: ['narrator'],
          normalize: false,
          health: { intervalMs: 0 },
        },
      ],
      voices: { normalized: 'normalizing:narrator', raw: 'verbatim:narrator' },
    })
  })
  after(async () => {
    await chorus?.close()
    await upstream?.close()
    await flite?.close()
  })

  /** Speaks TEXT through Chorus; returns what the upstream received, after checking speech came back. */
  async function speakThrough(voice: string, extra: Record<string, unknown> = {}): Promise<string> {
    const before = received.length
    const response = await postSpeech(chorus.url, { voice, input: TEXT, response_format: 'pcm', ...extra })
    const bytes = new Uint8Array(await response.arrayBuffer())
    assert.equal(response.status, 200, Buffer.from(bytes).toString())
    assert.equal(received.length, before + 1, 'one upstream call')
    assertSpeechLike(await decodeAudio('pcm', bytes), { minSeconds: 1, maxSeconds: 10 })
    return received.at(-1)!
  }

  test('by default the upstream gets the text read out: "three dollars and fifty cents", the date in words', async () => {
    const input = await speakThrough('normalized')
    assert.match(input, /three dollars and fifty cents/)
    assert.match(input, /March fifteenth, twenty twenty-four/)
    assert.doesNotMatch(input, /[$\d/]/)
  })

  test('normalization_options {normalize: false} sends the text exactly as written', async () => {
    const input = await speakThrough('normalized', { normalization_options: { normalize: false } })
    assert.equal(input, TEXT)
  })

  test('a backend with normalize: false gets the text exactly as written, whatever the request says', async () => {
    assert.equal(await speakThrough('raw'), TEXT)
    assert.equal(await speakThrough('raw', { normalization_options: { normalize: true } }), TEXT)
  })
})
