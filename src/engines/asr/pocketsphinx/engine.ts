/**
 * The `pocketsphinx` ASR engine: Debian's PocketSphinx 0.8 programs as child processes. `transcribe()` runs
 * `pocketsphinx_continuous` on one clip; `transcribeBatch()` runs `pocketsphinx_batch`, which loads the acoustic and
 * language models once per process for a whole list of clips (spread over at most `processes` of them).
 *
 * Input is what the en-us models were trained on: 16 kHz mono 16-bit, here with the peak at −3 dBFS so quiet and
 * loud engines are heard alike, and half-bit dither added by Chorus with a generator seeded afresh per clip
 * (dither.ts) rather than by PocketSphinx (seeded once per process): identical audio gives an identical transcript,
 * alone or anywhere in a batch.
 */
import { constants } from 'node:fs'
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { durationSeconds, type PcmAudio } from '../../../audio/pcm.js'
import { findExecutable } from '../../../audio/encoders/find-executable.js'
import { ChorusError, isAbortError } from '../../../errors.js'
import { ConcurrencyLimit } from '../../cli/concurrency-limit.js'
import { ProgramStartError, ProgramTimeoutError, runProgram, type ProgramResult } from '../../cli/run-program.js'
import type { EngineHealth } from '../../engine.js'
import type { AsrCapabilities, AsrEngine, Transcript, TranscriptionOptions } from '../asr-engine.js'
import { assertLanguage, assertTranscribable, primaryLanguage, toRecognizerInput } from '../recognizer-input.js'
import type { PocketsphinxSettings } from './config.js'
import { ditheredWav } from './dither.js'
import { parseBatchHypotheses, parseBatchSegmentation, parseContinuousOutput, type RecognizedSpeech } from './output.js'

/** The en-us models' rate and format; `-infile` and `-adcin` read exactly this. */
export const RECOGNIZER_SAMPLE_RATE = 16_000
/** Peak level the input is normalized to. */
export const INPUT_PEAK_DBFS = -3
/** What Debian's pocketsphinx programs load when no `-hmm` is given. */
const DEBIAN_DEFAULT_MODEL = '/usr/share/pocketsphinx/model/en-us/en-us'
const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us'
/** How much of stderr an error message quotes. */
const STDERR_EXCERPT_CHARS = 300
/** `pocketsphinx_batch -adchdr`: bytes of header to skip, the canonical WAV header `encodeWav` writes. */
const WAV_HEADER_BYTES = '44'

/** The lines of stderr that say what went wrong (PocketSphinx logs hundreds of INFO lines), else its end. */
function excerpt(stderr: string): string {
  const problems = stderr.split('\n').filter((line) => /^(ERROR|FATAL|FATAL_ERROR|WARN)/.test(line))
  const text = (problems.length > 0 ? problems.join(' ') : stderr).replace(/\s+/g, ' ').trim()
  return text.length > STDERR_EXCERPT_CHARS ? `…${text.slice(-STDERR_EXCERPT_CHARS)}` : text
}

