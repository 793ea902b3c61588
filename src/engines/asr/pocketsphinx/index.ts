/** Factory for the `pocketsphinx` ASR kind, as listed in the ASR engine registry. */
import type { AsrEngine } from '../asr-engine.js'
import type { AsrEngineFactoryOptions } from '../registry.js'
import { pocketsphinxSettingsSchema } from './config.js'
import { PocketsphinxEngine } from './engine.js'

export async function createPocketsphinxEngine(options: AsrEngineFactoryOptions): Promise<AsrEngine> {
  const settings = pocketsphinxSettingsSchema.parse(options.settings ?? {})
  return new PocketsphinxEngine(options.id ?? 'pocketsphinx', settings)
}
