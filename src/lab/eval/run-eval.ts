/**
 * `chorus eval`: the scenario matrix. Every prompt of the chosen eval sets is synthesized by every chosen backend in
 * every chosen voice (through the router, pinned to that backend, so a backend that fails is reported, not covered
 * for by failover), each take is scored with {@link scoreItem}, and with best-of-N the best of N takes
 * (candidates.ts) is kept. The kept takes are then written as a dataset folder (`<out>/audio/<backend>/<voice>/
 * <prompt>.wav` + `.txt` + `.json`) and validated like any generated dataset (validate-folder.ts, with the scores
 * already known), so eval results are stored, summarized and reported exactly like `chorus validate`'s — plus the
 * backend:voice × category matrix and every take's score.
 *
 * Storage stays bounded by `keepWavs`: `best` keeps the winning take of each cell, `all` also keeps the losing takes
 * under `<out>/candidates/`, `none` deletes the clips once they are scored (reports then have no audio players).
 *
 * A take whose synthesis fails is recorded with its error code; a cell whose every take fails is a failed item of
 * the report. A recognizer that cannot run at all, the results store failing, or `signal` ends the run.
 *
 * @example
 * const result = await runEval(parseEvalSpec({ sets: ['scenarios'], candidates: 2 }), { signal, outDir: 'out' })
 * result.validation.summary.passed
 */
import { createHash } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import type { PcmAudio } from '../../audio/pcm.js'
import { encodeWav } from '../../audio/wav.js'
import { loadConfig } from '../../config/load.js'
import { closestKey } from '../../config/suggest.js'
import type { AsrEngine } from '../../engines/asr/asr-engine.js'
import { ChorusError, isAbortError, toChorusError, type ErrorCode } from '../../errors.js'
import { buildRouter } from '../../router/build.js'
import type { SpeechRouter } from '../../router/speech-router.js'
import type { ResultStore } from '../../store/result-store.js'
import { loadEvalSet, type EvalItem } from '../eval-sets/index.js'
import type { GateThresholdOverrides } from '../gates/index.js'
import { parseThresholds, resolveAsrEngines } from '../lab-setup.js'
import { toJsonValue } from '../json-values.js'
import { scoreItem, type ItemResult } from '../score-item.js'
import { validateFolder, type FolderValidation, type ValidatedItem } from '../validate-folder.js'
import { bestTake, takeVariants, type TakeVariant } from './candidates.js'
import { evalDatasetName, type EvalSpec } from './eval-spec.js'
import { evalMatrix, type EvalMatrix } from './eval-matrix.js'

export interface EvalRunOptions {
  readonly signal: AbortSignal
  /** The run's folder: audio/ (kept takes), candidates/ (with keepWavs `all`). */
  readonly outDir: string
  readonly store?: ResultStore
  /** Cells worked on at once (default: one per core). */
  readonly concurrency?: number
  /** Return the kept take of each cell as PCM (`samples`), for callers comparing audio across runs. */
  readonly keepAudio?: boolean
  /** A router to use instead of one built from `spec.config` (the caller then closes it). */
  readonly router?: SpeechRouter
  /** Recognizers to use instead of resolving `spec.asr` (the caller then closes them). */
  readonly asr?: readonly AsrEngine[]
  /** Once the matrix is known, before any synthesis: cells × takes. */
  readonly onStart?: (cells: number, takes: number) => void
  /** After each take is synthesized and scored (or failed). */
  readonly onTake?: (event: TakeEvent) => void
}

export interface TakeEvent {
  readonly cell: string
  readonly take: number
  readonly pass: boolean
  readonly error?: ErrorCode
  readonly done: number
  readonly total: number
}

export interface TakeOutcome {
  readonly take: number
  readonly speed: number
  readonly seed?: number
  readonly pass?: boolean
  readonly wer?: number
  readonly gateWer?: number
  readonly failedGates?: readonly string[]
  readonly error?: { readonly code: ErrorCode; readonly message: string }
}

