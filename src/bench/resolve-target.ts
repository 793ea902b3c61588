/**
 * Turns a spec's target into something that sends one request to instance i: full endpoint URLs for `url` and
 * `instances`; for `backend`, the Chorus configuration's entry — an `openai-http` or `chatterbox-http` backend is
 * benched directly at its URL (with its model, API key or token), any other backend in-process through a router
 * built over that backend alone (so it is exercised with its pool, timeouts and text chunking, minus HTTP).
 */
import { Agent } from 'undici'
import { loadConfig } from '../config/load.js'
import { closestKey } from '../config/suggest.js'
import { ChorusError } from '../errors.js'
import { buildRouter } from '../router/build.js'
import type { SpeechRouter } from '../router/speech-router.js'
import type { BenchSpec } from './spec.js'
import { specKind } from './spec.js'
import { compileContract, reasoningPattern } from './targets/chat-checks.js'
import { requestRouterSpeech } from './targets/in-process-speech.js'
import { benchTargets, endpointUrl } from './targets/index.js'
import type {
  ChatRequestOptions,
  Prompt,
  RequestOutcome,
  TargetKind,
  TargetRequest,
  TranscriptionRequestOptions,
} from './targets/target.js'

export interface ResolvedTarget {
  readonly kind: TargetKind
  readonly mode: 'http' | 'in-process'
  /** Full endpoint URLs, one per instance (`in-process:<backend>` in-process). */
  readonly endpoints: readonly string[]
  readonly backend?: string
  readonly voice?: string
  readonly model?: string
  readonly producesAudio: boolean
  /** One request to endpoint number `instance`; never rejects. */
  send(prompt: Prompt, instance: number, signal: AbortSignal, keepAudio: boolean): Promise<RequestOutcome>
  close(): Promise<void>
}

export interface ResolveOptions {
  /** Extra headers for every request (Authorization …); never stored in the spec. */
  readonly headers?: Readonly<Record<string, string>>
  /** Transcriptions: the upload per prompt id. */
  readonly uploads?: ReadonlyMap<string, TranscriptionRequestOptions>
}

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_BENCH_SPEC_INVALID', { reason })

function chatOptions(spec: BenchSpec): ChatRequestOptions {
  const chat = spec.chat
  return {
    ...(chat.contract ? { contract: compileContract(chat.contract) } : {}),
    reasoningPattern: reasoningPattern(chat.reasoningPattern),
    ...(chat.maxTokens !== undefined ? { maxTokens: chat.maxTokens } : {}),
    ...(chat.system !== undefined ? { system: chat.system } : {}),
    ...(chat.temperature !== undefined ? { temperature: chat.temperature } : {}),
  }
}

interface HttpTargetSetup {
  readonly kind: TargetKind
  readonly urls: readonly string[]
  readonly headers: Readonly<Record<string, string>>
  readonly model?: string
  readonly voice?: string
  readonly backend?: string
}

function httpTarget(spec: BenchSpec, setup: HttpTargetSetup, options: ResolveOptions): ResolvedTarget {
  const target = benchTargets[setup.kind]
  const endpoints = setup.urls.map((url) => endpointUrl(url, setup.kind))
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connect: { timeout: Math.min(spec.timeoutMs, 10_000) } })
  const chat = setup.kind === 'openai-chat' ? chatOptions(spec) : undefined
  return {
    kind: setup.kind,
    mode: 'http',
    endpoints,
    producesAudio: target.producesAudio,
    ...(setup.backend ? { backend: setup.backend } : {}),
    ...(setup.voice ? { voice: setup.voice } : {}),
    ...(setup.model ? { model: setup.model } : {}),
    send(prompt, instance, signal, keepAudio) {
      const request: TargetRequest = {
        url: endpoints[instance % endpoints.length]!,
        prompt,
        headers: setup.headers,
        timeoutMs: spec.timeoutMs,
        keepAudio,
        dispatcher,
        speech: { responseFormat: spec.speech.responseFormat, stream: spec.speech.stream },
        ...(setup.voice ? { voice: setup.voice } : {}),
        ...(setup.model ? { model: setup.model } : {}),
        ...(chat ? { chat } : {}),
        ...(options.uploads?.get(prompt.id) ? { transcription: options.uploads.get(prompt.id)! } : {}),
      }
      return target.request(request, signal)
    },
    async close() {
      await dispatcher.close()
    },
  }
}

async function inProcessTarget(spec: BenchSpec, router: SpeechRouter, backendId: string): Promise<ResolvedTarget> {
  const engine = router.backends.get(backendId)!.engine
  const voice = spec.voice ?? (await engine.listVoices())[0]?.id
  if (!voice) throw invalid(`backend ${backendId} lists no voices; name one with voice`)
  return {
    kind: 'openai-speech',
    mode: 'in-process',
    endpoints: [`in-process:${backendId}`],
    backend: backendId,
    voice,
    producesAudio: true,
    send(prompt, _instance, signal, keepAudio) {
      return requestRouterSpeech(
        router,
        backendId,
        { url: `in-process:${backendId}`, prompt, voice, timeoutMs: spec.timeoutMs, keepAudio },
        signal,
      )
    },
    close: () => router.close(),
  }
}

async function backendTarget(spec: BenchSpec, backendId: string, options: ResolveOptions): Promise<ResolvedTarget> {
  const config = await loadConfig(spec.target.config ? { file: spec.target.config } : {})
  const backend = config.backends.find((candidate) => candidate.id === backendId)
  if (!backend) {
    const ids = config.backends.map((candidate) => candidate.id)
    const guess = closestKey(backendId, ids)
    throw invalid(
      `target.backend: no backend \`${backendId}\` in ${config.source}${guess ? `; did you mean \`${guess}\`?` : ''} Backends: ${ids.join(', ')}`,
    )
  }
  const settings = backend.settings as Record<string, unknown>
  const headers = { ...(options.headers ?? {}) }
  if (backend.kind === 'openai-http') {
    if (typeof settings.apiKey === 'string') headers.authorization ??= `Bearer ${settings.apiKey}`
    const voices = settings.voices as string[] | undefined
    return httpTarget(
      spec,
      {
        kind: 'openai-speech',
        urls: [settings.url as string],
        headers,
        model: spec.model ?? (settings.model as string),
        ...((spec.voice ?? voices?.[0]) ? { voice: spec.voice ?? voices![0]! } : {}),
        backend: backendId,
      },
      options,
    )
  }
  if (backend.kind === 'chatterbox-http') {
    if (typeof settings.token === 'string') headers['x-internal-token'] ??= settings.token
    return httpTarget(
      spec,
      {
        kind: 'chatterbox-tts',
        urls: [settings.url as string],
        headers,
        ...(spec.voice ? { voice: spec.voice } : {}),
        backend: backendId,
      },
      options,
    )
  }
  const router = await buildRouter({ ...config, backends: [backend], voices: {}, shadow: [] })
  try {
    return await inProcessTarget(spec, router, backendId)
  } catch (error) {
    await router.close()
    throw error
  }
}

export async function resolveTarget(spec: BenchSpec, options: ResolveOptions = {}): Promise<ResolvedTarget> {
  if (spec.target.backend !== undefined) return backendTarget(spec, spec.target.backend, options)
  const kind = specKind(spec)
  if (!kind) throw invalid('target.kind: say which endpoint the URL is')
  return httpTarget(
    spec,
    {
      kind,
      urls: spec.target.instances ?? [spec.target.url!],
      headers: options.headers ?? {},
      ...(spec.model ? { model: spec.model } : {}),
      ...(spec.voice ? { voice: spec.voice } : {}),
    },
    options,
  )
}
