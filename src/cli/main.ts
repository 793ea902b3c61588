/** `chorus <command>`: the top floor, wiring each command module into commander. */
import { Command, CommanderError } from 'commander'
import { CHORUS_VERSION } from '../version.js'
import { registerBench } from './commands/bench.js'
import { registerBenchTurn } from './commands/bench-turn.js'
import { registerConfig } from './commands/config.js'
import { registerDoctor } from './commands/doctor.js'
import { registerEval } from './commands/eval.js'
import { registerResults } from './commands/results.js'
import { registerSay } from './commands/say.js'
import { registerServe } from './commands/serve.js'
import { registerValidate } from './commands/validate.js'
import { registerVoices } from './commands/voices.js'
import { registerWer } from './commands/wer.js'
import { USAGE_EXIT_CODE } from './commands/lab-options.js'
import { reportCliError } from './errors.js'

const program = new Command()
  .name('chorus')
  .description('Speech gateway and TTS quality lab for self-hosted speech engines')
  .version(CHORUS_VERSION)
  .showHelpAfterError()
  .exitOverride()

for (const register of [registerServe, registerVoices, registerSay, registerConfig, registerResults]) register(program)
for (const register of [registerValidate, registerEval, registerWer]) register(program)
registerDoctor(program)
registerBench(program)
registerBenchTurn(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // Every command-line mistake commander reports (unknown option or command, missing argument) exits 2, as usage
  // errors do everywhere in the CLI; help and --version exit 0.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE)
  reportCliError(error)
}
