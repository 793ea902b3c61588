/**
 * Runs a bench spec (./spec.ts) end to end: loads the prompts, prepares transcription uploads, resolves the target,
 * sends the warm-up requests (discarded), then runs each step — every load level (a concurrency of the closed-loop
 * sweep, or the open-loop rate), once per instance count 1..N when several instances are given — and turns the
 * outcomes into a {@link BenchResult}: per-step metrics, the same metrics pooled over every measured request, the
 * aggregate SLO verdict and, for instances, the scaling table.
 *
 * Everything is bounded: each step by its request count AND its time cap, each request by its timeout, and the whole
 * run by `options.signal` (aborting stops starting requests and cancels those in flight).
 *
 * @example
 * const result = await runBench(parseBenchSpec(JSON.parse(await readFile('spec.json', 'utf8'))), { signal })
 * result.latency_ms.p95, result.ttfa_ms.p95, result.rtf, result.throughput_rps, result.errors, result.error_rate
 */
import type { PcmAudio } from '../audio/pcm.js'
import { CHORUS_VERSION } from '../version.js'
import { runClosedLoop, runOpenLoop, type LoadResult, type OpenLoopStats } from './load/load-loops.js'
import { computeMetrics, errorSamples, sloFigures, type BenchMetrics, type ErrorSample } from './metrics.js'
import { loadPrompts } from './prompts.js'
import { resolveTarget, type ResolvedTarget } from './resolve-target.js'
import { describeSlo, measureSlo, parseSlos, type Slo } from './slo.js'
import type { BenchSpec } from './spec.js'
import { specKind } from './spec.js'
import { PERCENTILE_METHOD, type Summary } from './stats.js'
import type { Prompt, RequestOutcome, TargetKind } from './targets/target.js'
import { prepareTranscriptionAudio } from './transcription-audio.js'
import { criterion, decide, type Verdict } from './verdict.js'

export const BENCH_RESULT_SCHEMA = 'chorus-bench/1'

export interface BenchStep extends BenchMetrics {
  readonly index: number
  /** `c=4`, `rate=5/s`, with `×2 instances` when instances are compared. */
  readonly label: string
  /** The load level without the instance count (the scaling table's grouping). */
  readonly load: string
  readonly instances: number
  readonly concurrency: number | null
  readonly rate_rps: number | null
  readonly stopped_by: LoadResult['stoppedBy']
  readonly open_loop?: OpenLoopStats
}

export interface ScalingRow {
  readonly load: string
  readonly instances: number
  readonly throughput_rps: number
  readonly latency_ms: { readonly p50: number; readonly p95: number }
  readonly ttfa_ms: { readonly p50: number; readonly p95: number }
  /** Throughput gained by this instance over one fewer (null for the first). */
  readonly marginal_gain_rps: number | null
  /** The same as a fraction of the throughput with one fewer. */
  readonly marginal_gain_fraction: number | null
  /** Throughput / (instances × throughput with one instance): 1 is perfect scaling. */
  readonly scaling_efficiency: number | null
}

/** One measured request, compact, for plots and later analysis. */
export interface RequestRecord {
  readonly step: number
  /** Which instance (index into target.endpoints) it was sent to. */
  readonly instance: number
  readonly prompt: string
  readonly ok: boolean
  readonly latency_ms: number
  readonly ttfa_ms: number | null
  readonly audio_seconds: number | null
  readonly error_kind?: string
  readonly tokens?: number
}

export interface SloRecord {
  readonly name: string
  readonly text: string
  readonly scope: Slo['scope']
  readonly bound: Slo['bound']
  readonly threshold: number
  readonly description: string
}