async function isExecutable(binary: string): Promise<boolean> {
  if (!binary.includes('/')) return (await findExecutable(binary)) !== undefined
  try {
    await access(binary, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Splits clip indexes into `count` groups of about equal total duration (longest first onto the lightest group). */
function balance(durations: readonly number[], count: number): number[][] {
  const groups = Array.from({ length: count }, () => ({ load: 0, clips: [] as number[] }))
  const order = durations.map((_, index) => index).sort((a, b) => durations[b]! - durations[a]!)
  for (const index of order) {
    const lightest = groups.reduce((best, group) => (group.load < best.load ? group : best))
    lightest.load += durations[index]!
    lightest.clips.push(index)
  }
  return groups.filter((group) => group.clips.length > 0).map((group) => group.clips.sort((a, b) => a - b))
}

export class PocketsphinxEngine implements AsrEngine {
  readonly kind = 'cli' as const
  readonly capabilities: AsrCapabilities
  readonly #settings: PocketsphinxSettings
  readonly #limit: ConcurrencyLimit
  /** Aborted by close(): kills every process still running and empties the queue. */
  readonly #closing = new AbortController()
  readonly #inFlight = new Set<Promise<unknown>>()

  constructor(
    readonly id: string,
    settings: PocketsphinxSettings,
  ) {
    this.#settings = settings
    this.#limit = new ConcurrencyLimit(settings.processes)
    this.capabilities = { wordTimestamps: true, languages: settings.languages }
  }

  async transcribe(audio: PcmAudio, options: TranscriptionOptions, signal: AbortSignal): Promise<Transcript> {
    assertTranscribable(audio)
    assertLanguage(this.id, this.capabilities.languages, options.language)
    if (this.#settings.decoder === 'batch') return (await this.transcribeBatch([audio], options, signal))[0]!
    return this.#guard(signal, async (linked) => {
      const input = await toRecognizerInput(audio, { sampleRate: RECOGNIZER_SAMPLE_RATE, peakDbfs: INPUT_PEAK_DBFS })
      const recognized = await this.#limit.run(
        () =>
          this.#inWorkDir(async (workDir) => {
            const file = join(workDir, 'input.wav')
            await writeFile(file, ditheredWav(input))
            const args = [...this.#modelArgs(), '-infile', file, '-dither', 'no', '-time', 'yes']
            const result = await this.#run(this.#settings.binary, args, workDir, durationSeconds(input), linked)
            this.#assertExitedCleanly(this.#settings.binary, result)
            return parseContinuousOutput(result.stdout.toString('utf8'))
          }),
        linked,
      )
      return { ...recognized, language: this.#language(options), durationSeconds: durationSeconds(audio) }
    })
  }

  /**
   * All clips through `pocketsphinx_batch`: one model load per process, at most `processes` of them at once, clips
   * balanced between them by duration. Batch mode decodes each clip as one utterance (no pause splitting), so its
   * transcripts can differ slightly from `transcribe()`'s; each transcript has one segment.
   */
  async transcribeBatch(
    audios: readonly PcmAudio[],
    options: TranscriptionOptions,
    signal: AbortSignal,
  ): Promise<Transcript[]> {
    for (const [index, audio] of audios.entries()) {
      try {
        assertTranscribable(audio)
      } catch (error) {
        throw new ChorusError('CHORUS_ERR_AUDIO_UNDECODABLE', {
          reason: `clip ${index}: ${(error as ChorusError).details.reason}`,
        })
      }
    }
    assertLanguage(this.id, this.capabilities.languages, options.language)
    if (audios.length === 0) return []
    return this.#guard(signal, async (linked) => {
      const inputs: PcmAudio[] = []
      for (const audio of audios) {
        inputs.push(await toRecognizerInput(audio, { sampleRate: RECOGNIZER_SAMPLE_RATE, peakDbfs: INPUT_PEAK_DBFS }))
      }
      const clips = inputs.map((input, index) => ({
        id: `clip-${String(index).padStart(6, '0')}`,
        seconds: durationSeconds(input),
      }))
      const shards = balance(
        clips.map((clip) => clip.seconds),
        Math.min(this.#settings.processes, clips.length),
      ).map((indexes) => indexes.map((index) => clips[index]!))
      return this.#inWorkDir(async (workDir) => {
        for (const [index, input] of inputs.entries())
          await writeFile(join(workDir, `${clips[index]!.id}.wav`), ditheredWav(input))
        // The first failing shard stops the others; the work directory outlives every process that reads it.
        const stopShards = new AbortController()
        const shardSignal = AbortSignal.any([linked, stopShards.signal])
        let firstError: unknown
        const results = await Promise.allSettled(
          shards.map((shard, number) =>
            this.#limit
              .run(() => this.#batchShard(workDir, number, shard, shardSignal), shardSignal)
              .catch((error: unknown) => {
                firstError ??= error
                stopShards.abort(error)
                throw error
              }),
          ),
        )
        if (firstError !== undefined) throw firstError
        const byId = new Map<string, RecognizedSpeech>()
        for (const result of results)
          if (result.status === 'fulfilled') for (const [id, speech] of result.value) byId.set(id, speech)
        return clips.map((clip, index) => ({
          ...byId.get(clip.id)!,
          language: this.#language(options),
          durationSeconds: durationSeconds(audios[index]!),
        }))
      })
    })
  }

  /** Healthy when the recognizer program is on PATH (or at its configured path) and its model files are there. */
  async health(): Promise<EngineHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' }
    const binary = this.#settings.binary
    if (!(await isExecutable(binary))) return { ok: false, detail: `\`${binary}\` is not installed; ${INSTALL_HINT}` }
    const { hmm, lm, dict } = this.#settings
    const models = [
      ['acoustic model', hmm ?? DEBIAN_DEFAULT_MODEL],
      ['language model', lm],
      ['dictionary', dict],
    ] as const
    for (const [what, path] of models) {
      if (path === undefined) continue
      try {
        await access(path)
      } catch {
        return { ok: false, detail: `${what} ${path} is missing; ${INSTALL_HINT}` }
      }
    }
    return { ok: true, detail: `${binary}: ${this.#limit.active} running, ${this.#limit.queued} waiting` }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closing.abort(new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' }))
    await Promise.allSettled([...this.#inFlight])
  }

  get #closed(): boolean {
    return this.#closing.signal.aborted
  }

  #language(options: TranscriptionOptions): string {
    return primaryLanguage(options.language ?? this.capabilities.languages[0]!)
  }

  /** Runs `work` with a signal that also fires on close(), and turns whatever it throws into a coded error. */
  async #guard<T>(signal: AbortSignal, work: (linked: AbortSignal) => Promise<T>): Promise<T> {
    const closedError = () => new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    if (this.#closed) throw closedError()
    if (signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: signal.reason })
    const linked = AbortSignal.any([signal, this.#closing.signal])
    const job = work(linked)
    this.#inFlight.add(job)
    try {
      return await job
    } catch (error) {
      if (signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      if (this.#closed) throw closedError()
      if (error instanceof ChorusError) throw error
      if (isAbortError(error)) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      throw this.#failed((error as Error).message ?? String(error), error)
    } finally {
      this.#inFlight.delete(job)
    }
  }

  /** One `pocketsphinx_batch` process over `clips` (WAV files already in `workDir`). */
  async #batchShard(
    workDir: string,
    shard: number,
    clips: readonly { readonly id: string; readonly seconds: number }[],
    signal: AbortSignal,
  ): Promise<Map<string, RecognizedSpeech>> {
    const control = join(workDir, `shard-${shard}.ctl`)
    const hypotheses = join(workDir, `shard-${shard}.hyp`)
    const segmentation = join(workDir, `shard-${shard}.hypseg`)
    await writeFile(control, `${clips.map((clip) => clip.id).join('\n')}\n`)
    const args = [
      ...this.#modelArgs(),
      ...['-ctl', control, '-cepdir', workDir, '-cepext', '.wav', '-adcin', 'yes', '-adchdr', WAV_HEADER_BYTES],
      ...['-hyp', hypotheses, '-hypseg', segmentation, '-dither', 'no'],
      // Keep silence frames, so segmentation frame numbers are times in the file (the VAD would drop pauses).
      ...['-remove_silence', 'no'],
    ]
    const seconds = clips.reduce((sum, clip) => sum + clip.seconds, 0)
    const binary = this.#settings.batchBinary
    const result = await this.#run(binary, args, workDir, seconds, signal)
    this.#assertExitedCleanly(binary, result)
    const texts = parseBatchHypotheses(await readFile(hypotheses, 'utf8').catch(() => ''))
    const words = parseBatchSegmentation(await readFile(segmentation, 'utf8').catch(() => ''))
    const recognized = new Map<string, RecognizedSpeech>()
    for (const { id } of clips) {
      const text = texts.get(id)
      if (text === undefined) {
        throw this.#failed(`\`${binary}\` wrote no hypothesis for ${id}${this.#stderrSuffix(result.stderr)}`)
      }
      const clipWords = words.get(id) ?? []
      const first = clipWords[0]
      const last = clipWords.at(-1)
      recognized.set(id, {
        text,
        words: clipWords,
        segments: text && first && last ? [{ text, start: first.start, end: last.end }] : [],
      })
    }
    return recognized
  }

  #modelArgs(): string[] {
    const { hmm, lm, dict } = this.#settings
    return [...(hmm ? ['-hmm', hmm] : []), ...(lm ? ['-lm', lm] : []), ...(dict ? ['-dict', dict] : [])]
  }

  /** Runs `work` in a fresh temporary directory, removed afterwards (after every child has exited). */
  async #inWorkDir<T>(work: (workDir: string) => Promise<T>): Promise<T> {
    const workDir = await mkdtemp(join(tmpdir(), 'chorus-pocketsphinx-'))
    try {
      return await work(workDir)
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }

  async #run(
    binary: string,
    args: string[],
    workDir: string,
    audioSeconds: number,
    signal: AbortSignal,
  ): Promise<ProgramResult> {
    try {
      return await runProgram({
        binary,
        args,
        cwd: workDir,
        timeoutMs: this.#settings.timeoutMs + Math.ceil(audioSeconds * 1000),
        signal,
      })
    } catch (error) {
      if (error instanceof ProgramStartError) {
        throw new ChorusError(
          'CHORUS_ERR_ENGINE_UNAVAILABLE',
          {
            engine: this.id,
            reason: `\`${binary}\` cannot be run (${error.code ?? error.message}); install it with \`${INSTALL_HINT}\``,
          },
          { cause: error },
        )
      }
      if (error instanceof ProgramTimeoutError) {
        throw new ChorusError(
          'CHORUS_ERR_UPSTREAM_TIMEOUT',
          { engine: this.id, reason: `${error.message}${this.#stderrSuffix(error.stderr)}` },
          { cause: error },
        )
      }
      throw error
    }
  }

  #assertExitedCleanly(binary: string, result: ProgramResult): void {
    if (result.exitCode === 0) return
    const how = result.exitSignal ? `was killed by ${result.exitSignal}` : `exited with code ${result.exitCode}`
    const reason = `\`${binary}\` ${how}${this.#stderrSuffix(result.stderr)}`
    // A missing model is an installation problem, not a bad clip: say how to fix it.
    if (/acoustic model|Failed to open|No such file|not found/i.test(result.stderr)) {
      throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', {
        engine: this.id,
        reason: `${reason}; is the model installed? ${INSTALL_HINT}`,
      })
    }
    throw this.#failed(reason)
  }

  #stderrSuffix(stderr: string): string {
    const text = excerpt(stderr)
    return text ? `: ${text}` : ''
  }

  #failed(reason: string, cause?: unknown): ChorusError {
    return new ChorusError('CHORUS_ERR_ASR_FAILED', { engine: this.id, reason }, { cause })
  }
}
