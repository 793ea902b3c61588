/**
 * Bench specs (src/bench/spec.ts) as a canary kind: one side; figures are the request count, error rate and p95
 * latency pooled over every measured request; audio is the first clip of each prompt (speech targets only).
 */
import { isAbsolute, resolve } from 'node:path'
import { ChorusError } from '../../../errors.js'
import { BUILT_IN_EVAL_SETS } from '../../../lab/eval-sets/index.js'
import { runBench, type BenchResult } from '../../run-bench.js'
import { parseBenchSpec, type BenchSpec } from '../../spec.js'
import { benchTargets } from '../../targets/index.js'
import { defineCanaryKind } from '../canary-kind.js'
import { DEFAULT_SIDE } from '../canary-metrics.js'

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null)
const at = (cwd: string, path: string): string => (isAbsolute(path) ? path : resolve(cwd, path))

export const benchKind = defineCanaryKind<BenchSpec, BenchResult>({
  kind: 'bench',
  parse(raw) {
    // Bench specs have no `kind` field; one that says `bench` is welcome all the same.
    const { kind, ...rest } = (raw ?? {}) as Record<string, unknown>
    return parseBenchSpec(kind === 'bench' ? rest : raw)
  },
  recognizes: (raw) => 'target' in raw && 'load' in raw,
  anchor(spec, cwd) {
    const prompts = spec.prompts
    return {
      ...spec,
      target: { ...spec.target, ...(spec.target.config ? { config: at(cwd, spec.target.config) } : {}) },
      prompts:
        'file' in prompts
          ? { file: at(cwd, prompts.file) }
          : 'set' in prompts && !Object.hasOwn(BUILT_IN_EVAL_SETS, prompts.set)
            ? { set: at(cwd, prompts.set) }
            : prompts,
      transcription: {
        ...spec.transcription,
        ...(spec.transcription.audio ? { audio: at(cwd, spec.transcription.audio) } : {}),
      },
    }
  },
  configFile: (spec) => spec.target.config,
  withConfig: (spec, file) =>
    spec.target.backend !== undefined && spec.target.config === undefined
      ? { ...spec, target: { ...spec.target, config: file } }
      : spec,
  async backends(spec) {
    const { url, instances, backend, config } = spec.target
    if (backend !== undefined) return [{ backend, ...(config ? { config } : {}) }]
    return (instances ?? [url!]).map((each) => ({ url: each }))
  },
  async run(spec, context) {
    let step = ''
    const result = await runBench(spec, {
      signal: context.signal,
      keepAudio: true,
      ...(context.headers ? { headers: context.headers } : {}),
      onProgress: (event) => {
        if (event.type === 'step-start') step = event.label
        if (event.type === 'request')
          context.onProgress?.({ label: step, done: event.done, total: event.planned, failed: event.failed })
      },
    })
    if (result.interrupted) throw new ChorusError('CHORUS_ERR_ABORTED', {})
    return result
  },
  measure: (result) => ({
    sides: {
      [DEFAULT_SIDE]: {
        requests: result.requests,
        error_rate: result.error_rate,
        latency_p95_ms: finite(result.latency_ms.p95),
      },
    },
    samples: { [DEFAULT_SIDE]: result.samples ?? {} },
    producesAudio: benchTargets[result.target.kind].producesAudio,
  }),
})
