/**
 * Routes a speech request: resolves the voice (an alias such as `alloy` or `f1`, an engine voice id such as `slt`,
 * or an explicit `backend:voice`) to an ordered chain of backends, and opens a session on the first one that
 * produces audible audio. A backend that refuses, times out, errors or returns silence before the first audio byte
 * is skipped for the next one; an open circuit is skipped without trying. Long text is planned into chunks here.
 */
import type { Logger } from 'pino'
import { collectAudio } from '../audio/collect.js'
import type { PcmAudio } from '../audio/pcm.js'
import type { AudioChunk, EngineVoice } from '../engines/engine.js'
import { ChorusError, isAbortError, toChorusError } from '../errors.js'
import { planTextChunks } from '../text/chunk-plan.js'
import type { NormalizationOptions } from '../text/normalize/index.js'
import type { Backend } from './backend.js'
import type { ChorusMetrics } from './metrics.js'
import type { ShadowTraffic } from './shadow.js'
import type { AliasTable, VoiceTarget } from './voice-aliases.js'

export interface SpeechRequest {
  readonly text: string
  readonly voice: string
  /** 0.25–4.0; engines without a native rate are time-stretched (pitch kept). */
  readonly speed?: number
  readonly instructions?: string
  /** Random seed for engines that sample (`capabilities.seed`); others ignore it. */
  readonly seed?: number
  /** When a backend id, only that backend's voices are considered. */
  readonly model?: string
  /** Per-request front-end normalization switches (Kokoro-FastAPI's `normalization_options`). */
  readonly normalization?: NormalizationOptions
}

export interface SpeechResult {
  readonly engineId: string
  readonly voice: string
  /** How many backends failed (or were skipped) before this one served. */
  readonly failovers: number
  /** Audio chunks; the first is audible. */
  readonly chunks: AsyncIterable<AudioChunk>
}

export interface VoiceListing {
  readonly id: string
  readonly name: string
  readonly engine: string
  readonly languages: readonly string[]
  readonly gender?: string
  /** For aliases: the `backend:voice` targets in order. */
  readonly targets?: readonly string[]
}

/** Errors after which the next backend in the chain is tried. */
const FAILOVER_CODES: ReadonlySet<string> = new Set([
  'CHORUS_ERR_UPSTREAM_UNAVAILABLE',
  'CHORUS_ERR_UPSTREAM_TIMEOUT',
  'CHORUS_ERR_UPSTREAM_ERROR',
  'CHORUS_ERR_UPSTREAM_BAD_AUDIO',
  'CHORUS_ERR_SILENT_AUDIO',
  'CHORUS_ERR_SYNTHESIS_FAILED',
  'CHORUS_ERR_ENGINE_UNAVAILABLE',
  'CHORUS_ERR_QUEUE_FULL',
  'CHORUS_ERR_CIRCUIT_OPEN',
  'CHORUS_ERR_VOICE_NOT_FOUND',
  'CHORUS_ERR_INTERNAL',
])

export interface SpeechRouterOptions {
  readonly backends: ReadonlyMap<string, Backend>
  readonly aliases: AliasTable
  readonly metrics: ChorusMetrics
  readonly shadow?: ShadowTraffic
  readonly log?: Logger
}

export class SpeechRouter {
  readonly backends: ReadonlyMap<string, Backend>
  readonly metrics: ChorusMetrics
  readonly shadow: ShadowTraffic | undefined
  readonly #aliases: AliasTable
  readonly #log: Logger | undefined
  readonly #voiceCache = new Map<string, Promise<readonly EngineVoice[]>>()
  #probeTimers: NodeJS.Timeout[] = []

  constructor(options: SpeechRouterOptions) {
    this.backends = options.backends
    this.metrics = options.metrics
    this.shadow = options.shadow
    this.#aliases = options.aliases
    this.#log = options.log
  }

  get engineIds(): string[] {
    return [...this.backends.keys()]
  }

  /** Starts periodic health probes (each backend at its own interval; 0 = off). Timers do not keep the process alive. */
  startHealthProbes(): void {
    for (const backend of this.backends.values()) {
      const interval = backend.config.health.intervalMs
      if (interval <= 0) continue
      const timer = setInterval(() => void backend.probe(), interval)
      timer.unref()
      this.#probeTimers.push(timer)
    }
  }

  /** A backend's voices; a failed listing (upstream down) is retried on the next call rather than cached. */
  async #voicesOf(backendId: string): Promise<readonly EngineVoice[]> {
    let cached = this.#voiceCache.get(backendId)
    if (!cached) {
      cached = this.backends.get(backendId)!.engine.listVoices()
      this.#voiceCache.set(backendId, cached)
      cached.catch(() => this.#voiceCache.delete(backendId))
    }
    try {
      return await cached
    } catch {
      return []
    }
  }

