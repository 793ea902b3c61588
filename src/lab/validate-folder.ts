/**
 * Validating a generated dataset: every `<name>.wav` + `<name>.txt` pair in a folder (dataset-folder.ts) is scored
 * with {@link scoreItem}, `concurrency` at a time, and each result is upserted into the results store as soon as it
 * is known (keyed by the WAV's SHA-256 and the dataset name, so scoring the same folder again updates rows instead
 * of adding them, and an interrupted run keeps what it finished). One run row records the whole invocation.
 *
 * An item that cannot be scored — an unreadable or undecodable WAV, an empty text, a broken `<name>.json`, a
 * recognizer failing on that clip — is recorded with an error code and counts as failed; the run goes on. A
 * recognizer that is unavailable altogether (not installed, closed) ends the run, as does `signal`.
 *
 * Voice consistency: with the built-in speaker embedder (src/lab/similarity), each clip is compared with the mean
 * voice of the other clips of its voice (else backend, else the whole folder; at least 3 clips). The proxy is
 * uncalibrated, so this is reported for reading relative to the rest of the run, never gated.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { relative, sep } from 'node:path'
import type { AsrEngine } from '../engines/asr/asr-engine.js'
import { decodeWav } from '../audio/wav.js'
import { ChorusError, isAbortError, toChorusError, type ErrorCode } from '../errors.js'
import type { JsonValue, ResultStore, RunKind, RunStatus } from '../store/result-store.js'
import { CHORUS_VERSION } from '../version.js'
import { listDataset, readItemMetadata, type ItemMetadata, type UnpairedFile } from './dataset-folder.js'
import type { GateThresholdOverrides } from './gates/index.js'
import { toJsonValue } from './json-values.js'
import { scoreItem, type ItemResult } from './score-item.js'
import { cosineSimilarity, createSpectralEmbedder, type SpeakerEmbedder } from './similarity/index.js'
import { summarizeValidation, type ValidationSummary } from './validation-summary.js'

/** Fewest clips in a group for a leave-one-out mean voice to mean anything. */
export const MIN_CONSISTENCY_GROUP = 3

export interface ValidateFolderOptions {
  readonly folder: string
  /** The dataset name results are stored under. */
  readonly dataset: string
  /** One or two recognizers (see scoreItem). */
  readonly asr: readonly AsrEngine[]
  readonly thresholds?: GateThresholdOverrides
  /** Items scored at once (each item runs its recognizers in parallel; engines bound their own processes). */
  readonly concurrency: number
  readonly signal: AbortSignal
  /** Where results go; without one nothing is stored. */
  readonly store?: ResultStore
  /** What to record as the run's spec (the command line's options); default: the folder, dataset and engines. */
  readonly spec?: JsonValue
  readonly language?: string
  /** Speaker embedder for voice consistency; `null` turns it off. Default: the built-in spectral proxy. */
  readonly embedder?: SpeakerEmbedder | null
  /**
   * Results already scored, by the clip's SHA-256 (hex): such clips are not scored again (`chorus eval` scores every
   * candidate take while choosing the best, then validates the folder of winners).
   */
  readonly prescored?: ReadonlyMap<string, ItemResult>
  /**
   * Items that failed before there was a clip (a synthesis error): reported and counted as failed like unscorable
   * items, so a run whose clips all failed still ends in a report instead of "nothing to score".
   */
  readonly failedBeforeScoring?: readonly ValidatedItem[]
  /** The run kind recorded in the store (default `validate`). */
  readonly runKind?: RunKind
  /** Called once the folder is listed, before any scoring. */
  readonly onStart?: (items: number, unpaired: readonly UnpairedFile[]) => void
  /** Called once per item as it finishes, in finishing order. */
  readonly onItem?: (item: ValidatedItem, done: number, total: number) => void
}

export interface ItemError {
  readonly code: ErrorCode
  readonly message: string
}

export interface ValidatedItem {
  readonly id: string
  /** The clip's path relative to the folder, `/`-separated. */
  readonly file: string
  readonly audioPath: string
  /** SHA-256 of the WAV file, hex; absent when it could not be read. */
  readonly fileHash?: string
  readonly metadata: ItemMetadata
  /** The text from `<name>.txt` (trimmed); absent when it could not be read. */
  readonly reference?: string
  /** Absent when the item could not be scored; `error` says why. */
  readonly result?: ItemResult
  readonly error?: ItemError
  /** Similarity of this clip's voice to the mean voice of its group (0…1), when measured. */
  readonly voiceConsistency?: number
}

