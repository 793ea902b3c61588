/**
 * `chorus doctor`'s engine room: builds one engine per configured backend (as the router would, from the engine
 * registry, but used directly so failover cannot cover for a dead backend) and one recognizer per `asr[]` entry,
 * then checks them in rounds. A round checks backends concurrently (at most `concurrency` at once), each check
 * under its own time limit, together with the recognizers' health and the server's listen address. Given the
 * previous round, it checks again only what failed there, which is what `--wait` does between tries.
 *
 * @example
 * const doctor = new Doctor(config, options)
 * try {
 *   const report = await doctor.round(signal)
 *   if (!report.ok) process.exitCode = 1
 * } finally {
 *   await doctor.close()
 * }
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChorusConfig } from '../config/schema.js'
import type { AsrEngine } from '../engines/asr/asr-engine.js'
import type { AsrEngineConfig } from '../engines/asr/asr-router.js'
import { createAsrEngine, isAsrEngineKindName } from '../engines/asr/registry.js'
import type { Engine } from '../engines/engine.js'
import { createEngine, engineKinds, isEngineKindName } from '../engines/registry.js'
import { ChorusError } from '../errors.js'
import { aliasTable } from '../router/build.js'
import { checkBackend, type BackendCheckContext, type BackendCheckOptions } from './backend-checks.js'
import { mapBounded } from './map-bounded.js'
import { checkPorts } from './ports.js'
import { targetFailed, type DoctorReport, type TargetReport } from './report.js'
import { fail, pass, timedCheck } from './timed-check.js'

export interface DoctorOptions extends BackendCheckOptions {
  /** Backends checked at once. */
  readonly concurrency: number
}

/** How long `close()` waits for engines by default. */
const CLOSE_GRACE_MS = 3000

export type RoundReport = Omit<DoctorReport, 'rounds' | 'elapsedMs'>

/** Builds each engine once, on first use; a build that fails is tried again on the next use. */
class LazyEngines<T extends { close(): Promise<void> }> {
  readonly #built = new Map<string, Promise<T>>()

  get(id: string, build: () => Promise<T>): Promise<T> {
    let engine = this.#built.get(id)
    if (!engine) {
      engine = build()
      this.#built.set(id, engine)
      engine.catch(() => this.#built.delete(id))
    }
    return engine
  }

  /** Closes every engine built, giving up on any that is not closed within `graceMs` (left to the process exit). */
  async close(graceMs: number): Promise<void> {
    const building = [...this.#built.values()]
    this.#built.clear()
    const closing = building.map((engine) => engine.then((built) => built.close()))
    await Promise.race([Promise.allSettled(closing), sleep(graceMs, undefined, { ref: false })])
  }
}

export class Doctor {
  readonly #config: Readonly<ChorusConfig>
  readonly #options: DoctorOptions
  readonly #engines = new LazyEngines<Engine>()
  readonly #recognizers = new LazyEngines<AsrEngine>()
  readonly #contexts: readonly BackendCheckContext[]

  constructor(config: Readonly<ChorusConfig>, options: DoctorOptions) {
    this.#config = config
    this.#options = options
    const aliases = aliasTable(config)
    this.#contexts = config.backends.map((backend) => {
      const kind = backend.kind
      if (!isEngineKindName(kind))
        throw new ChorusError('CHORUS_ERR_CONFIG_INVALID', { reason: `unknown kind ${kind}` })
      return {
        backend,
        kindClass: engineKinds[kind].kind,
        aliases,
        options,
        engine: () =>
          this.#engines.get(backend.id, () => createEngine(kind, { id: backend.id, settings: backend.settings })),
      }
    })
  }

  /** One round of checks; with `previous`, only its failed targets (and a failed `ports`) are checked again. */
  async round(signal: AbortSignal, previous?: RoundReport): Promise<RoundReport> {
    const again = (earlier: TargetReport | undefined): boolean => !earlier || targetFailed(earlier)
    const [backends, asr, ports] = await Promise.all([
      mapBounded(this.#contexts, this.#options.concurrency, async (context, index) => {
        const earlier = previous?.backends[index]
        return again(earlier) ? checkBackend(context, signal) : earlier!
      }),
      Promise.all(
        this.#config.asr.map(async (entry, index) => {
          const earlier = previous?.asr[index]
          return again(earlier) ? this.#checkRecognizer(entry, signal) : earlier!
        }),
      ),
      previous && previous.ports.status !== 'fail'
        ? previous.ports
        : checkPorts(this.#config.server, this.#options.checkTimeoutMs, signal),
    ])
    const ok = ports.status !== 'fail' && ![...backends, ...asr].some(targetFailed)
    return { ok, config: this.#config.source, backends, asr, ports }
  }

  /**
   * Releases every engine. An engine still waiting on a backend that never answered (`health()` takes no signal) may
   * not close until its own timeouts; after `graceMs` it is left behind rather than holding up a restart script.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    await Promise.all([this.#engines.close(graceMs), this.#recognizers.close(graceMs)])
  }

  /** A configured recognizer's `health()`: what `/v1/audio/transcriptions` and the lab rely on. */
  async #checkRecognizer(entry: AsrEngineConfig, signal: AbortSignal): Promise<TargetReport> {
    const kind = entry.kind
    const health = await timedCheck('health', this.#options.checkTimeoutMs, signal, async () => {
      if (!isAsrEngineKindName(kind)) return fail(`unknown ASR kind ${kind}`)
      const engine = await this.#recognizers.get(entry.id, () =>
        createAsrEngine(kind, { id: entry.id, settings: entry.settings }),
      )
      const result = await engine.health()
      return result.ok ? pass(result.detail ?? 'ok') : fail(result.detail ?? 'unhealthy')
    })
    return { id: entry.id, kind, checks: [health] }
  }
}
