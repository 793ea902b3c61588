/**
 * A small server on 127.0.0.1 speaking OpenAI's POST /v1/chat/completions wire format with `stream: true` (SSE
 * `chat.completion.chunk` events, a final usage chunk when `stream_options.include_usage` asks, then `[DONE]`). The
 * reply is chosen by the last user message:
 *
 * - `json`: `{"reply":"hello there"}` in three deltas, usage 6 tokens;
 * - `leak`: a `<think>…</think>` chain of thought in the content, then the JSON reply; no usage chunk;
 * - `prose`: `Sure, I can help with that.` (breaks a JSON contract), usage 8 tokens;
 * - `slow`: the first delta 250 ms after the headers;
 * - `reasoning`: the reasoning in `reasoning_content` deltas (properly separated), then the JSON reply;
 * - `error`: an `error` event inside the stream; `crlf`: the json reply with CRLF line ends split mid-line.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ChatServer {
  readonly url: string
  readonly bodies: Record<string, unknown>[]
  close(): Promise<void>
}

interface Reply {
  readonly deltas: readonly { content?: string; reasoning_content?: string }[]
  readonly usage?: number
  readonly firstDelayMs?: number
  readonly error?: string
}

const JSON_REPLY = [{ content: '{"reply":' }, { content: '"hello' }, { content: ' there"}' }]

const REPLIES: Readonly<Record<string, Reply>> = {
  json: { deltas: JSON_REPLY, usage: 6 },
  leak: { deltas: [{ content: '<think>The user' }, { content: ' wants a greeting.</think>' }, ...JSON_REPLY] },
  prose: { deltas: [{ content: 'Sure, I can' }, { content: ' help with that.' }], usage: 8 },
  slow: { deltas: JSON_REPLY, usage: 6, firstDelayMs: 250 },
  reasoning: { deltas: [{ reasoning_content: 'The user wants a greeting.' }, ...JSON_REPLY], usage: 12 },
  error: { deltas: [{ content: 'Hel' }], error: 'the model crashed' },
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = []
  for await (const chunk of request) parts.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>
}

function chunk(delta: object, usage?: number): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'test-model',
    choices: usage === undefined ? [{ index: 0, delta, finish_reason: null }] : [],
    ...(usage === undefined ? {} : { usage: { prompt_tokens: 5, completion_tokens: usage, total_tokens: 5 + usage } }),
  })
}

async function answer(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
  const messages = body.messages as { role: string; content: string }[]
  const last = messages.filter((message) => message.role === 'user').at(-1)!.content
  const crlf = last === 'crlf'
  const reply = REPLIES[crlf ? 'json' : last] ?? REPLIES.prose!
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  response.flushHeaders()
  if (reply.firstDelayMs) await sleep(reply.firstDelayMs)
  const end = crlf ? '\r\n\r\n' : '\n\n'
  for (const delta of reply.deltas) {
    const event = `data: ${chunk({ role: 'assistant', ...delta })}${end}`
    if (crlf) {
      // Split inside the line and between CR and LF.
      const cut = event.length - 3
      response.write(event.slice(0, 10))
      await sleep(2)
      response.write(event.slice(10, cut))
      await sleep(2)
      response.write(event.slice(cut))
    } else response.write(event)
    await sleep(5)
  }
  if (reply.error)
    response.write(`data: ${JSON.stringify({ error: { message: reply.error, type: 'server_error' } })}${end}`)
  const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true
  if (reply.usage !== undefined && wantsUsage) response.write(`data: ${chunk({}, reply.usage)}${end}`)
  response.end(`data: [DONE]${end}`)
}

export async function startChatServer(): Promise<ChatServer> {
  const bodies: Record<string, unknown>[] = []
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' })
        return response.end('{"error":{"message":"not found"}}')
      }
      const body = await readJson(request)
      bodies.push(body)
      await answer(body, response)
    })().catch(() => response.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close').catch(() => undefined)
    },
  }
}