export interface BenchResult extends BenchMetrics {
  readonly schema: typeof BENCH_RESULT_SCHEMA
  readonly chorus_version: string
  readonly started_at: string
  readonly finished_at: string
  readonly target: {
    readonly kind: TargetKind
    readonly mode: ResolvedTarget['mode']
    readonly endpoints: readonly string[]
    readonly backend?: string
    readonly voice?: string
    readonly model?: string
  }
  readonly percentile_method: string
  readonly prompts: { readonly count: number; readonly ids: readonly string[] }
  readonly warmup: { readonly requests: number; readonly failed: number }
  readonly peak_throughput_rps: number
  readonly slos: readonly SloRecord[]
  /** The aggregate SLOs judged over every measured request; null when none were given. */
  readonly verdict: Verdict<'pass' | 'fail'> | null
  readonly steps: readonly BenchStep[]
  readonly scaling: readonly ScalingRow[] | null
  readonly error_samples: readonly ErrorSample[]
  /** Every measured request in completion order within its step. */
  readonly request_log: readonly RequestRecord[]
  readonly interrupted: boolean
  readonly spec: BenchSpec
  /**
   * With `keepAudio`: one decoded clip per prompt id (the first successful one). Not enumerable, so it stays out of
   * JSON.stringify(result) and of bench.json.
   */
  readonly samples?: Readonly<Record<string, PcmAudio>>
}

export type BenchProgress =
  | { readonly type: 'warmup'; readonly done: number; readonly total: number }
  | {
      readonly type: 'step-start'
      readonly step: number
      readonly steps: number
      readonly label: string
      readonly planned: number
    }
  | {
      readonly type: 'request'
      readonly step: number
      readonly label: string
      readonly done: number
      readonly planned: number
      readonly failed: number
      readonly outcome: RequestOutcome
    }
  | { readonly type: 'step-end'; readonly step: number; readonly steps: number; readonly result: BenchStep }

export interface RunBenchOptions {
  readonly signal: AbortSignal
  readonly onProgress?: (event: BenchProgress) => void
  /** Keep one decoded clip per prompt id in `result.samples`. */
  readonly keepAudio?: boolean
  /** Sent with every request (API keys, tokens); never written to the spec or the reports. */
  readonly headers?: Readonly<Record<string, string>>
}

interface StepPlan {
  readonly label: string
  readonly load: string
  readonly instances: number
  readonly concurrency: number | null
  readonly rate: number | null
}

function planSteps(spec: BenchSpec, instanceCount: number): StepPlan[] {
  const loads: Omit<StepPlan, 'instances' | 'label'>[] =
    spec.load.mode === 'closed'
      ? spec.load.concurrency.map((concurrency) => ({ load: `c=${concurrency}`, concurrency, rate: null }))
      : [{ load: `rate=${spec.load.rate}/s`, concurrency: null, rate: spec.load.rate }]
  const counts = instanceCount > 1 ? Array.from({ length: instanceCount }, (_, index) => index + 1) : [1]
  return counts.flatMap((instances) =>
    loads.map((load) => ({
      ...load,
      instances,
      label: instanceCount > 1 ? `${load.load} ×${instances} instance${instances === 1 ? '' : 's'}` : load.load,
    })),
  )
}

/** Throughput and latency at 1..N instances per load level, with the marginal gain of each added instance. */
export function scalingTable(steps: readonly BenchStep[]): ScalingRow[] {
  const rows: ScalingRow[] = []
  const loads = [...new Set(steps.map((step) => step.load))]
  for (const load of loads) {
    const series = steps.filter((step) => step.load === load).sort((a, b) => a.instances - b.instances)
    const single = series.find((step) => step.instances === 1)?.throughput_rps
    series.forEach((step, index) => {
      const previous = index > 0 ? series[index - 1]!.throughput_rps : undefined
      rows.push({
        load,
        instances: step.instances,
        throughput_rps: step.throughput_rps,
        latency_ms: { p50: step.latency_ms.p50, p95: step.latency_ms.p95 },
        ttfa_ms: { p50: step.ttfa_ms.p50, p95: step.ttfa_ms.p95 },
        marginal_gain_rps: previous === undefined ? null : step.throughput_rps - previous,
        marginal_gain_fraction:
          previous === undefined || previous <= 0 ? null : (step.throughput_rps - previous) / previous,
        scaling_efficiency: single && single > 0 ? step.throughput_rps / (step.instances * single) : null,
      })
    })
  }
  return rows
}

