/**
 * GET /v1/models and GET /v1/audio/voices: what a client may ask for. Models are the speech model ids (routing names
 * and backend ids) followed by the transcription ones (OpenAI's names and ASR engine ids), as OpenAI lists both.
 */
import type { FastifyInstance } from 'fastify'
import { ChorusError } from '../../errors.js'
import type { SpeechRouter } from '../../router/speech-router.js'
import { modelIds } from '../models.js'

// A fixed creation time: model ids here are routing names, not trained artefacts.
const CREATED = 1_735_689_600

export interface CatalogRouteOptions {
  readonly router: SpeechRouter
  /** Model ids /v1/audio/transcriptions accepts. */
  readonly transcriptionModels?: readonly string[]
}

export async function catalogRoutes(app: FastifyInstance, options: CatalogRouteOptions): Promise<void> {
  const { router } = options
  const model = (id: string) => ({ id, object: 'model', created: CREATED, owned_by: 'chorus' })
  const allModels = (): string[] => [
    ...new Set([...modelIds(router.engineIds), ...(options.transcriptionModels ?? [])]),
  ]
  app.get('/v1/models', async () => ({ object: 'list', data: allModels().map(model) }))
  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request) => {
    const known = allModels()
    if (!known.includes(request.params.id)) {
      throw new ChorusError('CHORUS_ERR_MODEL_NOT_FOUND', { model: request.params.id, valid: known.join(', ') })
    }
    return model(request.params.id)
  })
  app.get('/v1/audio/voices', async () => {
    const voices = await router.listVoices()
    // `voices` (names) is Kokoro-FastAPI's shape; `data` carries the details.
    return { voices: voices.map((voice) => voice.id), data: voices }
  })
}
