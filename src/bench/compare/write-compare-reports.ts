/**
 * Writes a comparison's files into one folder: spec.json (the spec, to run it again), compare.json (the result
 * without audio), SUMMARY.md and report.html. When the result kept its samples, the HTML embeds each prompt's A and B
 * clip as WAV data URIs, in prompt order, up to {@link MAX_EMBEDDED_AUDIO_BYTES}; clips past the budget get no player
 * and the page says so.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { encodeWav } from '../../audio/wav.js'
import { renderCompareHtml } from './compare-html.js'
import { renderCompareMarkdown } from './compare-markdown.js'
import { compareResultJson, type CompareResult } from './compare-result.js'
import { SIDE_NAMES } from './side-spec.js'

/** Audio bytes report.html embeds at most (before base64's 4/3). */
export const MAX_EMBEDDED_AUDIO_BYTES = 16 * 1024 * 1024

export interface WrittenCompareReports {
  readonly dir: string
  readonly spec: string
  readonly json: string
  readonly markdown: string
  readonly html: string
}

function audioSources(result: CompareResult): { sources: Map<string, string>; skipped: number } {
  const sources = new Map<string, string>()
  let budget = MAX_EMBEDDED_AUDIO_BYTES
  let skipped = 0
  if (!result.samples) return { sources, skipped }
  for (const row of result.prompts) {
    for (const side of SIDE_NAMES) {
      const audio = result.samples[side][row.id]
      if (!audio) continue
      const bytes = encodeWav(audio)
      if (bytes.length > budget) {
        skipped++
        continue
      }
      budget -= bytes.length
      sources.set(`${side}/${row.id}`, `data:audio/wav;base64,${Buffer.from(bytes).toString('base64')}`)
    }
  }
  return { sources, skipped }
}

export async function writeCompareReports(dir: string, result: CompareResult): Promise<WrittenCompareReports> {
  await mkdir(dir, { recursive: true })
  const { sources, skipped } = audioSources(result)
  const paths = {
    dir,
    spec: join(dir, 'spec.json'),
    json: join(dir, 'compare.json'),
    markdown: join(dir, 'SUMMARY.md'),
    html: join(dir, 'report.html'),
  }
  const audioNote =
    skipped > 0
      ? `${skipped} clips have no player: the report embeds at most ${MAX_EMBEDDED_AUDIO_BYTES / 2 ** 20} MiB of audio.`
      : result.samples
        ? undefined
        : 'The run kept no audio, so there is nothing to play.'
  await Promise.all([
    writeFile(paths.spec, `${JSON.stringify(result.spec, null, 2)}\n`),
    writeFile(paths.json, `${JSON.stringify(compareResultJson(result), null, 2)}\n`),
    writeFile(paths.markdown, renderCompareMarkdown(result)),
    writeFile(
      paths.html,
      renderCompareHtml(result, {
        audioSource: (side, promptId) => sources.get(`${side}/${promptId}`),
        ...(audioNote ? { audioNote } : {}),
      }),
    ),
  ])
  return paths
}
