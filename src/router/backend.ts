/**
 * One configured backend: an engine plus what keeps it safe to use — a slot pool (concurrency + bounded queue), a
 * circuit breaker, timeouts (first audible audio, total) and the last health probe. `open()` starts a synthesis
 * session that holds one slot until its audio stream ends, and only resolves once audible audio exists, so the
 * router can still fail over.
 */
import { CrossfadeJoiner } from '../audio/crossfade.js'
import { resample } from '../audio/resample.js'
import { timeStretch } from '../audio/time-stretch.js'
import type { BackendConfig } from '../config/schema.js'
import type { AudioChunk, Engine } from '../engines/engine.js'
import { ChorusError, isAbortError, toChorusError } from '../errors.js'
import { normalizeForSpeech, type NormalizationOptions } from '../text/normalize/index.js'
import { awaitAudible } from './audible-stream.js'
import { CircuitBreaker } from './circuit-breaker.js'
import { CIRCUIT_STATE_VALUE, type ChorusMetrics } from './metrics.js'
import { prefetch } from './prefetch.js'
import { QueueFullError, Semaphore } from './semaphore.js'

/** Equal-power crossfade at text-chunk joins: 8 ms, short enough to be inaudible as an effect. */
const CROSSFADE_SECONDS = 0.008
/** Engine audio chunks pulled ahead of the client. */
const LOOK_AHEAD_CHUNKS = 4

export interface SessionRequest {
  /** Text chunks in speaking order (see planTextChunks). */
  readonly chunks: readonly string[]
  readonly voice: string
  readonly speed: number
  readonly instructions?: string
  readonly seed?: number
  readonly normalization?: NormalizationOptions
}

export interface Session {
  /** Audio from the start; the first chunk is audible. */
  readonly chunks: AsyncIterable<AudioChunk>
  readonly timeToFirstAudioMs: number
}

export class Backend {
  readonly id: string
  readonly pool: Semaphore
  readonly breaker: CircuitBreaker
  #healthy = true
  #healthDetail = 'not probed yet'

  constructor(
    readonly engine: Engine,
    readonly config: BackendConfig,
    private readonly metrics: ChorusMetrics,
  ) {
    this.id = config.id
    this.pool = new Semaphore(config.concurrency, config.queue)
    this.breaker = new CircuitBreaker({
      failureThreshold: config.circuit.failureThreshold,
      resetMs: config.circuit.resetMs,
      onChange: (state) => metrics.circuitState.set({ backend: this.id }, CIRCUIT_STATE_VALUE[state]),
    })
    metrics.circuitState.set({ backend: this.id }, 0)
    metrics.healthy.set({ backend: this.id }, 1)
  }

  get healthy(): boolean {
    return this.#healthy
  }

  get healthDetail(): string {
    return this.#healthDetail
  }

