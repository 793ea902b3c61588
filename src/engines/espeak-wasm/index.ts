/**
 * Factory for the espeak-wasm engine, as listed in the engine registry. Optional, not the default: its WASM build,
 * `@echogarden/espeak-ng-emscripten`, is GPL-3.0, and loading it costs about 50 MB per worker thread.
 */
import type { Engine } from '../engine.js'
import type { EngineFactoryOptions } from '../registry.js'
import { espeakWasmSettingsSchema } from './config.js'
import { EspeakWasmEngine } from './engine.js'

export async function createEspeakWasmEngine(options: EngineFactoryOptions): Promise<Engine> {
  const settings = espeakWasmSettingsSchema.parse(options.settings ?? {})
  return new EspeakWasmEngine(options.id ?? 'espeak-wasm', settings)
}
