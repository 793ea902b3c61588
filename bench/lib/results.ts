/**
 * Records a benchmark run as `bench/results/<name>.json` (every figure, for tools) and `bench/results/<name>.md` (for
 * people), both stamped with the facts needed to compare runs across machines: Node version, CPU model, core count,
 * date and git commit.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixed, table } from './markdown.js'

/** `bench/results/` of the checkout this file was compiled in (dist/bench/lib/ → ../../../bench/results). */
export const DEFAULT_RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url))

const roundedLoad = (): number[] => loadavg().map((load) => Math.round(load * 100) / 100)

/** Taken when this module is first imported, which `bench/run.ts` does just before a benchmark starts. */
const LOAD_AT_START = roundedLoad()

export interface MachineFacts {
  readonly node: string
  readonly platform: string
  readonly arch: string
  readonly cpuModel: string
  /** Logical CPUs this process may use (`os.availableParallelism()`). */
  readonly cores: number
  readonly memoryGiB: number
  /**
   * 1, 5 and 15-minute load averages when the benchmark started and when its results were written. Near or above the
   * core count, other work was competing with the benchmark and its figures are pessimistic and noisier.
   */
  readonly loadAverage: { readonly atStart: readonly number[]; readonly atEnd: readonly number[] }
  /** ISO 8601, UTC. */
  readonly date: string
  /** `git rev-parse HEAD`, or null outside a repository or before the first commit. */
  readonly gitCommit: string | null
  /** Uncommitted changes were present, so the commit alone does not describe the code measured. */
  readonly gitDirty: boolean | null
}

function git(args: readonly string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

export function machineFacts(): MachineFacts {
  const status = git(['status', '--porcelain'])
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    arch: arch(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: { atStart: LOAD_AT_START, atEnd: roundedLoad() },
    date: new Date().toISOString(),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
  }
}

export interface BenchmarkReport {
  /** File stem under the results directory; also the name `npm run bench -- <name>` takes. */
  readonly name: string
  readonly title: string
  readonly parameters: Readonly<Record<string, unknown>>
  readonly results: unknown
  /** Report body (Markdown, without the title and machine section). */
  readonly markdown: string
}

export interface WrittenReport {
  readonly jsonPath: string
  readonly markdownPath: string
}

export async function writeResults(report: BenchmarkReport, resultsDir = DEFAULT_RESULTS_DIR): Promise<WrittenReport> {
  const machine = machineFacts()
  await mkdir(resultsDir, { recursive: true })
  const jsonPath = join(resultsDir, `${report.name}.json`)
  const markdownPath = join(resultsDir, `${report.name}.md`)
  const json = {
    benchmark: report.name,
    title: report.title,
    machine,
    parameters: report.parameters,
    results: report.results,
  }
  await writeFile(jsonPath, `${JSON.stringify(json, roundForJson, 2)}\n`)
  await writeFile(markdownPath, `# ${report.title}\n\n${machineSection(machine)}\n\n${report.markdown.trim()}\n`)
  return { jsonPath, markdownPath }
}

/** A 1-minute load average above this share of the cores means other work competed with the benchmark. */
const BUSY_LOAD_PER_CORE = 0.5

function machineSection(machine: MachineFacts): string {
  const commit = machine.gitCommit === null ? 'none (no commit yet)' : `${machine.gitCommit.slice(0, 12)}`
  const dirty = machine.gitDirty ? ' + uncommitted changes' : ''
  const loads = (values: readonly number[]): string => values.map((load) => fixed(load, 2)).join(' / ')
  const { atStart, atEnd } = machine.loadAverage
  const busy = Math.max(atStart[0] ?? 0, atEnd[0] ?? 0) > machine.cores * BUSY_LOAD_PER_CORE
  const facts = table(
    ['Machine', ''],
    [
      ['Date', machine.date],
      ['Node', machine.node],
      ['CPU', `${machine.cpuModel} × ${machine.cores} (${machine.arch})`],
      ['Memory', `${fixed(machine.memoryGiB, 1)} GiB`],
      ['OS', machine.platform],
      ['Load average 1/5/15 min (start → end)', `${loads(atStart)} → ${loads(atEnd)}`],
      ['Git commit', `${commit}${dirty}`],
    ],
  )
  return busy
    ? `${facts}\n\n> Other work was running on this machine during the benchmark (1-minute load average above ` +
        `${BUSY_LOAD_PER_CORE} per core): absolute figures are pessimistic and noisier than on an idle machine; ` +
        `ratios from interleaved measurements hold up better.`
    : facts
}

/** Six significant digits are far below run-to-run noise; more would only bloat committed files. */
function roundForJson(_key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)
    ? Number(value.toPrecision(6))
    : value
}