function sloRecord(slo: Slo): SloRecord {
  return {
    name: slo.name,
    text: slo.text,
    scope: slo.scope,
    bound: slo.bound,
    threshold: slo.threshold,
    description: describeSlo(slo.name),
  }
}

/** The aggregate SLOs as verdict criteria over `metrics`; null without any. */
export function judgeSlos(slos: readonly Slo[], metrics: BenchMetrics): Verdict<'pass' | 'fail'> | null {
  const aggregate = slos.filter((slo) => slo.scope === 'aggregate')
  if (aggregate.length === 0) return null
  const figures = sloFigures(metrics)
  const criteria = aggregate.map((slo) =>
    criterion(
      slo.name,
      measureSlo(slo, figures),
      slo.threshold,
      slo.bound,
      `${describeSlo(slo.name)}; as given: ${slo.text}`,
    ),
  )
  return decide(criteria, 'pass', 'fail')
}

const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100)

/** An outcome with the instance it was sent to. */
type SentOutcome = RequestOutcome & { readonly instance: number }

function requestRecord(step: number, outcome: SentOutcome): RequestRecord {
  return {
    step,
    instance: outcome.instance,
    prompt: outcome.promptId,
    ok: outcome.ok,
    latency_ms: round(outcome.latencyMs)!,
    ttfa_ms: round(outcome.ttfaMs),
    audio_seconds: outcome.audioSeconds === null ? null : Math.round(outcome.audioSeconds * 1000) / 1000,
    ...(outcome.errorKind ? { error_kind: outcome.errorKind } : {}),
    ...(outcome.tokens !== undefined ? { tokens: outcome.tokens } : {}),
  }
}

class SampleKeeper {
  readonly samples: Record<string, PcmAudio> = {}

  wants(prompt: Prompt): boolean {
    return !Object.hasOwn(this.samples, prompt.id)
  }

  take(outcome: RequestOutcome): void {
    if (outcome.ok && outcome.audio && !Object.hasOwn(this.samples, outcome.promptId))
      this.samples[outcome.promptId] = outcome.audio
  }
}

async function runStep(
  spec: BenchSpec,
  plan: StepPlan,
  target: ResolvedTarget,
  prompts: readonly Prompt[],
  context: {
    readonly signal: AbortSignal
    readonly keeper?: SampleKeeper
    readonly onOutcome: (outcome: RequestOutcome, done: number) => void
  },
): Promise<LoadResult<SentOutcome>> {
  const send = async (index: number): Promise<SentOutcome> => {
    const prompt = prompts[index % prompts.length]!
    const keep = context.keeper?.wants(prompt) ?? false
    const instance = index % plan.instances
    const outcome = await target.send(prompt, instance, context.signal, keep)
    if (keep) context.keeper!.take(outcome)
    // Audio is only held on to once per prompt; the outcome itself need not carry it further.
    const { audio: _audio, ...rest } = outcome
    return { ...rest, instance }
  }
  const common = {
    maxRequests: spec.requests,
    maxSeconds: spec.durationSeconds,
    signal: context.signal,
    send,
    onOutcome: context.onOutcome,
  }
  if (plan.concurrency !== null) return runClosedLoop({ ...common, concurrency: plan.concurrency })
  const open = spec.load as Extract<BenchSpec['load'], { mode: 'open' }>
  return runOpenLoop({ ...common, ratePerSecond: open.rate, maxInFlight: open.maxInFlight, seed: open.seed })
}

async function warmUp(
  spec: BenchSpec,
  target: ResolvedTarget,
  prompts: readonly Prompt[],
  options: RunBenchOptions,
): Promise<{ requests: number; failed: number }> {
  if (spec.warmup === 0) return { requests: 0, failed: 0 }
  const instances = target.endpoints.length
  const concurrency = spec.load.mode === 'closed' ? spec.load.concurrency[0]! : Math.min(4, spec.warmup)
  let failed = 0
  const result = await runClosedLoop({
    concurrency,
    maxRequests: spec.warmup,
    maxSeconds: spec.durationSeconds,
    signal: options.signal,
    send: (index) => target.send(prompts[index % prompts.length]!, index % instances, options.signal, false),
    onOutcome: (outcome, done) => {
      if (!outcome.ok) failed++
      options.onProgress?.({ type: 'warmup', done, total: spec.warmup })
    },
  })
  return { requests: result.outcomes.length, failed }
}

