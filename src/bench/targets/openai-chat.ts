/**
 * `openai-chat`: one `POST /v1/chat/completions` (OpenAI's chat wire format, spoken by vLLM, llama.cpp's server,
 * Ollama, LocalAI …) with `stream: true` and `stream_options.include_usage`, read as server-sent events. `ttfaMs` is
 * the time to the first content token; `tokens` comes from the final `usage.completion_tokens` when the server sends
 * it, else from the number of non-empty content deltas (most servers send one token per delta). A server that ignores
 * `stream` and answers one JSON document is read too (its first token is then its whole answer).
 *
 * The reply is then held to the voice-agent checks (./chat-checks.ts): reasoning in the content → `reasoning_leak`
 * (checked first: a leaked chain of thought is the worse fault), a broken response contract → `contract`. An `error`
 * object inside the stream counts as `http_5xx`. `reasoning_content` deltas are the model's reasoning, properly
 * separated, and are neither content nor a leak.
 *
 * @example
 * const outcome = await requestOpenAiChat(
 *   { url: 'http://127.0.0.1:8000/v1/chat/completions', prompt: { id: 'q1', text: 'Hi' }, model: 'qwen3',
 *     chat: { contract: compileContract({ regex: '^[^{}]+$' }) } },
 *   signal,
 * )
 * outcome.tokens, outcome.reasoningLeak, outcome.contractPass
 */
import { DEFAULT_REASONING_PATTERN } from './chat-checks.js'
import { header, measureRequest, post, RequestFailure, type OutcomeDraft, type RequestContext } from './measure.js'
import { SseReader } from './sse-events.js'
import type { RequestOutcome, TargetRequest } from './target.js'

export const OPENAI_CHAT_PATH = '/v1/chat/completions'
const DEFAULT_MODEL = 'default'
const DEFAULT_LEAK = new RegExp(DEFAULT_REASONING_PATTERN, 'i')

interface ChatChunk {
  readonly choices?: readonly {
    readonly delta?: { readonly content?: unknown }
    readonly message?: { readonly content?: unknown }
  }[]
  readonly usage?: { readonly completion_tokens?: unknown } | null
  readonly error?: unknown
}

/** Collects content and token counts from chunks as they arrive. */
class ReplyCollector {
  content = ''
  deltas = 0
  usageTokens: number | undefined

  constructor(
    private readonly draft: OutcomeDraft,
    private readonly context: RequestContext,
    private readonly onContent?: (piece: string, atMs: number) => void,
  ) {}

  take(data: string): void {
    let chunk: ChatChunk
    try {
      chunk = JSON.parse(data) as ChatChunk
    } catch {
      throw new RequestFailure('other', `a stream event is not JSON: ${data.slice(0, 120)}`)
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      const message = (chunk.error as { message?: unknown }).message
      throw new RequestFailure(
        'http_5xx',
        `error inside the stream: ${typeof message === 'string' ? message : JSON.stringify(chunk.error)}`,
      )
    }
    const choice = chunk.choices?.[0]
    const piece = choice?.delta?.content ?? choice?.message?.content
    if (typeof piece === 'string' && piece !== '') {
      const atMs = this.context.elapsed()
      this.draft.ttfaMs ??= atMs
      this.content += piece
      this.deltas += 1
      this.onContent?.(piece, atMs)
    }
    const tokens = chunk.usage?.completion_tokens
    if (typeof tokens === 'number' && Number.isFinite(tokens)) this.usageTokens = tokens
  }
}

export function requestOpenAiChat(request: TargetRequest, signal: AbortSignal): Promise<RequestOutcome> {
  return measureRequest('openai-chat', request, signal, async (draft, context) => {
    const options = request.chat ?? {}
    const messages = [
      ...(options.system ? [{ role: 'system', content: options.system }] : []),
      { role: 'user', content: request.prompt.text },
    ]
    const body = {
      model: request.model ?? DEFAULT_MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    }
    const response = await post(
      request.url,
      { body: JSON.stringify(body), headers: request.headers ?? {}, dispatcher: request.dispatcher },
      draft,
      context,
    )
    const streamed = /event-stream/i.test(header(response, 'content-type') ?? '')
    const reply = new ReplyCollector(draft, context, options.onContent)
    const decoder = new TextDecoder()
    const reader = new SseReader()
    let whole = ''
    let done = false
    try {
      for await (const chunk of response.body) {
        draft.firstByteMs ??= context.elapsed()
        draft.bytes += (chunk as Buffer).length
        const text = decoder.decode(chunk as Buffer, { stream: true })
        if (!streamed) {
          whole += text
          continue
        }
        for (const data of reader.push(text)) {
          if (data.trim() === '[DONE]') done = true
          else if (!done) reply.take(data)
        }
      }
      const rest = decoder.decode()
      if (streamed) {
        for (const data of [...reader.push(rest), ...reader.end()]) {
          if (data.trim() === '[DONE]') done = true
          else if (!done) reply.take(data)
        }
      } else reply.take(whole + rest)
    } finally {
      response.body.on('error', () => {})
      if (!response.body.destroyed) response.body.destroy()
    }
    draft.content = reply.content
    draft.tokens = reply.usageTokens ?? reply.deltas
    draft.tokensFrom = reply.usageTokens !== undefined ? 'usage' : 'deltas'
    if (reply.content === '') throw new RequestFailure('other', 'the reply has no content')
    const leak = (options.reasoningPattern ?? DEFAULT_LEAK).exec(reply.content)
    draft.reasoningLeak = leak !== null
    const broken = options.contract?.check(reply.content)
    if (options.contract) draft.contractPass = broken === undefined
    if (leak) throw new RequestFailure('reasoning_leak', `reasoning in the content: "${leak[0]}" at ${leak.index}`)
    if (broken !== undefined) throw new RequestFailure('contract', broken)
  })
}
