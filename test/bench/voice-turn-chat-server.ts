/**
 * A small OpenAI chat-completions server for voice-turn tests, on 127.0.0.1 with an OS-chosen port: it streams a
 * fixed reply word by word as `chat.completion.chunk` server-sent events (then `data: [DONE]`), with a configurable
 * delay before the first token and between tokens, and records every request body so a test can read the transcript
 * that reached it. Faults are real wire behaviour: an error status with OpenAI's error JSON, a connection that never
 * answers, or a stream cut off after the first tokens.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export type ChatFault =
  | { readonly kind: 'status'; readonly status: number; readonly message: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'cut'; readonly afterTokens: number }

export interface ChatServerOptions {
  readonly reply: string
  readonly firstTokenDelayMs?: number
  readonly tokenDelayMs?: number
  readonly fault?: ChatFault
}

export interface ChatRequestBody {
  readonly model?: string
  readonly stream?: boolean
  readonly messages?: readonly { readonly role: string; readonly content: string }[]
}

export interface ChatServer {
  readonly url: string
  /** Parsed bodies of every request received, in order. */
  readonly requests: readonly ChatRequestBody[]
  close(): Promise<void>
}

/** "Sure. Here it is." → ["Sure.", " Here", " it", " is."]: how streaming models send words, space first. */
export function tokensOf(reply: string): string[] {
  return reply.match(/\s*\S+/g) ?? []
}

function chunk(id: string, model: string, delta: Record<string, string>, finish: string | null): string {
  const body = {
    id,
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  }
  return `data: ${JSON.stringify(body)}\n\n`
}

async function readJson(request: IncomingMessage): Promise<ChatRequestBody> {
  const parts: Buffer[] = []
  for await (const part of request) parts.push(part as Buffer)
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as ChatRequestBody
}

export async function startChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const requests: ChatRequestBody[] = []
  const open = new Set<ServerResponse>()
  let counter = 0

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}')
      return
    }
    const body = await readJson(request)
    requests.push(body)
    const { fault } = options
    if (fault?.kind === 'hang') return // Never answers; the client's timeout must end it.
    if (fault?.kind === 'status') {
      const error = { error: { message: fault.message, type: 'server_error', param: null, code: null } }
      response.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify(error))
      return
    }
    const id = `chatcmpl-${++counter}`
    const model = body.model ?? 'test-model'
    const tokens = tokensOf(options.reply)
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    response.write(chunk(id, model, { role: 'assistant', content: '' }, null))
    await sleep(options.firstTokenDelayMs ?? 0)
    for (const [index, token] of tokens.entries()) {
      if (response.destroyed) return
      if (fault?.kind === 'cut' && index === fault.afterTokens) {
        response.destroy()
        return
      }
      if (index > 0) await sleep(options.tokenDelayMs ?? 0)
      response.write(chunk(id, model, { content: token }, null))
    }
    response.write(chunk(id, model, {}, 'stop'))
    response.end('data: [DONE]\n\n')
  }

  const server = createServer((request, response) => {
    open.add(response)
    response.once('close', () => open.delete(response))
    handle(request, response).catch((error: unknown) => {
      response.destroy(error as Error)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    async close() {
      for (const response of open) response.destroy()
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
