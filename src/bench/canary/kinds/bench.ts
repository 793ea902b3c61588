/**
 * Bench specs (src/bench/spec.ts) as a canary kind: one side; figures are the request count, error rate and p95
 * latency pooled over every measured request; audio is the first clip of each prompt (speech targets only).
 */
import { ChorusError } from '../../../errors.js'
import { runBench, type BenchResult } from '../../run-bench.js'
import { parseBenchSpec, type BenchSpec } from '../../spec.js'
import { benchTargets } from '../../targets/index.js'
import { defineCanaryKind } from '../canary-kind.js'
import { DEFAULT_SIDE, finiteFigure } from '../canary-metrics.js'
import { anchorPath, anchorPrompts, withoutOwnKind } from './spec-files.js'

export const benchKind = defineCanaryKind<BenchSpec, BenchResult>({
  kind: 'bench',
  parse: (raw) => parseBenchSpec(withoutOwnKind(raw, 'bench')),
  recognizes: (raw) => 'target' in raw && 'load' in raw,
  anchor(spec, cwd) {
    return {
      ...spec,
      target: { ...spec.target, ...(spec.target.config ? { config: anchorPath(cwd, spec.target.config) } : {}) },
      prompts: anchorPrompts(cwd, spec.prompts),
      transcription: {
        ...spec.transcription,
        ...(spec.transcription.audio ? { audio: anchorPath(cwd, spec.transcription.audio) } : {}),
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
        latency_p95_ms: finiteFigure(result.latency_ms.p95),
      },
    },
    samples: { [DEFAULT_SIDE]: result.samples ?? {} },
    producesAudio: benchTargets[result.target.kind].producesAudio,
  }),
})
