/**
 * SUMMARY.md: what a person reads first after a validation run — the verdict, totals, the two WERs labelled, gate
 * failure counts, the failed items with the reason, the worst items by WER, and any files that could not be paired.
 * Rendered from report.json's object (validation-report.ts).
 */
import { GATE_NAMES } from '../gates/index.js'
import type { GroupSummary } from '../validation-summary.js'
import {
  failureDetail,
  failureReason,
  matrixTable,
  GATE_MEANINGS,
  highestWer,
  percent,
  thresholdText,
  worstFirst,
} from './report-format.js'
import type { ValidationReport } from './validation-report.js'

/** Failed items listed before "and N more". */
export const MAX_FAILED_ROWS = 50
export const WORST_ITEMS = 10

const cell = (text: string | number | null | undefined): string =>
  String(text ?? '–')
    .replace(/\|/g, '\\|')
    .replace(/\s+/g, ' ')
    .trim()

function table(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`)
  return lines.join('\n')
}

function groupTable(title: string, groups: Readonly<Record<string, GroupSummary>>): string[] {
  const names = Object.keys(groups)
  if (names.length === 0) return []
  return [
    `## By ${title}`,
    '',
    table(
      [title, 'items', 'passed', 'failed', 'corpus WER', 'mean per-utterance WER'],
      names.map((name) => {
        const group = groups[name]!
        return [
          name,
          group.items,
          group.passed,
          group.failed,
          percent(group.corpus_wer),
          percent(group.mean_utterance_wer),
        ]
      }),
    ),
    '',
  ]
}

export function renderSummaryMarkdown(report: ValidationReport): string {
  const { run, summary, items, unpaired } = report
  const verdict = summary.failed === 0 ? `all ${summary.items} passed` : `${summary.failed} of ${summary.items} failed`
  const out: string[] = [
    `# ${run.kind === 'eval' ? 'Eval' : 'Validation'} of \`${run.dataset}\`: ${verdict}`,
    '',
    `Run \`${run.id}\`${run.store_run_id === null ? '' : ` (store run ${run.store_run_id})`} · ${run.started_at} · ` +
      `${run.duration_seconds.toFixed(1)} s · ASR: ${run.asr.join(' + ')} · folder \`${run.folder}\``,
    '',
    '## Totals',
    '',
    table(
      ['items', 'passed', 'failed', 'of which not scorable', 'unpaired files', 'audio'],
      [
        [
          summary.items,
          summary.passed,
          summary.failed,
          summary.errors,
          summary.unpaired,
          `${summary.audio_seconds.toFixed(1)} s`,
        ],
      ],
    ),
    '',
    '## Word error rate',
    '',
    table(
      ['measure', 'value', 'what it weighs'],
      [
        ['corpus WER', percent(summary.corpus_wer), 'Σ word errors / Σ reference words: every word the same'],
        ['mean per-utterance WER', percent(summary.mean_utterance_wer), 'mean of item WERs: every item the same'],
        ['utterances over 50% WER', summary.utterances_over_50pct, ''],
        ['corpus CER', percent(summary.corpus_cer), 'characters, spaces included'],
      ],
    ),
    '',
  ]
  if (summary.by_engine.length > 1) {
    out.push(
      table(
        ['ASR engine', 'corpus WER', 'mean per-utterance WER', 'over 50%'],
        summary.by_engine.map((engine) => [
          engine.engine,
          percent(engine.corpus_wer),
          percent(engine.mean_utterance_wer),
          engine.utterances_over_50pct,
        ]),
      ),
      '',
      'WERs above are of the first engine. The `asr_wer` gate counts only words both engines got wrong.',
      '',
    )
  }
  out.push(
    '## Gate failures',
    '',
    table(
      ['gate', 'failed items', 'threshold', 'fails when'],
      GATE_NAMES.map((gate) => [
        `\`${gate}\``,
        summary.by_gate_failures[gate],
        thresholdText(report, gate),
        GATE_MEANINGS[gate],
      ]),
    ),
    '',
  )
  const matrix = matrixTable(report)
  if (matrix) {
    const eval_ = report.eval!
    out.push(
      '## Matrix: passed/items · corpus WER',
      '',
      table(matrix.header, matrix.rows),
      '',
      ...(eval_.candidates > 1
        ? [
            `Best of ${eval_.candidates} takes per cell: the kept take passed every gate where any did, then had the fewest failed gates and the lowest WER.`,
            '',
          ]
        : []),
    )
  }
  out.push(
    ...groupTable('category', summary.by_category),
    ...groupTable('backend', summary.by_backend),
    ...groupTable('voice', summary.by_voice),
  )
  const failed = worstFirst(items).filter((item) => !item.pass)
  if (failed.length > 0) {
    out.push(
      '## Failed items',
      '',
      table(
        ['item', 'failed', 'WER', 'why', 'heard'],
        failed
          .slice(0, MAX_FAILED_ROWS)
          .map((item) => [
            `\`${item.id}\``,
            failureReason(item),
            percent(item.wer),
            failureDetail(item),
            item.transcripts[0]?.text ?? '',
          ]),
      ),
      '',
    )
    if (failed.length > MAX_FAILED_ROWS)
      out.push(`…and ${failed.length - MAX_FAILED_ROWS} more (report.json has them all).`, '')
  }
  const worst = highestWer(items, WORST_ITEMS).filter((item) => item.wer! > 0)
  if (worst.length > 0) {
    out.push(
      `## Highest WER`,
      '',
      table(
        ['item', 'WER', 'verdict', 'reference', 'heard'],
        worst.map((item) => [
          `\`${item.id}\``,
          percent(item.wer),
          item.pass ? 'pass' : 'FAIL',
          item.normalized_reference,
          item.transcripts[0]?.normalized ?? '',
        ]),
      ),
      '',
    )
  }
  if (unpaired.length > 0) {
    out.push(
      '## Unpaired files (not scored)',
      '',
      table(
        ['file', 'missing'],
        unpaired.map((file) => [`\`${file.file}\``, `no same-name \`${file.missing}\``]),
      ),
      '',
    )
  }
  out.push('Details: `report.json` (every item, gate and word), `report.html` (charts and audio of the failures).', '')
  return out.join('\n')
}