export interface FolderValidation {
  readonly folder: string
  readonly dataset: string
  /** The run's id in the results store, when there is one. */
  readonly storeRunId?: number
  readonly startedAt: string
  readonly finishedAt: string
  readonly status: Extract<RunStatus, 'passed' | 'failed'>
  /** Sorted by id. */
  readonly items: readonly ValidatedItem[]
  readonly unpaired: readonly UnpairedFile[]
  readonly summary: ValidationSummary
  readonly asr: readonly string[]
  /** The embedder voice consistency was measured with, if any. */
  readonly embedder?: string
}

const itemError = (code: ErrorCode, message: string): ItemError => ({ code, message })

/** Errors that say a recognizer cannot run at all: the run stops instead of failing every item the same way. */
const RUN_ENDING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['CHORUS_ERR_ENGINE_UNAVAILABLE', 'CHORUS_ERR_ABORTED'])

interface Prepared {
  readonly item: ValidatedItem
  readonly audio?: { readonly samples: Float32Array; readonly sampleRate: number }
}

async function prepare(
  folder: string,
  files: { id: string; audioPath: string; referencePath: string; metadataPath?: string },
): Promise<Prepared> {
  const base = {
    id: files.id,
    file: relative(folder, files.audioPath).split(sep).join('/'),
    audioPath: files.audioPath,
  }
  const invalid = (reason: string, extra: Partial<ValidatedItem> = {}): Prepared => ({
    item: {
      ...base,
      metadata: {},
      ...extra,
      error: itemError(
        'CHORUS_ERR_DATASET_ITEM_INVALID',
        new ChorusError('CHORUS_ERR_DATASET_ITEM_INVALID', { item: files.id, reason }).message,
      ),
    },
  })
  let bytes: Uint8Array
  let reference: string
  try {
    ;[bytes, reference] = await Promise.all([
      readFile(files.audioPath).then((buffer) => new Uint8Array(buffer)),
      readFile(files.referencePath, 'utf8').then((text) => text.trim()),
    ])
  } catch (error) {
    return invalid((error as Error).message)
  }
  const fileHash = createHash('sha256').update(bytes).digest('hex')
  let metadata: ItemMetadata = {}
  try {
    if (files.metadataPath) metadata = await readItemMetadata(files.metadataPath)
  } catch (error) {
    return invalid((error as Error).message, { fileHash, reference })
  }
  if (reference === '')
    return invalid(`${files.referencePath} is empty: there is no text to score against`, {
      fileHash,
      metadata,
      reference,
    })
  try {
    const audio = decodeWav(bytes)
    return { item: { ...base, fileHash, metadata, reference }, audio }
  } catch (error) {
    return invalid(`${base.file}: ${(error as Error).message}`, { fileHash, metadata, reference })
  }
}

/** What the results store keeps of a scored item. */
function storedResult(item: ValidatedItem, dataset: string, runId: number) {
  const result = item.result!
  return {
    file_hash: item.fileHash!,
    dataset,
    run_id: runId,
    item_id: item.id,
    backend: item.metadata.backend ?? null,
    voice: item.metadata.voice ?? null,
    text: item.reference!,
    wer: result.wer,
    pass: result.pass,
    gates: toJsonValue(result.gateDetails),
    metrics: toJsonValue({ ...result.metrics, gateWer: result.gateWer }),
    words: toJsonValue(result.words),
    audio_path: item.audioPath,
  }
}

function unitVector(vector: Float32Array): Float32Array | undefined {
  let norm = 0
  for (const value of vector) norm += value * value
  if (norm === 0) return undefined
  const scale = 1 / Math.sqrt(norm)
  return vector.map((value) => value * scale)
}

/** Leave-one-out similarity of each embedding to the mean of the others in its group. */
function voiceConsistency(groups: Map<string, { index: number; vector: Float32Array }[]>): Map<number, number> {
  const out = new Map<number, number>()
  for (const members of groups.values()) {
    if (members.length < MIN_CONSISTENCY_GROUP) continue
    const sum = new Float32Array(members[0]!.vector.length)
    for (const { vector } of members) for (let i = 0; i < sum.length; i++) sum[i]! += vector[i]!
    for (const { index, vector } of members) {
      const others = sum.map((value, i) => value - vector[i]!)
      out.set(index, Math.max(0, cosineSimilarity(vector, others)))
    }
  }
  return out
}

