/** Factory for the `openai-http` engine, as listed in the engine registry. */
import type { Engine } from '../engine.js'
import type { EngineFactoryOptions } from '../registry.js'
import { openAiHttpSettingsSchema } from './config.js'
import { OpenAiHttpEngine } from './engine.js'

export async function createOpenAiHttpEngine(options: EngineFactoryOptions): Promise<Engine> {
  const settings = openAiHttpSettingsSchema.parse(options.settings ?? {})
  return new OpenAiHttpEngine(options.id ?? 'openai-http', settings)
}
