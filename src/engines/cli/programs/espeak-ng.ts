/**
 * eSpeak NG (Debian `espeak-ng`): `espeak-ng -v <voice file> -s <words per minute> --stdout`, text on stdin, WAV on
 * stdout at 22050 Hz. Voices come from `espeak-ng --voices`, 100+ languages.
 */
import type { CliProgram, CliVoice } from '../program.js'
import { espeakRate, espeakVoiceIds, type EspeakRateLimits } from './espeak-common.js'

/** Debian's espeak-ng is built with sonic, so rates above 450 wpm still speak cleanly; 4× (700 wpm) was checked. */
const RATE_LIMITS: EspeakRateLimits = { minWordsPerMinute: 80, maxWordsPerMinute: 700 }

const GENDERS = { M: 'male', F: 'female' } as const

/**
 * Reads the table `espeak-ng --voices` prints:
 * ```
 * Pty Language       Age/Gender VoiceName          File                 Other Languages
 *  5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
 * ```
 * Voice names have their spaces written as underscores, so every column but the last is one word.
 */
export function parseEspeakVoiceTable(stdout: string): CliVoice[] {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '')
  if (!lines[0]?.trimStart().startsWith('Pty')) {
    throw new Error(`unexpected \`espeak-ng --voices\` output: ${JSON.stringify(stdout.slice(0, 120))}`)
  }
  const rows = lines.slice(1).map((line) => {
    const [_priority, language, ageGender, voiceName, file, ...rest] = line.trim().split(/\s+/)
    if (!language || !ageGender || !voiceName || !file)
      throw new Error(`unexpected \`espeak-ng --voices\` row: ${JSON.stringify(line)}`)
    const otherLanguages = [...rest.join(' ').matchAll(/\(([^\s()]+)\s+\d+\)/g)].map((match) => match[1]!)
    const gender = GENDERS[ageGender.split('/')[1] as keyof typeof GENDERS]
    return { language, file, name: voiceName.replaceAll('_', ' '), languages: [language, ...otherLanguages], gender }
  })
  const ids = espeakVoiceIds(rows)
  return rows.map((row, index) => ({
    id: ids[index]!,
    name: row.name,
    languages: [...new Set(row.languages)],
    ...(row.gender ? { gender: row.gender } : {}),
    sampleRate: 22050,
    programVoice: row.file,
  }))
}

export const espeakNgProgram: CliProgram = {
  defaultBinary: 'espeak-ng',
  aptPackages: ['espeak-ng'],
  sampleRate: 22050,
  listVoicesCommand: () => ({ args: ['--voices'] }),
  parseVoices: parseEspeakVoiceTable,
  synthesisCommand({ text, voice, speed }) {
    const rate = espeakRate(speed, RATE_LIMITS)
    return {
      // -b 1: the input is UTF-8 (rather than espeak-ng guessing per byte sequence).
      args: ['-v', voice.programVoice, '-s', String(rate.wordsPerMinute), '-b', '1', '--stdout'],
      stdin: text,
      output: { to: 'stdout' },
      residualSpeed: rate.residualSpeed,
    }
  },
}