export interface EvalCell {
  /** `<backend>/<voice>/<prompt id>` (path-safe), the item id in reports and the store. */
  readonly id: string
  readonly backend: string
  readonly voice: string
  readonly set: string
  readonly prompt: string
  readonly category: string
  readonly text: string
  readonly reference: string
  readonly takes: readonly TakeOutcome[]
  /** Index of the kept take; absent when no take could be scored. */
  readonly best?: number
}

export interface EvalResult {
  readonly spec: EvalSpec
  readonly dataset: string
  readonly validation: FolderValidation
  readonly cells: readonly EvalCell[]
  readonly matrix: EvalMatrix
  readonly thresholds: GateThresholdOverrides
  readonly audioDir: string
  /** The kept take of each cell, by cell id, when `keepAudio` was asked for. */
  readonly samples?: Readonly<Record<string, PcmAudio>>
}

interface Prompt extends EvalItem {
  readonly set: string
  /** The id within the run: the set's id, prefixed with the set's name when several sets run together. */
  readonly key: string
}

interface CellPlan {
  readonly backend: string
  readonly voice: string
  readonly prompt: Prompt
  readonly variants: readonly TakeVariant[]
}

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

/** Errors after which going on would only repeat them: the run ends. */
const RUN_ENDING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['CHORUS_ERR_ENGINE_UNAVAILABLE', 'CHORUS_ERR_ABORTED'])

/** A file-system-safe path segment for a backend or voice id. */
export const pathSegment = (name: string): string => name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_')

