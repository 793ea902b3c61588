/** Factory for the `chatterbox-http` engine, as listed in the engine registry. */
import type { Engine } from '../engine.js'
import type { EngineFactoryOptions } from '../registry.js'
import { chatterboxHttpSettingsSchema } from './config.js'
import { ChatterboxHttpEngine } from './engine.js'

export async function createChatterboxHttpEngine(options: EngineFactoryOptions): Promise<Engine> {
  const settings = chatterboxHttpSettingsSchema.parse(options.settings ?? {})
  return new ChatterboxHttpEngine(options.id ?? 'chatterbox-http', settings)
}
