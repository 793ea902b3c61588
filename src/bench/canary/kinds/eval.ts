/**
 * Eval specs (src/lab/eval/eval-spec.ts) as a canary kind: one side; figures are the takes attempted, the share of
 * takes whose synthesis failed, and the corpus WER of the kept takes; audio is the kept take of each cell
 * (`<backend>/<voice>/<prompt>`). Evals measure no latency, so `latency_p95_ratio` does not apply to them.
 */
import { loadConfig } from '../../../config/load.js'
import { parseEvalSpec, type EvalSpec } from '../../../lab/eval/eval-spec.js'
import { runEval, type EvalResult } from '../../../lab/eval/run-eval.js'
import { defineCanaryKind } from '../canary-kind.js'
import { DEFAULT_SIDE } from '../canary-metrics.js'
import { anchorPath, anchorSet } from './spec-files.js'

export const evalKind = defineCanaryKind<EvalSpec, EvalResult>({
  kind: 'eval',
  parse: (raw) => parseEvalSpec(raw),
  // Eval specs carry `kind: "eval"` (chorus eval writes it); without it a spec is not taken for one.
  recognizes: () => false,
  anchor: (spec, cwd) => ({
    ...spec,
    sets: spec.sets.map((set) => anchorSet(cwd, set)),
    ...(spec.config ? { config: anchorPath(cwd, spec.config) } : {}),
  }),
  configFile: (spec) => spec.config,
  withConfig: (spec, file) => (spec.config === undefined ? { ...spec, config: file } : spec),
  async backends(spec) {
    const ids =
      spec.backends.length > 0
        ? spec.backends
        : (await loadConfig(spec.config ? { file: spec.config } : {})).backends.map((backend) => backend.id)
    return ids.map((backend) => ({ backend, ...(spec.config ? { config: spec.config } : {}) }))
  },
  run(spec, context) {
    let failed = 0
    return runEval(spec, {
      signal: context.signal,
      outDir: context.workDir,
      keepAudio: true,
      onTake: (event) => {
        if (event.error) failed++
        context.onProgress?.({ label: 'takes', done: event.done, total: event.total, failed })
      },
    })
  },
  measure(result) {
    const takes = result.cells.flatMap((cell) => cell.takes)
    const failed = takes.filter((take) => take.error !== undefined).length
    return {
      sides: {
        [DEFAULT_SIDE]: {
          requests: takes.length,
          error_rate: takes.length > 0 ? failed / takes.length : null,
          wer: result.validation.summary.corpus_wer,
        },
      },
      samples: { [DEFAULT_SIDE]: result.samples ?? {} },
      producesAudio: true,
    }
  },
})
