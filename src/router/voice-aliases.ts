/**
 * The default alias table: OpenAI's voice names mapped onto the embedded engine's voices, so clients written for
 * OpenAI work with no configuration. Women's voices go to slt, men's to rms/kal16, fable (British) to awb.
 */
export interface VoiceTarget {
  readonly engine: string
  readonly voice: string
}

export const OPENAI_VOICE_NAMES = [
  'alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar',
] as const

const EMBEDDED_VOICE_FOR: Readonly<Record<(typeof OPENAI_VOICE_NAMES)[number], string>> = {
  alloy: 'slt',
  ash: 'rms',
  ballad: 'awb',
  coral: 'slt',
  echo: 'kal16',
  fable: 'awb',
  onyx: 'rms',
  nova: 'slt',
  sage: 'slt',
  shimmer: 'slt',
  verse: 'kal16',
  marin: 'slt',
  cedar: 'rms',
}

/** Alias → ordered chain of targets (primary first). */
export type AliasTable = Readonly<Record<string, readonly VoiceTarget[]>>

export function defaultAliases(engineId: string): AliasTable {
  return Object.fromEntries(
    OPENAI_VOICE_NAMES.map((name) => [name, [{ engine: engineId, voice: EMBEDDED_VOICE_FOR[name] }]]),
  )
}
