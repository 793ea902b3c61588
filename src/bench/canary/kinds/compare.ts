/**
 * Compare specs (src/bench/compare/compare-spec.ts) as a canary kind: two sides, `a` and `b`, each with its request
 * count, error rate, p95 latency and (with ASR) corpus WER, plus the mean A–B speaker similarity, so a canary notices
 * both sides drifting and the two drifting apart (`ab_similarity_drop`). Audio is each side's first clip per prompt.
 */
import { ChorusError } from '../../../errors.js'
import type { CompareResult } from '../../compare/compare-result.js'
import { parseCompareSpec, type CompareSpec } from '../../compare/compare-spec.js'
import { runCompare } from '../../compare/run-compare.js'
import { isUrlSide, SIDE_NAMES } from '../../compare/side-spec.js'
import { defineCanaryKind } from '../canary-kind.js'
import { finiteFigure, type SideFigures } from '../canary-metrics.js'
import type { BackendRef } from '../environment.js'
import { anchorPath, anchorPrompts, withoutOwnKind } from './spec-files.js'

export const compareKind = defineCanaryKind<CompareSpec, CompareResult>({
  kind: 'compare',
  parse: (raw) => parseCompareSpec(withoutOwnKind(raw, 'compare')),
  recognizes: (raw) => 'a' in raw && 'b' in raw,
  anchor(spec, cwd) {
    return {
      ...spec,
      ...(spec.config ? { config: anchorPath(cwd, spec.config) } : {}),
      prompts: anchorPrompts(cwd, spec.prompts),
      embedder: spec.embedder.startsWith('onnx:')
        ? `onnx:${anchorPath(cwd, spec.embedder.slice('onnx:'.length))}`
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
        latency_p95_ms: finiteFigure(stats.latency_ms.p95),
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
