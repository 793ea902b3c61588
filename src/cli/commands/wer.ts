/**
 * `chorus wer --ref "…" --hyp "…" [--hyp2 "…"] [--json]`: the lab's scorer on two or three strings, no audio. Shows
 * the normalized forms, WER and CER per hypothesis, and the aligned words with a verdict each — a quick way to see
 * why an item scored as it did, or to check what the normalizer does with a number, a date or an abbreviation.
 * `--json` prints the scorer's whole result (`scoreUtterance`).
 */
import type { Command } from 'commander'
import { scoreUtterance, type UtteranceScore } from '../../text/scoring/index.js'
import { exitTwoOnUsageErrors } from './lab-options.js'

interface WerOptions {
  ref: string
  hyp: string
  hyp2?: string
  json?: boolean
}

const percent = (value: number): string => `${(100 * value).toFixed(1)}%`

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

export function formatScore(score: UtteranceScore): string {
  const two = score.hypotheses.length > 1
  const lines = [`reference   ${score.normalizedReference}`]
  score.hypotheses.forEach((hypothesis, index) => {
    const label = index === 0 ? 'hyp' : `hyp${index + 1}`
    lines.push(`${label.padEnd(11)} ${hypothesis.normalizedHypothesis}`)
    if (hypothesis.normalizedReference !== score.normalizedReference) {
      lines.push(`${''.padEnd(11)} (scored against the reading "${hypothesis.normalizedReference}")`)
    }
  })
  lines.push('')
  lines.push(
    table(
      ['', 'WER', 'CER', 'S', 'D', 'I', 'N'],
      score.hypotheses.map((hypothesis, index) => [
        index === 0 ? 'hyp' : `hyp${index + 1}`,
        percent(hypothesis.wer),
        percent(hypothesis.cer),
        String(hypothesis.words.substitutions),
        String(hypothesis.words.deletions),
        String(hypothesis.words.insertions),
        String(hypothesis.words.referenceLength),
      ]),
    ),
  )
  lines.push('')
  const dash = (word: string | null | undefined): string => word ?? '—'
  lines.push(
    table(
      two ? ['REF', 'HYP', 'HYP2', 'OP', 'OP2', 'VERDICT'] : ['REF', 'HYP', 'OP', 'VERDICT'],
      score.words.map((row) =>
        two
          ? [dash(row.ref), dash(row.hyp), dash(row.hyp2), row.op, row.op2 ?? 'none', row.verdict]
          : [dash(row.ref), dash(row.hyp), row.op, row.verdict],
      ),
    ),
  )
  const counts = Object.entries(score.counts)
    .filter(([, count]) => count > 0)
    .map(([verdict, count]) => `${verdict} ${count}`)
  lines.push('', `verdicts: ${counts.join(', ') || 'none'}`)
  return `${lines.join('\n')}\n`
}

export function registerWer(program: Command): void {
  exitTwoOnUsageErrors(
    program
      .command('wer')
      .description('Score a hypothesis (or two) against a reference: normalized forms, WER/CER, words with verdicts')
      .requiredOption('--ref <text>', 'the reference: what should have been said')
      .requiredOption('--hyp <text>', 'what the (first) recognizer heard')
      .option('--hyp2 <text>', 'what a second recognizer heard (enables the two-ASR verdicts)')
      .option('--json', 'print the full score as JSON')
      .action((options: WerOptions) => {
        const hypotheses = options.hyp2 === undefined ? [options.hyp] : [options.hyp, options.hyp2]
        const score = scoreUtterance({ reference: options.ref, hypotheses })
        process.stdout.write(options.json ? `${JSON.stringify(score, null, 2)}\n` : formatScore(score))
      }),
  )
}