export async function validateFolder(options: ValidateFolderOptions): Promise<FolderValidation> {
  const { folder, dataset, asr, store, signal } = options
  const startedAt = new Date().toISOString()
  const listing = await listDataset(folder)
  const failedBefore = options.failedBeforeScoring ?? []
  if (listing.items.length === 0 && failedBefore.length === 0) {
    throw new ChorusError('CHORUS_ERR_DATASET_EMPTY', {
      folder,
      detail: listing.unpaired.length > 0 ? `; ${listing.unpaired.length} files have no partner` : '',
    })
  }
  options.onStart?.(listing.items.length, listing.unpaired)
  const prescored = options.prescored ?? new Map<string, ItemResult>()
  const embedder = options.embedder === null ? undefined : (options.embedder ?? createSpectralEmbedder())
  const spec = options.spec ?? { folder, dataset, asr: asr.map((engine) => engine.id) }
  const storeRunId = store
    ? await store.createRun({
        kind: options.runKind ?? 'validate',
        name: dataset,
        spec,
        chorus_version: CHORUS_VERSION,
      })
    : undefined
  const total = listing.items.length
  const items: ValidatedItem[] = new Array(total)
  const embeddings = new Map<number, Float32Array>()
  let done = 0
  let next = 0
  let stop: unknown
  const scoreNext = async (): Promise<void> => {
    while (stop === undefined && next < total) {
      const index = next++
      const prepared = await prepare(folder, listing.items[index]!)
      let item = prepared.item
      if (prepared.audio && item.reference !== undefined) {
        try {
          const known = item.fileHash === undefined ? undefined : prescored.get(item.fileHash)
          const [result, embedding] = await Promise.all([
            known ??
              scoreItem({
                id: item.id,
                audio: prepared.audio,
                reference: item.reference,
                asr,
                thresholds: options.thresholds,
                signal,
                language: options.language,
              }),
            embedder && prepared.audio.samples.length > 0 ? embedder.embed(prepared.audio, signal) : undefined,
          ])
          item = { ...item, result }
          const unit = embedding && unitVector(embedding)
          if (unit) embeddings.set(index, unit)
          if (store && storeRunId !== undefined) await store.upsertAudioResult(storedResult(item, dataset, storeRunId))
        } catch (error) {
          const coded = signal.aborted
            ? new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
            : toChorusError(error)
          if (RUN_ENDING.has(coded.code) || isAbortError(error) || coded.code.startsWith('CHORUS_ERR_STORE')) {
            stop ??= coded
            return
          }
          item = { ...item, error: itemError(coded.code, coded.message) }
        }
      }
      items[index] = item
      done += 1
      options.onItem?.(item, done, total)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, total)) }, () => scoreNext()))
    if (stop !== undefined) throw stop
  } catch (error) {
    if (store && storeRunId !== undefined) {
      const status = isAbortError(error) ? 'cancelled' : 'error'
      const coded = toChorusError(error)
      await store
        .finishRun(storeRunId, {
          status,
          summary: { items: total, scored: done, error: { code: coded.code, message: coded.message } },
        })
        .catch(() => undefined)
    }
    throw error
  }
  const groups = new Map<string, { index: number; vector: Float32Array }[]>()
  for (const [index, vector] of embeddings) {
    const { voice, backend } = items[index]!.metadata
    const key =
      voice !== undefined ? `voice:${backend ?? ''}:${voice}` : backend !== undefined ? `backend:${backend}` : ''
    groups.set(key, [...(groups.get(key) ?? []), { index, vector }])
  }
  for (const [index, similarity] of voiceConsistency(groups))
    items[index] = { ...items[index]!, voiceConsistency: similarity }
  items.push(...failedBefore)
  items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const summary = summarizeValidation(
    items.map((item) => ({ ...item.metadata, ...(item.result ? { result: item.result } : {}) })),
    listing.unpaired.length,
  )
  const status = summary.failed === 0 ? 'passed' : 'failed'
  const finishedAt = new Date().toISOString()
  if (store && storeRunId !== undefined) {
    await store.finishRun(storeRunId, {
      status,
      summary: toJsonValue({ ...summary, unpaired_files: listing.unpaired }),
    })
  }
  return {
    folder,
    dataset,
    ...(storeRunId === undefined ? {} : { storeRunId }),
    startedAt,
    finishedAt,
    status,
    items,
    unpaired: listing.unpaired,
    summary,
    asr: asr.map((engine) => engine.id),
    ...(embedder ? { embedder: embedder.id } : {}),
  }
}
