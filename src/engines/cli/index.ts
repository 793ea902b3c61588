/** Factory for the `cli` engine kind, as listed in the engine registry. */
import type { Engine } from '../engine.js'
import type { EngineFactoryOptions } from '../registry.js'
import { cliSettingsSchema } from './config.js'
import { CliEngine } from './engine.js'

/** The instance id defaults to `cli-<program>` (`cli-festival`), so errors and metrics say which program failed. */
export async function createCliEngine(options: EngineFactoryOptions): Promise<Engine> {
  const settings = cliSettingsSchema.parse(options.settings ?? {})
  return new CliEngine(options.id ?? `cli-${settings.program}`, settings)
}
