/**
 * The `cli` engine: a Debian speech program (espeak-ng, flite, festival) run as a child process per sentence. Which
 * program, and how to talk to it, is data (`programs/`); this class holds what they share: the voice list (asked once,
 * then cached), sentence-by-sentence synthesis with one sentence of look-ahead, a limit on processes running at once,
 * timeouts, and SIGKILL on abort with the run's temporary files removed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PcmAudio } from '../../audio/pcm.js'
import { timeStretch } from '../../audio/time-stretch.js'
import { decodeWav } from '../../audio/wav.js'
import { ChorusError, isAbortError, toChorusError } from '../../errors.js'
import { hasSpeakableContent, splitSentences } from '../../text/sentences.js'
import type { AudioChunk, Engine, EngineCapabilities, EngineHealth, EngineVoice, SynthesisRequest } from '../engine.js'
import { ConcurrencyLimit } from './concurrency-limit.js'
import type { CliSettings } from './config.js'
import { inOrderWithLookAhead } from '../shared/look-ahead.js'
import type { CliProgram, CliVoice, ProgramCommand } from './program.js'
import { CLI_PROGRAMS } from './programs/index.js'
import { ProgramStartError, ProgramTimeoutError, runProgram, type ProgramResult } from './run-program.js'

/** How much of stderr an error message quotes. */
const STDERR_EXCERPT_CHARS = 300

function excerpt(stderr: string): string {
  const text = stderr.replace(/\s+/g, ' ').trim()
  return text.length > STDERR_EXCERPT_CHARS ? `…${text.slice(-STDERR_EXCERPT_CHARS)}` : text
}

function toEngineVoice({ programVoice: _programVoice, ...voice }: CliVoice): EngineVoice {
  return voice
}

export class CliEngine implements Engine {
  readonly kind = 'cli' as const
  readonly capabilities: EngineCapabilities
  readonly #settings: CliSettings
  readonly #program: CliProgram
  readonly #binary: string
  readonly #limit: ConcurrencyLimit
  /** Aborted by close(): kills every child still running and empties the queue. */
  readonly #closing = new AbortController()
  readonly #inFlight = new Set<Promise<unknown>>()
  #voices: Promise<ReadonlyMap<string, CliVoice>> | undefined

  constructor(
    readonly id: string,
    settings: CliSettings,
  ) {
    this.#settings = settings
    this.#program = CLI_PROGRAMS[settings.program]
    this.#binary = settings.binary ?? this.#program.defaultBinary
    this.#limit = new ConcurrencyLimit(settings.processes)
    this.capabilities = {
      streaming: true,
      speed: true,
      instructions: false,
      cloning: false,
      sampleRate: this.#program.sampleRate,
    }
  }

