/**
 * Festival (Debian `festival` + `festvox-us-slt-hts`): `text2wave -eval "(voice_<v>)" -eval <speed> -o <file>`, text
 * on stdin. Festival has many voice packages and no cheap way to describe them, so the voices offered are a list in
 * the settings, filtered by what `(voice.list)` says is installed.
 *
 * Speed: HTS voices ignore `Duration_Stretch` (checked: identical output), so they get hts_engine's own `-r` speech
 * rate; diphone and clunits voices get `(Parameter.set 'Duration_Stretch 1/speed)`.
 */
import { join } from 'node:path'
import type { CliProgram, CliVoice } from '../program.js'

/** Voice ids are Scheme symbols spliced into `(voice_<id>)`: only these characters, so no expression can be smuggled. */
const SCHEME_SYMBOL = /^[A-Za-z0-9_]+$/

const KNOWN_VOICES: Readonly<Record<string, Omit<CliVoice, 'id' | 'programVoice'>>> = {
  cmu_us_slt_arctic_hts: {
    name: 'CMU US SLT (female, HTS)',
    languages: ['en-US', 'en'],
    gender: 'female',
    sampleRate: 32000,
  },
  kal_diphone: { name: 'CMU US KAL (male, diphone)', languages: ['en-US', 'en'], gender: 'male', sampleRate: 16000 },
}

/** Reads what `(print (voice.list))` prints: `(cmu_us_slt_arctic_hts kal_diphone)`. */
export function parseFestivalVoiceList(stdout: string): CliVoice[] {
  const match = /\(([^()]*)\)/.exec(stdout)
  if (!match) throw new Error(`unexpected \`(voice.list)\` output: ${JSON.stringify(stdout.slice(0, 120))}`)
  return match[1]!
    .trim()
    .split(/\s+/)
    .filter((id) => SCHEME_SYMBOL.test(id))
    .map((id) => ({ id, name: id, languages: [], ...KNOWN_VOICES[id], programVoice: id }))
}

/** A Scheme expression setting the speaking rate for whichever synthesis method the selected voice uses. */
function speedExpression(speed: number): string {
  return (
    `(if (eq? (Parameter.get 'Synth_Method) 'HTS)` +
    ` (set! hts_engine_params (append hts_engine_params (list (list "-r" ${speed}))))` +
    ` (Parameter.set 'Duration_Stretch ${1 / speed}))`
  )
}

export const festivalProgram: CliProgram = {
  defaultBinary: 'text2wave',
  aptPackages: ['festival', 'festvox-us-slt-hts'],
  // The default voice's rate (its .htsvoice says SAMPLING_FREQUENCY:32000); diphone voices such as kal are 16 kHz.
  sampleRate: 32000,
  defaultVoices: ['cmu_us_slt_arctic_hts', 'kal_diphone'],
  // text2wave evaluates -eval before reading its input, so `(quit)` ends it before it waits for text.
  listVoicesCommand: () => ({ args: ['-eval', '(begin (print (voice.list)) (quit))'], stdin: '' }),
  parseVoices: parseFestivalVoiceList,
  synthesisCommand({ text, voice, speed, workDir }) {
    if (!SCHEME_SYMBOL.test(voice.programVoice)) throw new Error(`not a festival voice name: ${voice.programVoice}`)
    const path = join(workDir, 'speech.wav')
    return {
      args: ['-eval', `(voice_${voice.programVoice})`, '-eval', speedExpression(speed), '-o', path],
      stdin: text,
      output: { to: 'file', path },
    }
  },
}
