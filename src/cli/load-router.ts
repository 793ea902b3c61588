/** The router a CLI command works with: the same configuration `chorus serve` would load (`--config`, CHORUS_CONFIG). */
import { loadConfig } from '../config/load.js'
import { buildRouter } from '../router/build.js'
import type { SpeechRouter } from '../router/speech-router.js'

export async function loadRouter(configFile?: string): Promise<SpeechRouter> {
  return buildRouter(await loadConfig(configFile ? { file: configFile } : {}))
}
