/**
 * Routes a transcription over the configured ASR engines in order: the first engine that recognizes the requested
 * language transcribes; when it fails (a 5xx-coded error: not installed, crashed, unreachable, timed out) the next
 * one is tried. Errors that are the request's own (undecodable audio, an unknown language) are returned at once,
 * since the next engine would refuse the same audio. Engines are built from the registry on first use, so a
 * configuration that never transcribes never loads a recognizer.
 *
 * @example
 * const asr = AsrRouter.fromConfig([{ id: 'pocketsphinx', kind: 'pocketsphinx', settings: {} }])
 * const { transcript, engineId } = await asr.transcribe(audio, { language: 'en' }, signal)
 */
import type { PcmAudio } from '../../audio/pcm.js'
import { ChorusError, isAbortError } from '../../errors.js'
import type { EngineHealth } from '../engine.js'
import type { AsrEngine, Transcript, TranscriptionOptions } from './asr-engine.js'
import { supportsLanguage } from './recognizer-input.js'
import { createAsrEngine, isAsrEngineKindName } from './registry.js'

/** One `asr[]` entry of a validated configuration. */
export interface AsrEngineConfig {
  readonly id: string
  readonly kind: string
  readonly settings: Readonly<Record<string, unknown>>
}

export interface TranscriptionRequest extends TranscriptionOptions {
  /** Only this engine (an `asr[].id`) is tried. */
  readonly engineId?: string
}

export interface TranscriptionResult {
  readonly transcript: Transcript
  /** The engine that transcribed. */
  readonly engineId: string
  /** How many engines failed before it. */
  readonly failovers: number
}

export interface AsrRouterOptions {
  /** Told about every engine failure that leads to trying the next engine (for metrics and logs). */
  readonly onFailover?: (engineId: string, error: ChorusError) => void
}

/** An engine, or how to build it on first use. */
export type AsrEngineSource = AsrEngine | { readonly id: string; readonly create: () => Promise<AsrEngine> }

class LazyEngine {
  #engine: Promise<AsrEngine> | undefined
  #built: AsrEngine | undefined

  constructor(
    readonly id: string,
    readonly create: () => Promise<AsrEngine>,
  ) {}

  /** The engine if it is built or being built (waits for a build in progress), else undefined. */
  async existing(): Promise<AsrEngine | undefined> {
    return this.#built ?? this.#engine?.catch(() => undefined)
  }

  /** The engine; a failed build is not cached, so a later request tries again. */
  get(): Promise<AsrEngine> {
    this.#engine ??= this.create().then(
      (engine) => (this.#built = engine),
      (error: unknown) => {
        this.#engine = undefined
        throw error
      },
    )
    return this.#engine
  }
}

function asChorusError(error: unknown, engineId: string): ChorusError {
  if (error instanceof ChorusError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new ChorusError('CHORUS_ERR_ASR_FAILED', { engine: engineId, reason }, { cause: error })
}

export class AsrRouter {
  readonly #engines: readonly LazyEngine[]
  readonly #options: AsrRouterOptions

  constructor(sources: readonly AsrEngineSource[], options: AsrRouterOptions = {}) {
    this.#engines = sources.map((source) =>
      'create' in source ? new LazyEngine(source.id, source.create) : new LazyEngine(source.id, async () => source),
    )
    this.#options = options
  }

  /** A router over the configuration's `asr` entries, each built from the ASR registry on first use. */
  static fromConfig(entries: readonly AsrEngineConfig[], options: AsrRouterOptions = {}): AsrRouter {
    return new AsrRouter(
      entries.map((entry) => ({
        id: entry.id,
        create: async () => {
          if (!isAsrEngineKindName(entry.kind)) {
            throw new ChorusError('CHORUS_ERR_CONFIG_INVALID', { reason: `unknown ASR kind \`${entry.kind}\`` })
          }
          return createAsrEngine(entry.kind, { id: entry.id, settings: entry.settings })
        },
      })),
      options,
    )
  }

  get engineIds(): readonly string[] {
    return this.#engines.map((engine) => engine.id)
  }

  async transcribe(audio: PcmAudio, request: TranscriptionRequest, signal: AbortSignal): Promise<TranscriptionResult> {
    const candidates =
      request.engineId === undefined ? this.#engines : this.#engines.filter((engine) => engine.id === request.engineId)
    if (candidates.length === 0) {
      throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', {
        engine: request.engineId ?? 'asr',
        reason:
          this.#engines.length === 0
            ? 'no ASR engine is configured (the `asr` section is empty).'
            : 'no such ASR engine.',
      })
    }
    const options: TranscriptionOptions = {
      ...(request.language !== undefined ? { language: request.language } : {}),
      ...(request.prompt !== undefined ? { prompt: request.prompt } : {}),
    }
    const errors: ChorusError[] = []
    const languagesSeen = new Set<string>()
    for (const candidate of candidates) {
      if (signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: signal.reason })
      let engine: AsrEngine
      try {
        engine = await candidate.get()
      } catch (caught) {
        const error = new ChorusError(
          'CHORUS_ERR_ENGINE_UNAVAILABLE',
          { engine: candidate.id, reason: asChorusError(caught, candidate.id).message },
          { cause: caught },
        )
        errors.push(error)
        this.#options.onFailover?.(candidate.id, error)
        continue
      }
      if (!supportsLanguage(engine.capabilities.languages, request.language)) {
        for (const language of engine.capabilities.languages) languagesSeen.add(language)
        continue
      }
      try {
        const transcript = await engine.transcribe(audio, options, signal)
        return { transcript, engineId: engine.id, failovers: errors.length }
      } catch (caught) {
        if (signal.aborted || isAbortError(caught)) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: caught })
        const error = asChorusError(caught, engine.id)
        if (error.status < 500) throw error
        errors.push(error)
        this.#options.onFailover?.(engine.id, error)
      }
    }
    if (errors.length === 0) {
      throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
        param: 'language',
        reason: `no configured ASR engine recognizes \`${request.language}\` (they know ${[...languagesSeen].join(', ')}).`,
      })
    }
    throw errors.at(-1)!
  }

  /** Health of every engine (engines not built yet are built to be asked). */
  async health(): Promise<Record<string, EngineHealth>> {
    const entries = await Promise.all(
      this.#engines.map(async (candidate): Promise<[string, EngineHealth]> => {
        try {
          return [candidate.id, await (await candidate.get()).health()]
        } catch (error) {
          return [candidate.id, { ok: false, detail: asChorusError(error, candidate.id).message }]
        }
      }),
    )
    return Object.fromEntries(entries)
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#engines.map(async (candidate) => (await candidate.existing())?.close()))
  }
}
