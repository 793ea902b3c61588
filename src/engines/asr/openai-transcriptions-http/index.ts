/** Factory for the `openai-transcriptions-http` ASR kind, as listed in the ASR engine registry. */
import type { AsrEngine } from '../asr-engine.js'
import type { AsrEngineFactoryOptions } from '../registry.js'
import { openAiTranscriptionsHttpSettingsSchema } from './config.js'
import { OpenAiTranscriptionsHttpEngine } from './engine.js'

export async function createOpenAiTranscriptionsHttpEngine(options: AsrEngineFactoryOptions): Promise<AsrEngine> {
  const settings = openAiTranscriptionsHttpSettingsSchema.parse(options.settings ?? {})
  return new OpenAiTranscriptionsHttpEngine(options.id ?? 'openai-transcriptions-http', settings)
}