  get #closed(): boolean {
    return this.#closing.signal.aborted
  }

  async listVoices(): Promise<readonly EngineVoice[]> {
    return [...(await this.#voiceMap()).values()].map(toEngineVoice)
  }

  async *synthesize(request: SynthesisRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const voices = await this.#voiceMap()
    const voice = voices.get(request.voice)
    if (!voice) {
      throw new ChorusError('CHORUS_ERR_VOICE_NOT_FOUND', {
        voice: request.voice,
        valid: [...voices.keys()].join(', '),
      })
    }
    if (this.#closed) throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' })
    if (signal.aborted) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: signal.reason })
    const speed = request.speed ?? 1
    // Chunks with nothing to say ("…", a lone dash) make some programs fail or print nothing: skip them.
    const sentences = splitSentences(request.text).filter(hasSpeakableContent)
    const linked = AbortSignal.any([signal, this.#closing.signal])
    try {
      yield* inOrderWithLookAhead(sentences, (text, jobSignal) => this.#speak(text, voice, speed, jobSignal), linked)
    } catch (error) {
      if (this.#closed) {
        throw new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' }, { cause: error })
      }
      if (error instanceof ChorusError) throw error
      if (signal.aborted || isAbortError(error)) throw new ChorusError('CHORUS_ERR_ABORTED', {}, { cause: error })
      throw toChorusError(error, { engine: this.id })
    }
  }

  /** Healthy when the program runs and lists at least one of the voices this engine offers (the list is refreshed). */
  async health(): Promise<EngineHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' }
    try {
      const loading = this.#loadVoices()
      const voices = await loading
      this.#voices = loading
      if (voices.size === 0) {
        const wanted = this.#settings.voices ?? this.#program.defaultVoices ?? []
        return { ok: false, detail: `${this.#binary} runs but has none of the voices ${wanted.join(', ')}` }
      }
      return {
        ok: true,
        detail: `${this.#binary}: ${voices.size} voice(s); ${this.#limit.active} running, ${this.#limit.queued} waiting`,
      }
    } catch (error) {
      return { ok: false, detail: toChorusError(error).message }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closing.abort(new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: this.id, reason: 'closed' }))
    await Promise.allSettled([...this.#inFlight])
  }

  #voiceMap(): Promise<ReadonlyMap<string, CliVoice>> {
    if (!this.#voices) {
      const loading = this.#loadVoices()
      this.#voices = loading
      // A failed listing (program missing, say) is not cached: the next call asks again.
      loading.catch(() => {
        if (this.#voices === loading) this.#voices = undefined
      })
    }
    return this.#voices
  }

  async #loadVoices(): Promise<ReadonlyMap<string, CliVoice>> {
    const result = await this.#inWorkDir((workDir) =>
      this.#run(this.#program.listVoicesCommand(workDir), workDir, this.#closing.signal),
    )
    const unavailable = (reason: string): ChorusError =>
      new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', {
        engine: this.id,
        reason: `listing voices with \`${this.#binary}\` ${reason}`,
      })
    if (result.exitCode !== 0) throw unavailable(`failed (${this.#exitDescription(result)})`)
    let voices: CliVoice[]
    try {
      voices = this.#program.parseVoices(result.stdout.toString('utf8'))
    } catch (error) {
      throw unavailable(`gave output Chorus cannot read: ${(error as Error).message}`)
    }
    const allowed = this.#settings.voices ?? this.#program.defaultVoices
    const offered = allowed ? voices.filter((voice) => allowed.includes(voice.id)) : voices
    return new Map(offered.map((voice) => [voice.id, voice]))
  }

  /** One sentence → audio, in its own child process once a concurrency slot is free. */
  #speak(text: string, voice: CliVoice, speed: number, signal: AbortSignal): Promise<PcmAudio> {
    const job = this.#limit.run(
      () =>
        this.#inWorkDir(async (workDir) => {
          const command = this.#program.synthesisCommand({ text, voice, speed, workDir })
          const result = await this.#run(command, workDir, signal)
          if (result.exitCode !== 0) throw this.#failed(this.#exitDescription(result))
          const bytes =
            command.output.to === 'stdout' ? result.stdout : await readFile(command.output.path).catch(() => undefined)
          const stderr = excerpt(result.stderr)
          if (!bytes || bytes.length === 0)
            throw this.#failed(`\`${this.#binary}\` wrote no audio${stderr ? `: ${stderr}` : ''}`)
          let audio: PcmAudio
          try {
            audio = decodeWav(bytes)
          } catch (error) {
            throw this.#failed(
              `the WAV from \`${this.#binary}\` cannot be read (${(error as Error).message})${stderr ? `: ${stderr}` : ''}`,
            )
          }
          if (audio.samples.length === 0)
            throw this.#failed(`\`${this.#binary}\` wrote an empty WAV${stderr ? `: ${stderr}` : ''}`)
          const residual = command.residualSpeed ?? 1
          return residual === 1 ? audio : timeStretch(audio, residual)
        }),
      signal,
    )
    this.#inFlight.add(job)
    const forget = (): void => {
      this.#inFlight.delete(job)
    }
    job.then(forget, forget)
    return job
  }

  /** Runs `work` in a fresh temporary directory, removed afterwards (after the child has exited, whatever happened). */
  async #inWorkDir<T>(work: (workDir: string) => Promise<T>): Promise<T> {
    const workDir = await mkdtemp(join(tmpdir(), 'chorus-cli-'))
    try {
      return await work(workDir)
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }

  async #run(command: ProgramCommand, workDir: string, signal: AbortSignal): Promise<ProgramResult> {
    try {
      return await runProgram({
        binary: this.#binary,
        args: command.args,
        stdin: command.stdin,
        cwd: workDir,
        // The program's own temporary files land in the work directory too, so they go when it goes.
        env: { ...process.env, TMPDIR: workDir },
        timeoutMs: this.#settings.timeoutMs,
        signal,
      })
    } catch (error) {
      if (error instanceof ProgramStartError) {
        const install = `apt-get install -y ${this.#program.aptPackages.join(' ')}`
        throw new ChorusError(
          'CHORUS_ERR_ENGINE_UNAVAILABLE',
          {
            engine: this.id,
            reason: `\`${this.#binary}\` cannot be run (${error.code ?? error.message}); install it with \`${install}\``,
          },
          { cause: error },
        )
      }
      if (error instanceof ProgramTimeoutError) {
        const stderr = excerpt(error.stderr)
        throw new ChorusError(
          'CHORUS_ERR_UPSTREAM_TIMEOUT',
          { engine: this.id, reason: `${error.message}${stderr ? `; stderr: ${stderr}` : ''}` },
          { cause: error },
        )
      }
      throw error
    }
  }

  #exitDescription(result: ProgramResult): string {
    const how = result.exitSignal ? `was killed by ${result.exitSignal}` : `exited with code ${result.exitCode}`
    const stderr = excerpt(result.stderr)
    return `\`${this.#binary}\` ${how}${stderr ? `: ${stderr}` : ''}`
  }

  #failed(reason: string): ChorusError {
    return new ChorusError('CHORUS_ERR_SYNTHESIS_FAILED', { engine: this.id, reason })
  }
}
