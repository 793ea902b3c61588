/**
 * `chorus <command>`: the top floor, wiring each command module into commander.
 *
 * Commands are a table of lazy imports: a run loads only the module of the command it names (a command module pulls
 * in what its work needs — the HTTP server, the scorer with its 134,000-word dictionary, database drivers — and
 * loading all of them for every run would cost each invocation a second of CPU). `--version` loads none; help, an unknown
 * command or no command at all load the whole table, so listings and "did you mean" suggestions see every command.
 */
import { Command, CommanderError } from 'commander'
import { CHORUS_VERSION } from '../version.js'
import { USAGE_EXIT_CODE } from './commands/lab-options.js'
import { reportCliError } from './errors.js'

type Register = (program: Command) => void

/** Command name → its module's register function, in the order `chorus --help` lists them. */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  serve: async () => (await import('./commands/serve.js')).registerServe,
  voices: async () => (await import('./commands/voices.js')).registerVoices,
  say: async () => (await import('./commands/say.js')).registerSay,
  config: async () => (await import('./commands/config.js')).registerConfig,
  results: async () => (await import('./commands/results.js')).registerResults,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  eval: async () => (await import('./commands/eval.js')).registerEval,
  wer: async () => (await import('./commands/wer.js')).registerWer,
  doctor: async () => (await import('./commands/doctor.js')).registerDoctor,
  bench: async () => (await import('./commands/bench.js')).registerBench,
  'bench-turn': async () => (await import('./commands/bench-turn.js')).registerBenchTurn,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  canary: async () => (await import('./commands/canary.js')).registerCanary,
}

const program = new Command()
  .name('chorus')
  .description('Speech gateway and TTS quality lab for self-hosted speech engines')
  .version(CHORUS_VERSION)
  .showHelpAfterError()
  .exitOverride()

try {
  const args = process.argv.slice(2)
  const named = args.find((argument) => !argument.startsWith('-'))
  const versionOnly = named === undefined && args.some((argument) => argument === '-V' || argument === '--version')
  const wanted =
    named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : versionOnly ? [] : Object.keys(COMMANDS)
  for (const register of await Promise.all(wanted.map((name) => COMMANDS[name]!()))) register(program)
  await program.parseAsync(process.argv)
} catch (error) {
  // Every command-line mistake commander reports (unknown option or command, missing argument) exits 2, as usage
  // errors do everywhere in the CLI; help and --version exit 0.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE)
  reportCliError(error)
}
