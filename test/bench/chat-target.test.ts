import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { runBench } from '../../src/bench/run-bench.js'
import { parseBenchSpec } from '../../src/bench/spec.js'
import { compileContract, requestOpenAiChat } from '../../src/bench/targets/index.js'
import { SseReader } from '../../src/bench/targets/sse-events.js'
import { startChatServer, type ChatServer } from './chat-server.js'

let server: ChatServer
before(async () => {
  server = await startChatServer()
})
after(() => server.close())

const REPLY_SCHEMA = { type: 'object', required: ['reply'], properties: { reply: { type: 'string' } } }

const chat = (text: string, options: Parameters<typeof requestOpenAiChat>[0]['chat'] = {}) =>
  requestOpenAiChat(
    { url: `${server.url}/v1/chat/completions`, prompt: { id: text, text }, model: 'test-model', chat: options },
    new AbortController().signal,
  )

test('a chat bench counts a reasoning leak and a broken contract by kind, and tokens from usage', async () => {
  const spec = parseBenchSpec({
    target: { url: `${server.url}/v1/chat/completions` },
    model: 'test-model',
    load: { mode: 'closed', concurrency: [2] },
    requests: 6,
    prompts: {
      items: [
        { id: 'good', text: 'json' },
        { id: 'thinks', text: 'leak' },
        { id: 'chatty', text: 'prose' },
      ],
    },
    chat: { contract: { jsonSchema: REPLY_SCHEMA }, system: 'Answer as JSON.', maxTokens: 64 },
    slos: ['error_rate=50%'],
  })
  const result = await runBench(spec, { signal: new AbortController().signal })
  assert.equal(result.target.kind, 'openai-chat')
  assert.equal(result.requests, 6)
  assert.equal(result.ok, 2)
  assert.equal(result.errors.reasoning_leak, 2)
  assert.equal(result.errors.contract, 2)
  assert.equal(result.failed, 4)
  assert.equal(result.verdict!.verdict, 'fail') // 4/6 failed > 50 %
  const figures = result.chat!
  assert.equal(figures.reasoning_leaks, 2)
  assert.equal(figures.contract_checked, 6)
  assert.equal(figures.contract_failures, 2 + 2) // prose breaks the schema; the leak's content is not JSON either
  // good: 6 (usage) ×2, leak: 5 deltas ×2 (no usage chunk), prose: 8 (usage) ×2
  assert.equal(figures.tokens, 2 * (6 + 5 + 8))
  assert.equal(figures.tokens_from, 'mixed')
  assert.ok(figures.tokens_per_second.count === 2 && figures.tokens_per_second.p50 > 0)
  assert.ok(result.ttfa_ms.count === 2 && result.ttfa_ms.p50 <= result.latency_ms.p50)
  const sent = server.requests.at(-1)!
  assert.equal(sent.stream, true)
  assert.deepEqual(sent.stream_options, { include_usage: true })
  assert.equal(sent.max_tokens, 64)
  assert.deepEqual(
    sent.messages?.map((message) => message.role),
    ['system', 'user'],
  )
})

test('time to first token is timed at the first content delta, not at the response headers', async () => {
  const outcome = await chat('slow')
  assert.equal(outcome.ok, true, outcome.error)
  assert.ok(outcome.ttfaMs! >= 250, `TTFT ${outcome.ttfaMs} ms`)
  assert.ok(outcome.firstByteMs! >= 250)
  assert.equal(outcome.content, '{"reply":"hello there"}')
  assert.equal(outcome.tokens, 6)
  assert.equal(outcome.tokensFrom, 'usage')
})

test('reasoning kept in reasoning_content is not a leak; a regex contract and a custom leak pattern apply', async () => {
  const separated = await chat('reasoning', { contract: compileContract({ regex: '^\\{.*\\}$' }) })
  assert.equal(separated.ok, true, separated.error)
  assert.equal(separated.reasoningLeak, false)
  assert.equal(separated.contractPass, true)
  assert.equal(separated.content, '{"reply":"hello there"}')

  const prose = await chat('prose', { contract: compileContract({ regex: '^\\{.*\\}$' }) })
  assert.equal(prose.errorKind, 'contract')
  assert.match(prose.error!, /does not match/)

  const custom = await chat('prose', { reasoningPattern: /can help/i })
  assert.equal(custom.errorKind, 'reasoning_leak')
})

test('an error event inside the stream is http_5xx; CRLF events split mid-line still parse', async () => {
  const failed = await chat('error')
  assert.equal(failed.errorKind, 'http_5xx')
  assert.match(failed.error!, /the model crashed/)
  const crlf = await chat('crlf')
  assert.equal(crlf.ok, true, crlf.error)
  assert.equal(crlf.content, '{"reply":"hello there"}')
})

test('the SSE reader joins multi-line data, skips comments and handles CR, LF and CRLF split anywhere', () => {
  const stream = ': comment\r\ndata: a\r\ndata: b\r\n\r\nevent: x\ndata: c\n\ndata: d\r\rdata: e'
  for (let split = 0; split <= stream.length; split++) {
    const reader = new SseReader()
    const events = [...reader.push(stream.slice(0, split)), ...reader.push(stream.slice(split)), ...reader.end()]
    assert.deepEqual(events, ['a\nb', 'c', 'd', 'e'], `split at ${split}`)
  }
})

test('a contract that is neither or both, a bad regex or a bad schema is refused with a spec error', () => {
  assert.throws(() => compileContract({}), /CHORUS_ERR_BENCH_SPEC_INVALID|needs a regex or a JSON schema/)
  assert.throws(() => compileContract({ regex: 'a', jsonSchema: {} }), /not both/)
  assert.throws(() => compileContract({ regex: '(' }), /not a valid regular expression/)
  assert.throws(() => compileContract({ jsonSchema: { type: 'no-such-type' } }), /does not compile/)
})
