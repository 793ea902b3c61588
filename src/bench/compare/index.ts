/**
 * `chorus compare` as a library: run a parity comparison of two speech backends and decide whether B may stand in for
 * A. See run-compare.ts for the steps, criteria.ts for what is judged and the calibration of the defaults.
 *
 * @example
 * import { parseCompareSpec, runCompare } from './bench/compare/index.js'
 * const spec = parseCompareSpec({ a: 'http://127.0.0.1:8880#slt', b: 'http://127.0.0.1:8881#slt', limit: 3 })
 * const { verdict, criteria } = await runCompare(spec, { signal: AbortSignal.timeout(120_000) })
 */
export { compareSpecSchema, parseCompareSpec, type CompareSpec, type CompareSpecInput } from './compare-spec.js'
export {
  compareResultJson,
  type CompareMeasures,
  type CompareResult,
  type PromptRow,
  type SideStats,
} from './compare-result.js'
export {
  COMPARE_CRITERIA,
  CRITERION_NAMES,
  judgeCompare,
  parseCompareThresholds,
  type CompareThresholds,
  type CriterionName,
} from './criteria.js'
export { runCompare, type CompareProgress, type RunCompareOptions } from './run-compare.js'
export { parseSide, sideLabel, type SideName, type SideSpec } from './side-spec.js'
export { writeCompareReports, type WrittenCompareReports } from './write-compare-reports.js'
