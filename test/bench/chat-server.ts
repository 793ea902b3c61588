/**
 * A small server on 127.0.0.1 speaking OpenAI's POST /v1/chat/completions wire format with `stream: true`: a
 * `chat.completion.chunk` with the assistant role, one chunk per delta, a `finish_reason: "stop"` chunk, a usage chunk
 * when `stream_options.include_usage` asks and the reply has a token count, then `data: [DONE]`. Every request body is
 * recorded so a test can read what reached it.
 *
 * With `reply`, every request gets that text word by word (space first, as streaming models send it), after
 * `firstTokenDelayMs` and `tokenDelayMs` between words, or one of the faults: an error status with OpenAI's error
 * JSON, a connection that never answers, or a stream cut off after some words. Without it the reply is chosen by the
 * last user message:
 *
 * - `json`: `{"reply":"hello there"}` in three deltas, usage 6 tokens;
 * - `leak`: a `<think>…</think>` chain of thought in the content, then the JSON reply; no usage chunk;
 * - `prose` (and anything unknown): `Sure, I can help with that.` (breaks a JSON contract), usage 8 tokens;
 * - `slow`: the first delta (and the first body byte) 250 ms after the headers;
 * - `reasoning`: the reasoning in `reasoning_content` deltas (properly separated), then the JSON reply;
 * - `error`: an `error` event inside the stream; `crlf`: the json reply with CRLF line ends split mid-line.
 */
import { createServer, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { listenOnLoopback, readJsonBody } from './loopback-server.js'

export type ChatFault =
  | { readonly kind: 'status'; readonly status: number; readonly message: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'cut'; readonly afterTokens: number }

export interface ChatServerOptions {
  /** The reply to every request; without it, the scripted replies above. */
  readonly reply?: string
  readonly firstTokenDelayMs?: number
  readonly tokenDelayMs?: number
  readonly fault?: ChatFault
}

export interface ChatRequestBody {
  readonly model?: string
  readonly stream?: boolean
  readonly messages?: readonly { readonly role: string; readonly content: string }[]
  readonly [field: string]: unknown
}

export interface ChatServer {
  /** `http://127.0.0.1:<port>`: the endpoint is `${url}/v1/chat/completions`. */
  readonly url: string
  /** Parsed bodies of every request received, in order. */
  readonly requests: readonly ChatRequestBody[]
  close(): Promise<void>
}

type Delta = { readonly content?: string; readonly reasoning_content?: string }

interface Reply {
  readonly deltas: readonly Delta[]
  /** Completion tokens reported in the usage chunk; none is sent without. */
  readonly usage?: number
  readonly firstDelayMs?: number
  readonly deltaDelayMs?: number
  /** Sent as an `error` event after the deltas, instead of the stop chunk. */
  readonly error?: string
  /** Events end in CRLF CRLF and are written in pieces split inside the line and between CR and LF. */
  readonly crlf?: boolean
  readonly fault?: ChatFault
}

/** "Sure. Here it is." → ["Sure.", " Here", " it", " is."]: how streaming models send words, space first. */
export function tokensOf(reply: string): string[] {
  return reply.match(/\s*\S+/g) ?? []
}

const JSON_REPLY: readonly Delta[] = [{ content: '{"reply":' }, { content: '"hello' }, { content: ' there"}' }]
const SCRIPTED_DELTA_DELAY_MS = 5

const SCRIPTED: Readonly<Record<string, Reply>> = {
  json: { deltas: JSON_REPLY, usage: 6 },
  leak: { deltas: [{ content: '<think>The user' }, { content: ' wants a greeting.</think>' }, ...JSON_REPLY] },
  prose: { deltas: [{ content: 'Sure, I can' }, { content: ' help with that.' }], usage: 8 },
  slow: { deltas: JSON_REPLY, usage: 6, firstDelayMs: 250 },
  reasoning: { deltas: [{ reasoning_content: 'The user wants a greeting.' }, ...JSON_REPLY], usage: 12 },
  error: { deltas: [{ content: 'Hel' }], error: 'the model crashed' },
  crlf: { deltas: JSON_REPLY, usage: 6, crlf: true },
}

function replyFor(body: ChatRequestBody, options: ChatServerOptions): Reply {
  if (options.reply !== undefined) {
    return {
      deltas: tokensOf(options.reply).map((content) => ({ content })),
      firstDelayMs: options.firstTokenDelayMs ?? 0,
      deltaDelayMs: options.tokenDelayMs ?? 0,
      ...(options.fault ? { fault: options.fault } : {}),
    }
  }
  const last = body.messages?.filter((message) => message.role === 'user').at(-1)?.content ?? ''
  return { deltaDelayMs: SCRIPTED_DELTA_DELAY_MS, ...(SCRIPTED[last] ?? SCRIPTED.prose!) }
}

function chunk(id: string, model: string, delta: object, finish: string | null, usage?: number): string {
  return JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices: usage === undefined ? [{ index: 0, delta, finish_reason: finish }] : [],
    ...(usage === undefined ? {} : { usage: { prompt_tokens: 5, completion_tokens: usage, total_tokens: 5 + usage } }),
  })
}

async function answer(body: ChatRequestBody, reply: Reply, id: string, response: ServerResponse): Promise<void> {
  const { fault } = reply
  if (fault?.kind === 'hang') return // Never answers; the client's timeout must end it.
  if (fault?.kind === 'status') {
    const error = { error: { message: fault.message, type: 'server_error', param: null, code: null } }
    response.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify(error))
    return
  }
  const model = body.model ?? 'test-model'
  const end = reply.crlf ? '\r\n\r\n' : '\n\n'
  const send = async (data: string): Promise<void> => {
    const event = `data: ${data}${end}`
    if (!reply.crlf) {
      response.write(event)
      return
    }
    const cut = event.length - 3
    response.write(event.slice(0, 10))
    await sleep(2)
    response.write(event.slice(10, cut))
    await sleep(2)
    response.write(event.slice(cut))
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  response.flushHeaders()
  await sleep(reply.firstDelayMs ?? 0)
  await send(chunk(id, model, { role: 'assistant', content: '' }, null))
  for (const [index, delta] of reply.deltas.entries()) {
    if (response.destroyed) return
    if (fault?.kind === 'cut' && index === fault.afterTokens) {
      response.destroy()
      return
    }
    if (index > 0) await sleep(reply.deltaDelayMs ?? 0)
    await send(chunk(id, model, delta, null))
  }
  if (reply.error !== undefined) {
    await send(JSON.stringify({ error: { message: reply.error, type: 'server_error' } }))
  } else {
    await send(chunk(id, model, {}, 'stop'))
    const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true
    if (reply.usage !== undefined && wantsUsage) await send(chunk(id, model, {}, null, reply.usage))
  }
  response.end(`data: [DONE]${end}`)
}

export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const requests: ChatRequestBody[] = []
  const open = new Set<ServerResponse>()
  let counter = 0
  const server = createServer((request, response) => {
    open.add(response)
    response.once('close', () => open.delete(response))
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}')
        return
      }
      const body = await readJsonBody<ChatRequestBody>(request)
      requests.push(body)
      await answer(body, replyFor(body, options), `chatcmpl-${++counter}`, response)
    })().catch(() => response.destroy())
  })
  const listening = await listenOnLoopback(server)
  return {
    url: listening.url,
    requests,
    async close() {
      for (const response of open) response.destroy()
      await listening.close()
    },
  }
}
