/**
 * Turns the two sides of a compare spec into senders of one request each, reusing the bench targets
 * (src/bench/targets/) so `chorus compare` times requests exactly as `chorus bench` does:
 * - a backend side goes through a router built from the configuration over the backends the sides name, pinned to
 *   its backend (`requestRouterSpeech`): the engine with its pool, timeouts and text chunking, minus HTTP. Both
 *   backend sides share that router. The voice is checked up front the way the router resolves it at request time;
 * - a URL side is one `POST /v1/audio/speech` per request (`requestOpenAiSpeech`, streamed PCM), through its own
 *   connection pool.
 */
import { Agent } from 'undici'
import { loadConfig } from '../../config/load.js'
import { closestKey } from '../../config/suggest.js'
import { ChorusError } from '../../errors.js'
import { buildRouter } from '../../router/build.js'
import type { SpeechRouter } from '../../router/speech-router.js'
import { requestRouterSpeech } from '../targets/in-process-speech.js'
import { requestOpenAiSpeech } from '../targets/openai-speech.js'
import type { Prompt, RequestOutcome } from '../targets/target.js'
import type { CompareSpec } from './compare-spec.js'
import {
  checkSpeechEndpoint,
  isUrlSide,
  SIDE_NAMES,
  type BackendSide,
  type SideName,
  type UrlSide,
} from './side-spec.js'

/** What a side resolved to, as the reports show it. */
export type SideTarget =
  | { readonly mode: 'in-process'; readonly backend: string; readonly voice: string; readonly config: string }
  | { readonly mode: 'http'; readonly endpoint: string; readonly voice: string; readonly model?: string }

export interface CompareSideSender {
  readonly name: SideName
  readonly target: SideTarget
  /** One request; never rejects (a failure is an outcome with an error kind). */
  send(prompt: Prompt, signal: AbortSignal, keepAudio: boolean): Promise<RequestOutcome>
}

export interface OpenedSides {
  readonly a: CompareSideSender
  readonly b: CompareSideSender
  close(): Promise<void>
}

export interface OpenSidesOptions {
  /** Extra headers per URL side (Authorization …); never part of the spec. */
  readonly headers?: Partial<Record<SideName, Readonly<Record<string, string>>>>
}

const invalid = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', { reason })

function urlSender(
  name: SideName,
  side: UrlSide,
  spec: CompareSpec,
  headers: Readonly<Record<string, string>>,
): CompareSideSender & { close(): Promise<void> } {
  const endpoint = checkSpeechEndpoint(side, name)
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connect: { timeout: Math.min(spec.timeoutMs, 10_000) } })
  return {
    name,
    target: { mode: 'http', endpoint, voice: side.voice, ...(side.model ? { model: side.model } : {}) },
    send(prompt, signal, keepAudio) {
      return requestOpenAiSpeech(
        {
          url: endpoint,
          prompt,
          voice: side.voice,
          ...(side.model ? { model: side.model } : {}),
          headers,
          timeoutMs: spec.timeoutMs,
          keepAudio,
          dispatcher,
          speech: { responseFormat: 'pcm', stream: true },
        },
        signal,
      )
    },
    close: () => dispatcher.close(),
  }
}

/** The voice a backend side uses: the one named (checked as the router would resolve it), else the first listed. */
async function backendVoice(router: SpeechRouter, name: SideName, side: BackendSide): Promise<string> {
  const engine = router.backends.get(side.backend)!.engine
  const listed = await engine.listVoices().catch(() => [])
  if (side.voice === undefined) {
    const first = listed[0]?.id
    if (!first)
      throw invalid(
        `side ${name.toUpperCase()}: backend \`${side.backend}\` lists no voices; name one as ${side.backend}:<voice>`,
      )
    return first
  }
  try {
    await router.resolve(side.voice, side.backend)
  } catch (error) {
    if (!(error instanceof ChorusError) || error.code !== 'CHORUS_ERR_VOICE_NOT_FOUND') throw error
    const ids = listed.map((voice) => voice.id)
    const guess = closestKey(side.voice, ids)
    throw invalid(
      `side ${name.toUpperCase()}: backend \`${side.backend}\` has no voice \`${side.voice}\`${guess ? `; did you mean \`${guess}\`?` : ''}` +
        `${ids.length > 0 ? ` Voices: ${ids.join(', ')}` : ''}`,
    )
  }
  return side.voice
}

async function backendRouter(spec: CompareSpec, sides: readonly [SideName, BackendSide][]): Promise<SpeechRouter> {
  const config = await loadConfig(spec.config ? { file: spec.config } : {})
  const ids = config.backends.map((backend) => backend.id)
  for (const [name, side] of sides) {
    if (ids.includes(side.backend)) continue
    const guess = closestKey(side.backend, ids)
    throw invalid(
      `side ${name.toUpperCase()}: no backend \`${side.backend}\` in ${config.source}${guess ? `; did you mean \`${guess}\`?` : ''} ` +
        `Backends: ${ids.join(', ')} (or give a URL side: http://host:port#voice)`,
    )
  }
  const wanted = new Set(sides.map(([, side]) => side.backend))
  return buildRouter({
    ...config,
    backends: config.backends.filter((backend) => wanted.has(backend.id)),
    voices: {},
    shadow: [],
  })
}

export async function openSides(spec: CompareSpec, options: OpenSidesOptions = {}): Promise<OpenedSides> {
  const backendSides = SIDE_NAMES.flatMap((name) => {
    const side = spec[name]
    return isUrlSide(side) ? [] : [[name, side] as [SideName, BackendSide]]
  })
  const closers: (() => Promise<void>)[] = []
  const close = async (): Promise<void> => {
    await Promise.allSettled(closers.map((closer) => closer()))
  }
  try {
    const router = backendSides.length > 0 ? await backendRouter(spec, backendSides) : undefined
    if (router) closers.push(() => router.close())
    const configSource = spec.config ?? (process.env.CHORUS_CONFIG || 'defaults')
    const senders = {} as Record<SideName, CompareSideSender>
    for (const name of SIDE_NAMES) {
      const side = spec[name]
      if (isUrlSide(side)) {
        const sender = urlSender(name, side, spec, options.headers?.[name] ?? {})
        closers.push(() => sender.close())
        senders[name] = sender
        continue
      }
      const voice = await backendVoice(router!, name, side)
      senders[name] = {
        name,
        target: { mode: 'in-process', backend: side.backend, voice, config: configSource },
        send: (prompt, signal, keepAudio) =>
          requestRouterSpeech(
            router!,
            side.backend,
            { url: `in-process:${side.backend}`, prompt, voice, timeoutMs: spec.timeoutMs, keepAudio },
            signal,
          ),
      }
    }
    return { a: senders.a, b: senders.b, close }
  } catch (error) {
    await close()
    throw error
  }
}
