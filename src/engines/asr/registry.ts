/**
 * ASR engine kinds as data, like the TTS engine registry: each entry names its settings schema (a light import, used
 * when a configuration is checked) and how to build an engine, loading its code lazily so start-up only pays for
 * the recognizers a configuration uses. Adding a recognizer = one folder + one line here + the shared ASR
 * conformance suite (`test/contracts/asr-engine.contract.ts`) passing.
 */
import type { z } from 'zod'
import type { EngineKind } from '../engine.js'
import type { AsrEngine } from './asr-engine.js'

export interface AsrEngineFactoryOptions {
  /** Instance id (the `asr[].id` in a configuration); defaults to the kind name. */
  readonly id?: string
  /** Kind-specific settings; validated against the kind's schema by the factory. */
  readonly settings?: Readonly<Record<string, unknown>>
}

export type AsrEngineFactory = (options: AsrEngineFactoryOptions) => Promise<AsrEngine>

export interface AsrEngineKindEntry {
  readonly kind: EngineKind
  readonly description: string
  readonly settings: () => Promise<z.ZodType>
  readonly load: () => Promise<AsrEngineFactory>
}

export const asrEngineKinds = {
  pocketsphinx: {
    kind: 'cli',
    description:
      'CMU PocketSphinx 0.8 (Debian pocketsphinx + pocketsphinx-en-us) run as a child process per clip; US English, word timings.',
    settings: async () => (await import('./pocketsphinx/config.js')).pocketsphinxSettingsSchema,
    load: async () => (await import('./pocketsphinx/index.js')).createPocketsphinxEngine,
  },
  'openai-transcriptions-http': {
    kind: 'http',
    description:
      'Any server speaking OpenAI POST /v1/audio/transcriptions: OpenAI, Speaches, whisper.cpp server, LocalAI, another Chorus.',
    settings: async () =>
      (await import('./openai-transcriptions-http/config.js')).openAiTranscriptionsHttpSettingsSchema,
    load: async () => (await import('./openai-transcriptions-http/index.js')).createOpenAiTranscriptionsHttpEngine,
  },
} as const satisfies Record<string, AsrEngineKindEntry>

export type AsrEngineKindName = keyof typeof asrEngineKinds

/** The recognizer a configuration without an `asr` section uses. */
export const DEFAULT_ASR_ENGINE: AsrEngineKindName = 'pocketsphinx'

export function isAsrEngineKindName(name: string): name is AsrEngineKindName {
  return Object.hasOwn(asrEngineKinds, name)
}

export async function createAsrEngine(
  kind: AsrEngineKindName,
  options: AsrEngineFactoryOptions = {},
): Promise<AsrEngine> {
  const factory = await asrEngineKinds[kind].load()
  return factory(options)
}