async function loadPrompts(spec: EvalSpec): Promise<Prompt[]> {
  const sets = await Promise.all(spec.sets.map(async (name) => ({ name, set: await loadEvalSet(name) })))
  const wanted = new Set(spec.categories)
  const known = new Set(sets.flatMap(({ set }) => set.items.map((item) => item.category)))
  for (const category of wanted) {
    if (known.has(category)) continue
    const guess = closestKey(category, known)
    throw usage(
      `--category: no prompt of category \`${category}\`${guess ? `; did you mean \`${guess}\`?` : ''} Categories: ${[...known].sort().join(', ')}`,
    )
  }
  return sets.flatMap(({ set }) => {
    const chosen = set.items.filter((item) => wanted.size === 0 || wanted.has(item.category))
    return chosen.slice(0, spec.limit ?? chosen.length).map((item) => ({
      ...item,
      set: set.name,
      key: sets.length > 1 ? `${pathSegment(set.name)}.${pathSegment(item.id)}` : pathSegment(item.id),
    }))
  })
}

/** Backend → voices, checked against what each backend lists. */
async function planVoices(spec: EvalSpec, router: SpeechRouter): Promise<Map<string, string[]>> {
  const ids = router.engineIds
  const backends = spec.backends.length > 0 ? [...new Set(spec.backends)] : ids
  for (const backend of backends) {
    if (ids.includes(backend)) continue
    const guess = closestKey(backend, ids)
    throw usage(
      `--backend: no backend \`${backend}\`${guess ? `; did you mean \`${guess}\`?` : ''} Backends: ${ids.join(', ')}`,
    )
  }
  const everything = await router.listVoices()
  const listing = everything.filter((voice) => voice.targets === undefined)
  const voicesOf = (backend: string): string[] =>
    listing.filter((voice) => voice.engine === backend).map((voice) => voice.id)
  /** The voice the first alias on this backend (such as the default `alloy`) sends to, else the backend's first. */
  const defaultVoiceOf = (backend: string): string | undefined => {
    const own = voicesOf(backend)
    for (const alias of everything) {
      const primary = alias.targets?.[0]
      const voice = primary?.startsWith(`${backend}:`) ? primary.slice(backend.length + 1) : undefined
      if (voice !== undefined && own.includes(voice)) return voice
    }
    return own[0]
  }
  const plan = new Map<string, string[]>(backends.map((backend) => [backend, []]))
  for (const name of spec.voices) {
    const colon = name.indexOf(':')
    const pinned = colon > 0 && ids.includes(name.slice(0, colon)) ? name.slice(0, colon) : undefined
    const voice = pinned ? name.slice(colon + 1) : name
    const targets = (pinned ? [pinned] : backends).filter((backend) => voicesOf(backend).includes(voice))
    if (pinned && !plan.has(pinned))
      throw usage(`--voice ${name}: backend \`${pinned}\` is not among the --backend ids`)
    if (targets.length === 0) {
      const candidates = (pinned ? [pinned] : backends).flatMap(voicesOf)
      const guess = closestKey(voice, candidates)
      throw usage(
        `--voice: no backend of this run has a voice \`${voice}\`${guess ? `; did you mean \`${guess}\`?` : ''} ` +
          `(chorus voices lists them)`,
      )
    }
    for (const backend of targets) if (!plan.get(backend)!.includes(voice)) plan.get(backend)!.push(voice)
  }
  for (const [backend, voices] of plan) {
    if (spec.voices.length > 0 && voices.length === 0) plan.delete(backend)
    else if (voices.length === 0) {
      const first = defaultVoiceOf(backend)
      if (first === undefined) {
        throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', {
          engine: backend,
          reason: 'it lists no voices (is it running?); name one with --voice',
        })
      }
      voices.push(first)
    }
  }
  return plan
}

async function writeClip(path: string, audio: PcmAudio): Promise<Uint8Array> {
  const bytes = encodeWav(audio)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, bytes)
  return bytes
}

const takeError = (error: unknown): { code: ErrorCode; message: string } => {
  const coded = toChorusError(error)
  return { code: coded.code, message: coded.message }
}

export async function runEval(spec: EvalSpec, options: EvalRunOptions): Promise<EvalResult> {
  const { signal, outDir } = options
  const thresholds = parseThresholds(spec.thresholds)
  const prompts = await loadPrompts(spec)
  const router = options.router ?? (await buildRouter(await loadConfig(spec.config ? { file: spec.config } : {})))
  let asr: readonly AsrEngine[] = []
  try {
    asr = options.asr ?? (await resolveAsrEngines(spec.asr, spec.config))
    const voices = await planVoices(spec, router)
    const plans: CellPlan[] = []
    for (const [backend, names] of voices) {
      const capabilities = router.backends.get(backend)!.engine.capabilities
      const variants = takeVariants(spec.candidates, capabilities, 1, spec.seed)
      for (const voice of names) for (const prompt of prompts) plans.push({ backend, voice, prompt, variants })
    }
    const audioDir = join(outDir, 'audio')
    const candidatesDir = join(outDir, 'candidates')
    const total = plans.length * spec.candidates
    options.onStart?.(plans.length, total)
    const cells: EvalCell[] = new Array(plans.length)
    const prescored = new Map<string, ItemResult>()
    const failed: ValidatedItem[] = []
    const samples: Record<string, PcmAudio> = {}
    let done = 0
    let next = 0
    let stop: unknown

    const runCell = async (plan: CellPlan): Promise<EvalCell> => {
      const { backend, voice, prompt } = plan
      const id = `${pathSegment(backend)}/${pathSegment(voice)}/${prompt.key}`
      const takes: TakeOutcome[] = []
      const scored: { take: number; audio: PcmAudio; result: ItemResult }[] = []
      for (const [take, variant] of plan.variants.entries()) {
        if (stop !== undefined) throw stop
        const base = { take, speed: variant.speed, ...(variant.seed === undefined ? {} : { seed: variant.seed }) }
        let outcome: TakeOutcome = base
        let audio: PcmAudio | undefined
        try {
          // `backend:voice` names the voice exactly, so an alias of the same name (`alloy`) cannot reroute it.
          const request = { text: prompt.text, voice: `${backend}:${voice}`, model: backend, speed: variant.speed }
          audio = (
            await router.synthesizeAll(
              variant.seed === undefined ? request : { ...request, seed: variant.seed },
              signal,
            )
          ).audio
        } catch (error) {
          if (signal.aborted || isAbortError(error)) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
          outcome = { ...base, error: takeError(error) }
        }
        if (audio) {
          try {
            const result = await scoreItem({
              id,
              audio,
              reference: prompt.reference,
              asr,
              thresholds,
              signal,
              language: spec.language,
            })
            scored.push({ take, audio, result })
            const failedGates = Object.entries(result.gates)
              .filter(([, status]) => status === 'fail')
              .map(([gate]) => gate)
            outcome = { ...base, pass: result.pass, wer: result.wer, gateWer: result.gateWer, failedGates }
          } catch (error) {
            const coded = signal.aborted
              ? new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
              : toChorusError(error)
            // A recognizer that cannot run fails every take the same way: the run stops instead.
            if (RUN_ENDING.has(coded.code) || isAbortError(error)) throw coded
            outcome = { ...base, error: takeError(coded) }
          }
        }
        takes.push(outcome)
        done += 1
        options.onTake?.({
          cell: id,
          take,
          pass: outcome.pass === true,
          ...(outcome.error ? { error: outcome.error.code } : {}),
          done,
          total,
        })
      }
      const metadata = { category: prompt.category, backend, voice, text: prompt.text }
      const { set, category, text, reference } = prompt
      const cell: EvalCell = { id, backend, voice, set, prompt: prompt.id, category, text, reference, takes }
      if (scored.length === 0) {
        const last = takes[takes.length - 1]!.error!
        failed.push({
          id,
          file: `${id}.wav`,
          audioPath: join(audioDir, `${id}.wav`),
          metadata,
          reference: prompt.reference,
          error: last,
        })
        return cell
      }
      const winner = scored[bestTake(scored.map((entry) => entry.result))]!
      const bytes = await writeClip(join(audioDir, `${id}.wav`), winner.audio)
      await Promise.all([
        writeFile(join(audioDir, `${id}.txt`), `${prompt.reference}\n`),
        writeFile(
          join(audioDir, `${id}.json`),
          `${JSON.stringify({ ...metadata, set: prompt.set, take: winner.take }, null, 2)}\n`,
        ),
        ...(spec.keepWavs === 'all'
          ? scored
              .filter((entry) => entry !== winner)
              .map((entry) => writeClip(join(candidatesDir, `${id}.take${entry.take}.wav`), entry.audio))
          : []),
      ])
      prescored.set(createHash('sha256').update(bytes).digest('hex'), winner.result)
      if (options.keepAudio) samples[id] = winner.audio
      return { ...cell, best: winner.take }
    }

    const worker = async (): Promise<void> => {
      while (stop === undefined && next < plans.length) {
        const index = next++
        try {
          cells[index] = await runCell(plans[index]!)
        } catch (error) {
          stop ??= error
        }
      }
    }
    const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), plans.length))
    await mkdir(audioDir, { recursive: true })
    await Promise.all(Array.from({ length: concurrency }, worker))
    if (stop !== undefined) throw stop

    const dataset = evalDatasetName(spec)
    const validation = await validateFolder({
      folder: audioDir,
      dataset,
      asr,
      thresholds,
      concurrency,
      signal,
      ...(options.store ? { store: options.store } : {}),
      spec: toJsonValue(spec),
      prescored,
      failedBeforeScoring: failed,
      runKind: 'eval',
      ...(spec.language ? { language: spec.language } : {}),
    })
    if (spec.keepWavs === 'none') await rm(audioDir, { recursive: true, force: true })
    return {
      spec,
      dataset,
      validation,
      cells,
      matrix: evalMatrix(validation.items),
      thresholds,
      audioDir,
      ...(options.keepAudio ? { samples } : {}),
    }
  } finally {
    if (!options.asr) await Promise.allSettled(asr.map((engine) => engine.close()))
    if (!options.router) await router.close()
  }
}
