/**
 * The checks `chorus doctor` runs on each configured backend, as a table: each row names the checks it needs (a row
 * whose prerequisite failed is skipped, not run against a backend known to be down), its time limit (from the
 * backend's own settings where it has one, capped by `--check-timeout`) and what it does. Every backend is checked
 * on its own engine, never through the router, so failover cannot hide a dead one.
 */
import type { PcmAudio } from '../audio/pcm.js'
import type { BackendConfig } from '../config/schema.js'
import type { Engine, EngineKind } from '../engines/engine.js'
import type { AliasTable } from '../router/voice-aliases.js'
import { asrCheck, type AsrSmokeOptions } from './asr-check.js'
import { checkReachable, reachableTimeoutMs } from './reachable.js'
import type { CheckResult, TargetReport } from './report.js'
import { smokeTest, type SmokeLimits } from './smoke.js'
import { smokeVoice } from './smoke-voice.js'
import { fail, pass, timedCheck, type CheckOutcome } from './timed-check.js'

export interface BackendCheckOptions extends SmokeLimits {
  /** What the smoke test says. */
  readonly phrase: string
  /** Backend id → voice for its smoke test (`--voice backend=voice`). */
  readonly voices: Readonly<Record<string, string>>
  /**
   * Upper limit of every check, ms. Checks with a limit in the backend's configuration use it when it is lower, as
   * the router would: `reachable` the connect timeout, `health` the probe timeout (`health.timeoutMs`), `smoke` the
   * whole-synthesis timeout (`timeouts.totalMs`).
   */
  readonly checkTimeoutMs: number
  /** Transcribe each smoke clip and judge its WER (`--asr`); absent: no `asr` row. */
  readonly asr?: AsrSmokeOptions
}

/** One backend being checked: its configuration, its engine (built on first use) and what earlier checks left. */
export interface BackendCheckContext {
  readonly backend: BackendConfig
  /** The engine kind's class: `http`, `cli`, `embedded`, `model`. */
  readonly kindClass: EngineKind
  readonly aliases: AliasTable
  readonly options: BackendCheckOptions
  engine(): Promise<Engine>
  /** Set by `smoke` for `asr`. */
  smokeAudio?: PcmAudio
}

export interface BackendCheck {
  readonly name: string
  /** Checks that must not have failed (or been skipped for a failure) for this one to run. */
  readonly needs: readonly string[]
  readonly enabled: (options: BackendCheckOptions) => boolean
  readonly timeoutMs: (backend: BackendConfig, options: BackendCheckOptions) => number
  readonly run: (context: BackendCheckContext, signal: AbortSignal) => Promise<CheckOutcome>
}

const always = (): boolean => true
const checkTimeout = (_backend: BackendConfig, options: BackendCheckOptions): number => options.checkTimeoutMs

export const BACKEND_CHECKS: readonly BackendCheck[] = [
  {
    name: 'reachable',
    needs: [],
    enabled: always,
    timeoutMs: (backend, options) => Math.min(reachableTimeoutMs(backend), options.checkTimeoutMs),
    run: (context, signal) => checkReachable(context.kindClass, context.backend, signal),
  },
  {
    name: 'health',
    needs: ['reachable'],
    enabled: always,
    timeoutMs: (backend, options) => Math.min(backend.health.timeoutMs, options.checkTimeoutMs),
    run: async (context) => {
      const health = await (await context.engine()).health()
      return health.ok ? pass(health.detail ?? 'ok') : fail(health.detail ?? 'unhealthy')
    },
  },
  {
    name: 'smoke',
    needs: ['reachable'],
    enabled: always,
    timeoutMs: (backend, options) => Math.min(backend.timeouts.totalMs, options.checkTimeoutMs),
    run: async (context, signal) => {
      const engine = await context.engine()
      const { voice, source } = await smokeVoice(engine, context.aliases, context.options.voices)
      const request = { text: context.options.phrase, voice }
      const result = await smokeTest(engine, request, context.options, signal, `voice ${voice} (${source})`)
      context.smokeAudio = result.outcome.status === 'pass' ? result.audio : undefined
      return result.outcome
    },
  },
  {
    name: 'asr',
    needs: ['smoke'],
    enabled: (options) => options.asr !== undefined,
    timeoutMs: checkTimeout,
    run: async (context, signal) => {
      if (!context.smokeAudio || !context.options.asr) return fail('no smoke clip to transcribe')
      return asrCheck(context.smokeAudio, context.options.phrase, context.options.asr, signal)
    },
  },
]

/** Runs the table on one backend, in order. */
export async function checkBackend(context: BackendCheckContext, signal: AbortSignal): Promise<TargetReport> {
  const results: CheckResult[] = []
  /** Checks that failed, or were skipped because something they need failed. */
  const blocked = new Set<string>()
  context.smokeAudio = undefined
  for (const check of BACKEND_CHECKS) {
    if (!check.enabled(context.options)) continue
    const missing = check.needs.find((name) => blocked.has(name))
    if (missing !== undefined) {
      blocked.add(check.name)
      results.push({ name: check.name, status: 'skip', ms: 0, detail: `skipped: \`${missing}\` did not pass` })
      continue
    }
    const result = await timedCheck(check.name, check.timeoutMs(context.backend, context.options), signal, (inner) =>
      check.run(context, inner),
    )
    if (result.status === 'fail') blocked.add(check.name)
    results.push(result)
  }
  return { id: context.backend.id, kind: context.backend.kind, checks: results }
}