  /** Seconds a caller should wait for a slot: a rough guess from the queue length. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.pool.waiting + 1) / this.config.concurrency))
  }

  #updatePoolGauges(): void {
    this.metrics.queueDepth.set({ backend: this.id }, this.pool.waiting)
    this.metrics.inFlight.set({ backend: this.id }, this.pool.active)
  }

  /** Runs one health probe (bounded by health.timeoutMs) and feeds the circuit breaker. */
  async probe(): Promise<boolean> {
    let ok: boolean
    try {
      const health = await Promise.race([
        this.engine.health(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no answer in ${this.config.health.timeoutMs} ms`)), this.config.health.timeoutMs).unref(),
        ),
      ])
      ok = health.ok
      this.#healthDetail = health.detail ?? (ok ? 'ok' : 'failing')
    } catch (error) {
      ok = false
      this.#healthDetail = (error as Error).message
    }
    this.#healthy = ok
    this.metrics.healthy.set({ backend: this.id }, ok ? 1 : 0)
    if (!ok) this.breaker.recordFailure()
    else if (this.breaker.state === 'half-open') this.breaker.recordSuccess()
    return ok
  }

  /**
   * Starts a session: waits for a slot (QueueFullError when the queue is full), synthesizes the first text chunk
   * and resolves when audible audio exists, within timeouts.firstByteMs. Failures before that reject (the router
   * fails over); failures after it end the stream with a ChorusError.
   */
  async open(request: SessionRequest, signal: AbortSignal): Promise<Session> {
    const started = performance.now()
    let release: (() => void) | undefined
    try {
      release = await this.pool.acquire(signal)
    } catch (error) {
      if (error instanceof QueueFullError) {
        throw new ChorusError('CHORUS_ERR_QUEUE_FULL', { voice: request.voice, retryAfter: this.retryAfterSeconds })
      }
      throw toChorusError(error)
    } finally {
      this.#updatePoolGauges()
    }
    const controller = new AbortController()
    let timeoutError: ChorusError | undefined
    const abortWith = (error: ChorusError) => {
      timeoutError ??= error
      controller.abort(error)
    }
    const onClientAbort = () => controller.abort(signal.reason)
    signal.addEventListener('abort', onClientAbort, { once: true })
    const totalTimer = setTimeout(
      () => abortWith(new ChorusError('CHORUS_ERR_UPSTREAM_TIMEOUT', { engine: this.id, reason: `synthesis took longer than ${this.config.timeouts.totalMs} ms` })),
      this.config.timeouts.totalMs,
    )
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      clearTimeout(totalTimer)
      signal.removeEventListener('abort', onClientAbort)
      release!()
      this.#updatePoolGauges()
    }
    const translate = (error: unknown): ChorusError =>
      timeoutError ?? (isAbortError(error) && signal.aborted ? toChorusError(error) : toChorusError(error, { engine: this.id }))

    const source = prefetch(this.#synthesizeChunks(request, controller.signal), LOOK_AHEAD_CHUNKS)
    const firstAudioTimer = setTimeout(
      () => abortWith(new ChorusError('CHORUS_ERR_UPSTREAM_TIMEOUT', { engine: this.id, reason: `no audio within ${this.config.timeouts.firstByteMs} ms` })),
      this.config.timeouts.firstByteMs,
    )
    let audible: Awaited<ReturnType<typeof awaitAudible>>
    try {
      audible = await awaitAudible(source, this.id)
    } catch (error) {
      finish()
      await source.return(undefined).catch(() => {})
      throw translate(error)
    } finally {
      clearTimeout(firstAudioTimer)
    }
    const timeToFirstAudioMs = performance.now() - started
    this.metrics.timeToFirstAudio.observe({ backend: this.id }, timeToFirstAudioMs / 1000)
    const { breaker, metrics, id } = this
    async function* stream(): AsyncIterable<AudioChunk> {
      try {
        yield* audible.chunks
      } catch (error) {
        const chorusError = translate(error)
        if (chorusError.code !== 'CHORUS_ERR_ABORTED') {
          breaker.recordFailure()
          metrics.backendFailures.inc({ backend: id, code: chorusError.code })
        }
        throw chorusError
      } finally {
        finish()
        controller.abort()
      }
    }
    return { chunks: stream(), timeToFirstAudioMs }
  }

  /** Every text chunk through the engine, normalized if configured, speed applied, joined with crossfades. */
  async *#synthesizeChunks(request: SessionRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const engine = this.engine
    const nativeSpeed = engine.capabilities.speed
    const normalize = this.config.normalize && request.normalization?.normalize !== false
    let joiner: CrossfadeJoiner | undefined
    let sampleRate = 0
    for (const text of request.chunks) {
      const spoken = normalize ? normalizeForSpeech(text, request.normalization ?? {}) : text
      if (!/[\p{L}\p{N}]/u.test(spoken)) continue
      for await (const raw of engine.synthesize(
        {
          text: spoken,
          voice: request.voice,
          ...(nativeSpeed && request.speed !== 1 ? { speed: request.speed } : {}),
          ...(request.instructions !== undefined ? { instructions: request.instructions } : {}),
          ...(engine.capabilities.seed && request.seed !== undefined ? { seed: request.seed } : {}),
        },
        signal,
      )) {
        let chunk = raw
        if (!nativeSpeed && request.speed !== 1) chunk = await timeStretch(chunk, request.speed)
        if (sampleRate === 0) {
          sampleRate = chunk.sampleRate
          joiner = new CrossfadeJoiner(Math.round(CROSSFADE_SECONDS * sampleRate))
        } else if (chunk.sampleRate !== sampleRate) {
          chunk = await resample(chunk, sampleRate)
        }
        const ready = joiner!.write(chunk.samples)
        if (ready.length > 0) yield { samples: ready, sampleRate }
      }
      joiner?.endSegment()
    }
    const rest = joiner?.flush()
    if (rest && rest.length > 0) yield { samples: rest, sampleRate }
  }
}