  async #allVoices(): Promise<Map<string, readonly EngineVoice[]>> {
    const entries = await Promise.all(this.engineIds.map(async (id) => [id, await this.#voicesOf(id)] as const))
    return new Map(entries)
  }

  async listVoices(): Promise<VoiceListing[]> {
    const byBackend = await this.#allVoices()
    const aliases: VoiceListing[] = Object.entries(this.#aliases).map(([id, targets]) => {
      const primary = targets[0]
      const voice = primary
        ? byBackend.get(primary.engine)?.find((candidate) => candidate.id === primary.voice)
        : undefined
      return {
        id,
        name: voice ? `${id} (${voice.name})` : id,
        engine: primary?.engine ?? '',
        languages: voice?.languages ?? [],
        ...(voice?.gender ? { gender: voice.gender } : {}),
        targets: targets.map((target) => `${target.engine}:${target.voice}`),
      }
    })
    const voices: VoiceListing[] = [...byBackend].flatMap(([engine, list]) =>
      list.map((voice) => ({
        id: voice.id,
        name: voice.name,
        engine,
        languages: voice.languages,
        ...(voice.gender ? { gender: voice.gender } : {}),
      })),
    )
    return [...aliases, ...voices]
  }

  async #validVoiceNames(): Promise<string> {
    const listing = await this.listVoices()
    const names = [...new Set(listing.map((voice) => voice.id))]
    return names.length > 60
      ? `${names.slice(0, 60).join(', ')}, … (${names.length} in all; GET /v1/audio/voices)`
      : names.join(', ')
  }

