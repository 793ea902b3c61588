/**
 * Compare specs (src/bench/compare/compare-spec.ts) as a canary kind: two sides, `a` and `b`, each with its request
 * count, error rate, p95 latency and (with ASR) corpus WER, plus the mean A–B speaker similarity, so a canary notices
 * both sides drifting and the two drifting apart (`ab_similarity_drop`). Audio is each side's first clip per prompt.
 */
import { isAbsolute, resolve } from 'node:path'
import { ChorusError } from '../../../errors.js'
import { BUILT_IN_EVAL_SETS } from '../../../lab/eval-sets/index.js'
import type { CompareResult } from '../../compare/compare-result.js'
import { parseCompareSpec, type CompareSpec } from '../../compare/compare-spec.js'
import { runCompare } from '../../compare/run-compare.js'
import { isUrlSide, SIDE_NAMES } from '../../compare/side-spec.js'
import { defineCanaryKind } from '../canary-kind.js'
import type { SideFigures } from '../canary-metrics.js'
import type { BackendRef } from '../environment.js'

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null)
const at = (cwd: string, path: string): string => (isAbsolute(path) ? path : resolve(cwd, path))

export const compareKind = defineCanaryKind<CompareSpec, CompareResult>({
  kind: 'compare',
  parse(raw) {
    // Compare specs have no `kind` field; one that says `compare` is welcome all the same.
    const { kind, ...rest } = (raw ?? {}) as Record<string, unknown>
    return parseCompareSpec(kind === 'compare' ? rest : raw)
  },
  recognizes: (raw) => 'a' in raw && 'b' in raw,
  anchor(spec, cwd) {
    const prompts = spec.prompts
    return {
      ...spec,
      ...(spec.config ? { config: at(cwd, spec.config) } : {}),
      prompts:
        'file' in prompts
          ? { file: at(cwd, prompts.file) }
          : 'set' in prompts && !Object.hasOwn(BUILT_IN_EVAL_SETS, prompts.set)
            ? { set: at(cwd, prompts.set) }
            : prompts,
      embedder: spec.embedder.startsWith('onnx:')
        ? `onnx:${at(cwd, spec.embedder.slice('onnx:'.length))}`
        : spec.embedder,
    }
  },
  configFile: (spec) => spec.config,
  withConfig: (spec, file) =>
    spec.config === undefined && SIDE_NAMES.some((name) => !isUrlSide(spec[name])) ? { ...spec, config: file } : spec,
  async backends(spec) {
    return SIDE_NAMES.map((name): BackendRef => {
      const side = spec[name]
      return isUrlSide(side)
        ? { url: side.url }
        : { backend: side.backend, ...(spec.config ? { config: spec.config } : {}) }
    })
  },
  async run(spec, context) {
    const result = await runCompare(spec, {
      signal: context.signal,
      keepAudio: true,
      ...(context.headers ? { headers: { a: context.headers, b: context.headers } } : {}),
      onProgress: (event) => {
        if (event.phase === 'measure')
          context.onProgress?.({ label: 'pairs', done: event.done, total: event.total, failed: 0 })
        if (event.phase === 'score')
          context.onProgress?.({ label: 'scoring', done: event.done, total: event.total, failed: 0 })
      },
    })
    if (context.signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {})
    return result
  },
  measure(result) {
    const side = (name: (typeof SIDE_NAMES)[number]): SideFigures => {
      const stats = result.sides[name]
      return {
        requests: stats.requests,
        error_rate: stats.error_rate,
        latency_p95_ms: finite(stats.latency_ms.p95),
        // Without ASR there is no WER to hold a re-run to; with it, an unscored run is unmeasured (null).
        ...(result.asr === null ? {} : { wer: stats.wer }),
      }
    }
    return {
      sides: { a: side('a'), b: side('b') },
      samples: result.samples ?? {},
      ab_similarity: result.measures.mean_similarity,
      producesAudio: true,
    }
  },
})
