/**
 * Writes a bench run's files into its report folder: bench.json (the result, as `--json` prints it), spec.json (the
 * spec, ready for `runBench(parseBenchSpec(…))` again), SUMMARY.md and report.html.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BenchResult } from '../run-bench.js'
import { benchHtml } from './bench-html.js'
import { benchMarkdown } from './bench-markdown.js'

export interface WrittenBenchReports {
  readonly folder: string
  readonly json: string
  readonly spec: string
  readonly markdown: string
  readonly html: string
}

/** The result as JSON text (non-finite numbers become null, decoded audio is left out). */
export function benchJson(result: BenchResult): string {
  return `${JSON.stringify(result, null, 2)}\n`
}

export async function writeBenchReports(folder: string, result: BenchResult): Promise<WrittenBenchReports> {
  await mkdir(folder, { recursive: true })
  const written = {
    folder,
    json: join(folder, 'bench.json'),
    spec: join(folder, 'spec.json'),
    markdown: join(folder, 'SUMMARY.md'),
    html: join(folder, 'report.html'),
  }
  await writeFile(written.json, benchJson(result))
  await writeFile(written.spec, `${JSON.stringify(result.spec, null, 2)}\n`)
  await writeFile(written.markdown, benchMarkdown(result))
  await writeFile(written.html, benchHtml(result))
  return written
}
