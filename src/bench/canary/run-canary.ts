/**
 * The canary's two moves, each one run recorded in the results store (a run of kind `canary`):
 *
 * - {@link recordBaseline}: run a spec, keep what it measured — figures, per-prompt speaker embeddings and the
 *   environment — as the named baseline (saving a name again replaces it);
 * - {@link runCanary}: run a baseline's spec again, judge every drift gate that applies (./drift-criteria.ts) into
 *   a verdict, `ok` or `drift`, list the environment fields that changed since the baseline, and store the result so
 *   drift over time can be listed.
 *
 * The environment is read before the spec runs, so health checks never overlap the measured requests. A run that
 * fails or is interrupted is finished in the store as `error` or `cancelled` and its error is rethrown; a baseline
 * in which no request succeeded is refused (`CHORUS_ERR_BASELINE_EMPTY`) rather than saved.
 *
 * @example
 * const spec = await readCanarySpec('bench/spec.json', { cwd: process.cwd() })
 * await recordBaseline({ name: 'nightly', ...spec }, { store, signal, workDir })
 * const report = await runCanary({ baseline: (await store.getBaseline('nightly'))!, ...spec }, { store, signal, workDir })
 * report.verdict // 'ok' | 'drift'
 */
import { ChorusError, isAbortError, toChorusError } from '../../errors.js'
import type { Baseline, JsonValue, ResultStore } from '../../store/result-store.js'
import { CHORUS_VERSION } from '../../version.js'
import { decide, type Criterion } from '../verdict.js'
import type { AnyCanaryKind, CanaryProgress } from './canary-kind.js'
import { measureRun, type CanaryEmbeddings, type CanaryMetrics } from './canary-metrics.js'
import { plainJson } from './canary-spec.js'
import { driftGates, judgeDrift, DRIFT_GATE_NAMES, type DriftThresholds } from './drift-criteria.js'
import {
  collectEnvironment,
  environmentChanges,
  type CanaryEnvironment,
  type EnvironmentChange,
} from './environment.js'

export interface CanaryOptions {
  readonly store: ResultStore
  readonly signal: AbortSignal
  /** The configuration hashed into the environment when the spec names none (else CHORUS_CONFIG, else defaults). */
  readonly configFile?: string
  /** A folder the run may write to (eval keeps its takes there). */
  readonly workDir: string
  readonly onProgress?: (progress: CanaryProgress) => void
  /** Sent with every request to a server the spec names (Authorization …); never stored. */
  readonly headers?: Readonly<Record<string, string>>
}

export interface CanaryInput {
  readonly kind: AnyCanaryKind
  readonly spec: JsonValue
}

export interface BaselineReport {
  readonly name: string
  readonly kind: string
  readonly run_id: number
  readonly saved_at: string
  readonly metrics: CanaryMetrics
  readonly environment: CanaryEnvironment
  readonly embedder: string
  /** Prompts with an embedding, per side. */
  readonly prompts: Readonly<Record<string, number>>
}

/** The verdict JSON `{ verdict, criteria }` and what it was judged from. */
export interface CanaryReport {
  readonly verdict: 'ok' | 'drift'
  readonly criteria: readonly Criterion[]
  readonly name: string
  readonly kind: string
  readonly run_id: number
  readonly canary_result_id: number
  readonly thresholds: Readonly<Record<string, number>>
  readonly baseline: {
    readonly run_id: number
    readonly saved_at: string
    readonly metrics: CanaryMetrics
    readonly environment: CanaryEnvironment
  }
  readonly current: { readonly metrics: CanaryMetrics; readonly environment: CanaryEnvironment }
  /** Environment fields that differ from the baseline's ("what may explain drift"). */
  readonly changes: readonly EnvironmentChange[]
}

interface Measured {
  readonly runId: number
  readonly environment: CanaryEnvironment
  readonly metrics: CanaryMetrics
  readonly embeddings: CanaryEmbeddings
}

/** Records the run as `error` (or `cancelled`) with the error's code, then rethrows it. */
async function failRun(store: ResultStore, runId: number, error: unknown): Promise<never> {
  const coded = toChorusError(error)
  await store
    .finishRun(runId, {
      status: isAbortError(error) ? 'cancelled' : 'error',
      summary: { error: coded.code, message: coded.message },
    })
    .catch(() => undefined)
  throw error
}

