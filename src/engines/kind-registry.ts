/**
 * The shape both engine registries share (TTS engines in registry.ts, recognizers in asr/registry.ts): a kind is
 * data — its settings schema (a light import, for checking a configuration) and a lazy loader of its factory, so
 * start-up only pays for the kinds a configuration uses.
 */
import type { z } from 'zod'
import type { EngineKind } from './engine.js'

export interface KindFactoryOptions {
  /** Instance id (the backend or `asr[].id` in a configuration); defaults to the kind name. */
  readonly id?: string
  /** Kind-specific settings; validated against the kind's schema by the factory. */
  readonly settings?: Readonly<Record<string, unknown>>
}

export type KindFactory<T> = (options: KindFactoryOptions) => Promise<T>

export interface KindEntry<T> {
  readonly kind: EngineKind
  readonly description: string
  readonly settings: () => Promise<z.ZodType>
  readonly load: () => Promise<KindFactory<T>>
}

/** Loads the kind's code and builds one instance. */
export async function createFromKind<T>(entry: KindEntry<T>, options: KindFactoryOptions = {}): Promise<T> {
  const factory = await entry.load()
  return factory(options)
}
