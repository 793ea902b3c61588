/**
 * Shadow traffic: a configured fraction of the requests a primary backend serves is replayed on a standby backend,
 * its audio discarded and its latency and errors recorded — so "is failover to the standby safe?" is answered
 * continuously. Shadow requests never wait in the standby's queue (busy → skipped) and never affect clients.
 */
import type { Logger } from 'pino'
import type { Backend, SessionRequest } from './backend.js'
import type { ChorusMetrics } from './metrics.js'

export interface ShadowRule {
  readonly from: string
  readonly to: string
  readonly fraction: number
  readonly voiceMap: Readonly<Record<string, string>>
}

export interface ShadowResult {
  readonly from: string
  readonly to: string
  readonly voice: string
  readonly outcome: string
  readonly timeToFirstAudioMs?: number
  readonly durationMs: number
  readonly at: string
}

const KEEP_RESULTS = 100

export class ShadowTraffic {
  readonly #rules: readonly ShadowRule[]
  readonly #inFlight = new Set<Promise<void>>()
  readonly #recent: ShadowResult[] = []

  constructor(
    rules: readonly ShadowRule[],
    private readonly backends: ReadonlyMap<string, Backend>,
    private readonly metrics: ChorusMetrics,
    private readonly random: () => number = Math.random,
    private readonly log?: Logger,
  ) {
    this.#rules = rules
  }

  /** The latest results, newest last. */
  get recent(): readonly ShadowResult[] {
    return this.#recent
  }

  /** Called when `primary` has started serving `request`; may start a mirrored request in the background. */
  mirror(primary: string, request: SessionRequest): void {
    for (const rule of this.#rules) {
      if (rule.from !== primary || this.random() >= rule.fraction) continue
      const standby = this.backends.get(rule.to)
      if (!standby) continue
      const voice = rule.voiceMap[request.voice] ?? request.voice
      const task = this.#run(rule, standby, { ...request, voice })
      this.#inFlight.add(task)
      void task.finally(() => this.#inFlight.delete(task))
    }
  }

  async #run(rule: ShadowRule, standby: Backend, request: SessionRequest): Promise<void> {
    const started = performance.now()
    let outcome = 'ok'
    let timeToFirstAudioMs: number | undefined
    if (standby.pool.active >= standby.pool.limit) {
      outcome = 'skipped_busy'
    } else {
      try {
        const session = await standby.open(request, AbortSignal.timeout(standby.config.timeouts.totalMs))
        timeToFirstAudioMs = session.timeToFirstAudioMs
        this.metrics.shadowTimeToFirstAudio.observe({ to: rule.to }, timeToFirstAudioMs / 1000)
        for await (const _chunk of session.chunks) {
          // The standby's audio is discarded; only its timing and errors matter.
        }
        this.metrics.shadowLatency.observe({ to: rule.to }, (performance.now() - started) / 1000)
      } catch (error) {
        outcome = (error as { code?: string }).code ?? 'error'
      }
    }
    this.metrics.shadowRequests.inc({ from: rule.from, to: rule.to, outcome })
    const result: ShadowResult = {
      from: rule.from,
      to: rule.to,
      voice: request.voice,
      outcome,
      ...(timeToFirstAudioMs !== undefined ? { timeToFirstAudioMs } : {}),
      durationMs: performance.now() - started,
      at: new Date().toISOString(),
    }
    this.#recent.push(result)
    if (this.#recent.length > KEEP_RESULTS) this.#recent.shift()
    this.log?.info({ shadow: result }, 'shadow request finished')
  }

  /** Waits for mirrored requests under way (used at shutdown and by tests). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#inFlight])
  }
}