/** Reads the environment, starts the run in the store, and runs `then` on the measurement; a failure ends the run. */
async function measure<T>(
  name: string,
  command: 'baseline' | 'run',
  input: CanaryInput,
  options: CanaryOptions,
  then: (measured: Measured) => Promise<T>,
): Promise<T> {
  const { kind, spec: json } = input
  const spec = kind.parse(json)
  const environment = await collectEnvironment({
    spec: json,
    backends: await kind.backends(spec),
    configFile: kind.configFile(spec) ?? options.configFile,
    signal: options.signal,
  })
  const runId = await options.store.createRun({
    kind: 'canary',
    name,
    spec: { command: `canary ${command}`, kind: kind.kind, spec: json },
    config_hash: environment.config_hash,
    chorus_version: CHORUS_VERSION,
  })
  try {
    const result = await kind.run(spec, {
      signal: options.signal,
      workDir: options.workDir,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    })
    const { metrics, embeddings } = await measureRun(kind.measure(result), { signal: options.signal })
    return await then({ runId, environment, metrics, embeddings })
  } catch (error) {
    return failRun(options.store, runId, error)
  }
}

/** A baseline every one of whose requests failed measures nothing later runs could be held to. */
function checkUsable(name: string, metrics: CanaryMetrics): void {
  const sides = Object.values(metrics.sides)
  const succeeded = sides.some((side) => side.requests > 0 && side.error_rate !== null && side.error_rate < 1)
  if (!succeeded) {
    const tried = sides.reduce((sum, side) => sum + side.requests, 0)
    throw new ChorusError('CHORUS_ERR_BASELINE_EMPTY', {
      name,
      reason: `none of its ${tried} requests succeeded; check the target (a bench of it shows the errors) and run the baseline again`,
    })
  }
}

const promptCounts = (embeddings: CanaryEmbeddings): Record<string, number> =>
  Object.fromEntries(Object.entries(embeddings.sides).map(([side, prompts]) => [side, Object.keys(prompts).length]))

export async function recordBaseline(
  input: CanaryInput & { readonly name: string },
  options: CanaryOptions,
): Promise<BaselineReport> {
  return measure(input.name, 'baseline', input, options, async (measured) => {
    checkUsable(input.name, measured.metrics)
    const saved = await options.store.saveBaseline({
      name: input.name,
      kind: input.kind.kind,
      run_id: measured.runId,
      spec: input.spec,
      metrics: plainJson(measured.metrics),
      embeddings: plainJson(measured.embeddings),
      environment: plainJson(measured.environment),
    })
    await options.store.finishRun(measured.runId, {
      status: 'passed',
      summary: plainJson({ baseline: input.name, metrics: measured.metrics, environment: measured.environment }),
    })
    return {
      name: input.name,
      kind: input.kind.kind,
      run_id: measured.runId,
      saved_at: saved.updated_at,
      metrics: measured.metrics,
      environment: measured.environment,
      embedder: measured.embeddings.embedder,
      prompts: promptCounts(measured.embeddings),
    }
  })
}

export async function runCanary(
  input: CanaryInput & { readonly baseline: Baseline; readonly thresholds?: DriftThresholds },
  options: CanaryOptions,
): Promise<CanaryReport> {
  const { baseline } = input
  const before = {
    metrics: baseline.metrics as unknown as CanaryMetrics,
    embeddings: baseline.embeddings as unknown as CanaryEmbeddings,
  }
  return measure(baseline.name, 'run', input, options, async (measured) => {
    const criteria = judgeDrift(before, measured, input.thresholds)
    const { verdict } = decide(criteria, 'ok', 'drift')
    const changes = environmentChanges(baseline.environment, plainJson(measured.environment))
    const stored = await options.store.addCanaryResult({
      baseline_name: baseline.name,
      baseline_run_id: baseline.run_id,
      run_id: measured.runId,
      verdict,
      criteria: plainJson(criteria),
      metrics: plainJson(measured.metrics),
      environment: plainJson(measured.environment),
      changes: plainJson(changes),
    })
    await options.store.finishRun(measured.runId, {
      status: verdict === 'ok' ? 'passed' : 'failed',
      summary: plainJson({ baseline: baseline.name, verdict, criteria, changes }),
    })
    return {
      verdict,
      criteria,
      name: baseline.name,
      kind: input.kind.kind,
      run_id: measured.runId,
      canary_result_id: stored.id,
      thresholds: Object.fromEntries(
        DRIFT_GATE_NAMES.map((name) => [name, input.thresholds?.[name] ?? driftGates[name].defaultThreshold]),
      ),
      baseline: {
        run_id: baseline.run_id,
        saved_at: baseline.updated_at,
        metrics: before.metrics,
        environment: baseline.environment as unknown as CanaryEnvironment,
      },
      current: { metrics: measured.metrics, environment: measured.environment },
      changes,
    }
  })
}
