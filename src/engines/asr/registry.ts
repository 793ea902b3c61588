/**
 * ASR engine kinds as data, like the TTS engine registry: each entry names its settings schema (a light import, used
 * when a configuration is checked) and how to build an engine, loading its code lazily so start-up only pays for
 * the recognizers a configuration uses. Adding a recognizer = one folder + one line here + the shared ASR
 * conformance suite (`test/contracts/asr-engine.contract.ts`) passing.
 */
import { createFromKind, type KindEntry, type KindFactory, type KindFactoryOptions } from '../kind-registry.js'
import type { AsrEngine } from './asr-engine.js'

export type AsrEngineFactoryOptions = KindFactoryOptions
export type AsrEngineFactory = KindFactory<AsrEngine>
export type AsrEngineKindEntry = KindEntry<AsrEngine>

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

export function createAsrEngine(kind: AsrEngineKindName, options: AsrEngineFactoryOptions = {}): Promise<AsrEngine> {
  return createFromKind<AsrEngine>(asrEngineKinds[kind], options)
}