  /** Backends that list `voiceName`, or accept it (a Kokoro-style mix), in backend order. */
  async #backendsOffering(voiceName: string): Promise<string[]> {
    const byBackend = await this.#allVoices()
    const accepting = await Promise.all(
      [...byBackend].map(async ([engine, voices]) => {
        if (voices.some((voice) => voice.id === voiceName)) return engine
        const accepts = this.backends.get(engine)!.engine.acceptsVoice
        return accepts && (await accepts.call(this.backends.get(engine)!.engine, voiceName).catch(() => false))
          ? engine
          : undefined
      }),
    )
    return accepting.filter((engine): engine is string => engine !== undefined)
  }

  /** The ordered targets a voice name stands for; throws CHORUS_ERR_VOICE_NOT_FOUND listing the valid names. */
  async resolve(voiceName: string, model?: string): Promise<readonly VoiceTarget[]> {
    const onlyBackend = model !== undefined && this.backends.has(model) ? model : undefined
    const keep = (targets: readonly VoiceTarget[]): VoiceTarget[] =>
      targets.filter((target) => this.backends.has(target.engine) && (!onlyBackend || target.engine === onlyBackend))
    const offering = async (): Promise<VoiceTarget[]> =>
      keep((await this.#backendsOffering(voiceName)).map((engine) => ({ engine, voice: voiceName })))
    let candidates: VoiceTarget[]
    if (Object.hasOwn(this.#aliases, voiceName)) {
      // Configured chains are trusted as written: a voice a backend rejects fails over like any other error.
      candidates = keep(this.#aliases[voiceName]!)
      // Pinned to a backend outside the alias's chain, the name may still be that backend's own voice (`alloy` on an
      // OpenAI backend while the alias `alloy` maps onto the embedded engine).
      if (candidates.length === 0 && onlyBackend) candidates = await offering()
    } else {
      const colon = voiceName.indexOf(':')
      const explicit = colon > 0 && this.backends.has(voiceName.slice(0, colon))
      candidates = explicit
        ? keep([{ engine: voiceName.slice(0, colon), voice: voiceName.slice(colon + 1) }])
        : await offering()
    }
    if (candidates.length === 0) {
      throw new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', { voice: voiceName, valid: await this.#validVoiceNames() })
    }
    return candidates
  }

  /**
   * The whole audio of a request, for responses that are sent only once complete (whole files, the Chatterbox route).
   * Since nothing has reached the client yet, a backend that fails even after its first audio is replaced by the next
   * one in the chain, and the text is synthesized again from the start.
   */
  async synthesizeAll(
    request: SpeechRequest,
    signal: AbortSignal,
  ): Promise<Omit<SpeechResult, 'chunks'> & { audio: PcmAudio }> {
    const skip = new Set<string>()
    let failovers = 0
    for (;;) {
      const result = await this.synthesize(request, signal, skip)
      try {
        const audio = await collectAudio(result.chunks)
        return { engineId: result.engineId, voice: result.voice, failovers: failovers + result.failovers, audio }
      } catch (caught) {
        const error = toChorusError(caught, { engine: result.engineId })
        if (signal.aborted || error.code === 'CHORUS_ERR_ABORTED' || !FAILOVER_CODES.has(error.code)) throw error
        const remaining = (await this.resolve(request.voice, request.model)).filter(
          (target) => !skip.has(target.engine) && target.engine !== result.engineId,
        )
        if (remaining.length === 0) throw error
        skip.add(result.engineId)
        failovers += result.failovers + 1
        this.metrics.failovers.inc({ from: result.engineId, reason: error.code })
        this.#log?.warn(
          { backend: result.engineId, code: error.code },
          'backend failed mid-synthesis of a whole-file response; trying the next',
        )
      }
    }
  }

  /** `skip`: backends already tried for this request (by synthesizeAll); they count as failovers. */
  async synthesize(
    request: SpeechRequest,
    signal: AbortSignal,
    skip: ReadonlySet<string> = new Set(),
  ): Promise<SpeechResult> {
    const targets = (await this.resolve(request.voice, request.model)).filter((target) => !skip.has(target.engine))
    const chunks = planTextChunks(request.text)
    const errors: ChorusError[] = []
    for (const [index, target] of targets.entries()) {
      signal.throwIfAborted()
      const backend = this.backends.get(target.engine)!
      // In half-open, a request let through is the one trial; it must give the slot back if it proves nothing.
      const isTrial = backend.breaker.state === 'half-open'
      if (!backend.breaker.tryAcquire()) {
        errors.push(
          new ChorusError('CHORUS_ERR_CIRCUIT_OPEN', {
            engine: backend.id,
            retryAfter: backend.breaker.retryAfterSeconds,
          }),
        )
        this.metrics.failovers.inc({ from: backend.id, reason: 'CHORUS_ERR_CIRCUIT_OPEN' })
        continue
      }
      const sessionRequest = {
        chunks,
        voice: target.voice,
        speed: request.speed ?? 1,
        ...(request.instructions !== undefined ? { instructions: request.instructions } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.normalization ? { normalization: request.normalization } : {}),
      }
      try {
        const session = await backend.open(sessionRequest, signal)
        backend.breaker.recordSuccess()
        this.shadow?.mirror(backend.id, sessionRequest)
        return { engineId: backend.id, voice: target.voice, failovers: index, chunks: session.chunks }
      } catch (caught) {
        if (signal.aborted || isAbortError(caught)) {
          // A trial abandoned by its client says nothing about the backend; left held, it would wedge the circuit.
          if (isTrial) backend.breaker.cancelTrial()
          throw toChorusError(caught)
        }
        const error = toChorusError(caught, { engine: backend.id })
        // A full queue is load, not a fault: it gives a trial back but does not count against the backend.
        if (error.code !== 'CHORUS_ERR_QUEUE_FULL') backend.breaker.recordFailure()
        else if (isTrial) backend.breaker.cancelTrial()
        this.metrics.backendFailures.inc({ backend: backend.id, code: error.code })
        if (!FAILOVER_CODES.has(error.code)) throw error
        // A voice the only candidate lacks is the caller's mistake; say which voices exist.
        if (error.code === 'CHORUS_ERR_VOICE_NOT_FOUND' && targets.length === 1) throw error
        errors.push(error)
        this.metrics.failovers.inc({ from: backend.id, reason: error.code })
        this.#log?.warn(
          { backend: backend.id, code: error.code, message: error.message },
          'backend failed before first audio; trying the next',
        )
      }
    }
    throw summarize(errors, request.voice)
  }

  async ready(): Promise<{
    ready: boolean
    engines: Record<string, { ok: boolean; detail?: string; circuit: string }>
  }> {
    const results = await Promise.all(
      [...this.backends.values()].map(async (backend) => {
        await backend.probe()
        return [
          backend.id,
          { ok: backend.healthy, detail: backend.healthDetail, circuit: backend.breaker.state },
        ] as const
      }),
    )
    // Ready when every alias and voice can be served by at least one healthy backend: here, when any backend is up.
    return { ready: results.some(([, state]) => state.ok), engines: Object.fromEntries(results) }
  }

  async close(): Promise<void> {
    for (const timer of this.#probeTimers) clearInterval(timer)
    this.#probeTimers = []
    await this.shadow?.settle()
    await Promise.all([...this.backends.values()].map((backend) => backend.engine.close()))
  }
}

/** One error for a chain that failed everywhere: capacity errors keep their Retry-After, otherwise the last cause. */
function summarize(errors: readonly ChorusError[], voice: string): ChorusError {
  if (
    errors.length > 0 &&
    errors.every((error) => error.code === 'CHORUS_ERR_QUEUE_FULL' || error.code === 'CHORUS_ERR_CIRCUIT_OPEN')
  ) {
    const retryAfter = Math.min(...errors.map((error) => error.retryAfterSeconds ?? 1))
    const full = errors.some((error) => error.code === 'CHORUS_ERR_QUEUE_FULL')
    return full
      ? new ChorusError('CHORUS_ERR_QUEUE_FULL', { voice, retryAfter })
      : new ChorusError('CHORUS_ERR_CIRCUIT_OPEN', {
          engine: errors.map((error) => error.details.engine).join(', '),
          retryAfter,
        })
  }
  const last = [...errors]
    .reverse()
    .find((error) => error.code !== 'CHORUS_ERR_CIRCUIT_OPEN' && error.code !== 'CHORUS_ERR_QUEUE_FULL')
  return last ?? errors.at(-1) ?? new ChorusError('CHORUS_ERR_INTERNAL', { reason: 'no backend was tried' })
}
