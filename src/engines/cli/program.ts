/**
 * What the `cli` engine needs to know about one Debian speech program, as data: how to ask it for its voices, how to
 * read the answer, and the command line that speaks one sentence. Each program is one file under `programs/`; the
 * engine itself never branches on which program it runs.
 */
import type { EngineVoice } from '../engine.js'

/** A voice as the engine keeps it: what it is listed as, and the name the program selects it by. */
export interface CliVoice extends EngineVoice {
  /** The argument that selects this voice (`gmw/en-US` for espeak-ng's `en-us`, `slt` for flite, …). */
  readonly programVoice: string
}

/** One run of the program. Text goes on stdin, never on the command line, and never through a shell. */
export interface ProgramCommand {
  readonly args: readonly string[]
  readonly stdin?: string
}

export interface SynthesisCommand extends ProgramCommand {
  /** Where the WAV comes out: the child's stdout, or a file the program writes. */
  readonly output: { readonly to: 'stdout' } | { readonly to: 'file'; readonly path: string }
  /**
   * Speed factor the program could not reach itself (it clamps its rate), applied afterwards by time-stretching;
   * 1 or absent when the program's own rate covers the request.
   */
  readonly residualSpeed?: number
}

export interface SynthesisInput {
  readonly text: string
  readonly voice: CliVoice
  /** 0.25–4.0; 1 is the program's normal rate. */
  readonly speed: number
  /** A fresh directory for this run (also the child's cwd and TMPDIR), removed afterwards. */
  readonly workDir: string
}

export interface CliProgram {
  /** Executable looked up on PATH unless the settings name a `binary`. */
  readonly defaultBinary: string
  /** The Debian packages that provide the program and its default voices, for the `apt-get install` hint. */
  readonly aptPackages: readonly string[]
  /** Sample rate of most of its voices, in Hz (each chunk still carries its own). */
  readonly sampleRate: number
  /** Voice ids offered when the settings give no `voices` list; absent means every voice the program lists. */
  readonly defaultVoices?: readonly string[]
  listVoicesCommand(workDir: string): ProgramCommand
  /** Reads the listing's stdout; throws an Error naming what it did not understand. */
  parseVoices(stdout: string): CliVoice[]
  synthesisCommand(input: SynthesisInput): SynthesisCommand
}
