/**
 * Writes a validation run's three reports into one folder: report.json (validation-report.ts), SUMMARY.md
 * (summary-markdown.ts) and report.html (report-html.ts). The HTML embeds the WAV of each failed item as a base64
 * data URI, worst first, up to {@link MAX_EMBEDDED_AUDIO_BYTES} in total, so the file stays self-contained and
 * still opens quickly; failures past the budget are listed without a player, and the page says so.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderReportHtml } from './report-html.js'
import { worstFirst } from './report-format.js'
import { renderSummaryMarkdown } from './summary-markdown.js'
import { reportJsonText, type ValidationReport } from './validation-report.js'

/** Audio bytes report.html embeds at most (before base64's 4/3). */
export const MAX_EMBEDDED_AUDIO_BYTES = 24 * 1024 * 1024

export interface WrittenReports {
  readonly dir: string
  readonly json: string
  readonly markdown: string
  readonly html: string
}

export async function writeValidationReports(dir: string, report: ValidationReport): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true })
  const sources = new Map<string, string>()
  let budget = MAX_EMBEDDED_AUDIO_BYTES
  let skipped = 0
  for (const item of worstFirst(report.items).filter((candidate) => !candidate.pass)) {
    const bytes = await readFile(join(report.run.folder, item.file)).catch(() => undefined)
    if (!bytes) continue
    if (bytes.length > budget) {
      skipped += 1
      continue
    }
    budget -= bytes.length
    sources.set(item.id, `data:audio/wav;base64,${bytes.toString('base64')}`)
  }
  const audioNote =
    skipped > 0
      ? `${skipped} failed items have no player: the report embeds at most ${MAX_EMBEDDED_AUDIO_BYTES / 2 ** 20} MiB of audio.`
      : undefined
  const paths = {
    dir,
    json: join(dir, 'report.json'),
    markdown: join(dir, 'SUMMARY.md'),
    html: join(dir, 'report.html'),
  }
  await Promise.all([
    writeFile(paths.json, reportJsonText(report)),
    writeFile(paths.markdown, renderSummaryMarkdown(report)),
    writeFile(
      paths.html,
      renderReportHtml(report, { audioSource: (item) => sources.get(item.id), ...(audioNote ? { audioNote } : {}) }),
    ),
  ])
  return paths
}
