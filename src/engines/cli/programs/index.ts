/** The programs the `cli` engine kind drives, as a table: adding one is a file in this folder and a line here. */
import type { CliProgramName } from '../config.js'
import type { CliProgram } from '../program.js'
import { espeakNgProgram } from './espeak-ng.js'
import { festivalProgram } from './festival.js'
import { fliteProgram } from './flite.js'

export const CLI_PROGRAMS: Readonly<Record<CliProgramName, CliProgram>> = {
  'espeak-ng': espeakNgProgram,
  flite: fliteProgram,
  festival: festivalProgram,
}