export async function runBench(spec: BenchSpec, options: RunBenchOptions): Promise<BenchResult> {
  const startedAt = new Date().toISOString()
  const slos = parseSlos(spec.slos)
  const prompts = await loadPrompts(spec.prompts)
  const kind = specKind(spec)
  const uploads =
    kind === 'openai-transcriptions'
      ? await prepareTranscriptionAudio(prompts, {
          ...(spec.transcription.audio ? { audioFile: spec.transcription.audio } : {}),
          ...(spec.transcription.language ? { language: spec.transcription.language } : {}),
          signal: options.signal,
        })
      : undefined
  const target = await resolveTarget(spec, {
    ...(options.headers ? { headers: options.headers } : {}),
    ...(uploads ? { uploads } : {}),
  })
  const keeper = options.keepAudio && target.producesAudio ? new SampleKeeper() : undefined
  const steps: BenchStep[] = []
  const measured: RequestOutcome[] = []
  const log: RequestRecord[] = []
  let warmup = { requests: 0, failed: 0 }
  try {
    warmup = await warmUp(spec, target, prompts, options)
    const plans = planSteps(spec, target.endpoints.length)
    for (const [index, plan] of plans.entries()) {
      if (options.signal.aborted) break
      options.onProgress?.({
        type: 'step-start',
        step: index,
        steps: plans.length,
        label: plan.label,
        planned: spec.requests,
      })
      let failed = 0
      const load = await runStep(spec, plan, target, prompts, {
        signal: options.signal,
        ...(keeper ? { keeper } : {}),
        onOutcome: (outcome, done) => {
          if (!outcome.ok) failed++
          options.onProgress?.({
            type: 'request',
            step: index,
            label: plan.label,
            done,
            planned: spec.requests,
            failed,
            outcome,
          })
        },
      })
      measured.push(...load.outcomes)
      log.push(...load.outcomes.map((outcome) => requestRecord(index, outcome)))
      const metrics = computeMetrics(load.outcomes, {
        wallSeconds: load.wallSeconds,
        slos,
        dropped: load.open?.dropped ?? 0,
      })
      const step: BenchStep = {
        index,
        label: plan.label,
        load: plan.load,
        instances: plan.instances,
        concurrency: plan.concurrency,
        rate_rps: plan.rate,
        stopped_by: load.stoppedBy,
        ...(load.open ? { open_loop: load.open } : {}),
        ...metrics,
      }
      steps.push(step)
      options.onProgress?.({ type: 'step-end', step: index, steps: plans.length, result: step })
    }
  } finally {
    await target.close()
  }
  const pooled = computeMetrics(measured, {
    wallSeconds: steps.reduce((sum, step) => sum + step.wall_seconds, 0),
    slos,
    dropped: steps.reduce((sum, step) => sum + step.dropped, 0),
  })
  const result: BenchResult = {
    schema: BENCH_RESULT_SCHEMA,
    chorus_version: CHORUS_VERSION,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    target: {
      kind: target.kind,
      mode: target.mode,
      endpoints: target.endpoints,
      ...(target.backend ? { backend: target.backend } : {}),
      ...(target.voice ? { voice: target.voice } : {}),
      ...(target.model ? { model: target.model } : {}),
    },
    percentile_method: PERCENTILE_METHOD,
    prompts: { count: prompts.length, ids: prompts.map((prompt) => prompt.id) },
    warmup,
    ...pooled,
    peak_throughput_rps: Math.max(0, ...steps.map((step) => step.throughput_rps)),
    slos: slos.map(sloRecord),
    verdict: judgeSlos(slos, pooled),
    steps,
    scaling: target.endpoints.length > 1 ? scalingTable(steps) : null,
    error_samples: errorSamples(measured),
    request_log: log,
    interrupted: options.signal.aborted,
    spec,
  }
  if (keeper) Object.defineProperty(result, 'samples', { value: keeper.samples, enumerable: false })
  return result
}

export type { Summary }
