/**
 * Builds the Fastify app: error mapping, auth, request metrics, then one plugin per route group. The app knows the
 * router, never an engine.
 */
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { ChorusConfig } from '../config/schema.js'
import { AsrRouter } from '../engines/asr/asr-router.js'
import type { SpeechRouter } from '../router/speech-router.js'
import { CHORUS_VERSION } from '../version.js'
import { assertAuthorized, bearerToken, CredentialCheck } from './auth.js'
import { installErrorHandlers } from './error-handler.js'
import { captionedSpeechRoutes } from './routes/captioned-speech.js'
import { catalogRoutes } from './routes/catalog.js'
import { chatterboxRoutes } from './routes/chatterbox.js'
import { healthRoutes } from './routes/health.js'
import { metricsRoutes } from './routes/metrics.js'
import { speechRoutes } from './routes/speech.js'
import { COMPATIBLE_TRANSCRIPTION_MODELS, transcriptionRoutes } from './routes/transcriptions.js'
import { VoiceReferences } from './voice-references.js'

export interface AppOptions {
  readonly config: Readonly<ChorusConfig>
  readonly router: SpeechRouter
  readonly log?: Logger
  /** The ASR engines behind /v1/audio/transcriptions; default: built from `config.asr` and closed with the app. */
  readonly asr?: AsrRouter
}

/** Routes open without credentials: liveness and readiness probes. */
const OPEN_ROUTES: ReadonlySet<string> = new Set(['/health', '/ready'])
/** Routes guarded by the internal token instead of API keys. */
const TOKEN_ROUTES: ReadonlySet<string> = new Set(['/v1/tts'])

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, router } = options
  const app = Fastify({
    ...(options.log ? { loggerInstance: options.log } : { logger: { level: config.server.logLevel } }),
    bodyLimit: config.server.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Long syntheses stream for a while; only idle sockets are timed out.
    requestTimeout: 0,
    forceCloseConnections: true,
  }) as unknown as FastifyInstance
  const apiKeys = new CredentialCheck(config.auth.apiKeys)
  const internalToken = new CredentialCheck(config.auth.internalToken ? [config.auth.internalToken] : [])
  const references = await VoiceReferences.load(config.chatterbox.referencesDir)

  // The OpenAI routes take JSON only; a text/plain body is a client mistake worth a 415, not a confusing 400.
  app.removeContentTypeParser('text/plain')
  installErrorHandlers(app, config.server.bodyLimitBytes)
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url ?? ''
    if (OPEN_ROUTES.has(route) || TOKEN_ROUTES.has(route) || !route) return
    assertAuthorized(apiKeys, bearerToken(request.headers.authorization), 'API key (Authorization: Bearer …)')
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const backend = String(reply.getHeader('x-chorus-backend') ?? 'none')
    router.metrics.requests.inc({ route, backend, status: String(reply.statusCode) })
    router.metrics.requestDuration.observe({ route, backend }, reply.elapsedTime / 1000)
  })
  await app.register(healthRoutes, { router, version: CHORUS_VERSION })
  await app.register(metricsRoutes, { router })
  const asr =
    options.asr ??
    AsrRouter.fromConfig(config.asr, {
      onFailover: (engineId, error) => {
        router.metrics.backendFailures.inc({ backend: engineId, code: error.code })
        router.metrics.failovers.inc({ from: engineId, reason: error.code })
      },
    })
  if (!options.asr) app.addHook('onClose', async () => asr.close())
  await app.register(catalogRoutes, {
    router,
    transcriptionModels: [...COMPATIBLE_TRANSCRIPTION_MODELS, ...asr.engineIds],
  })
  await app.register(speechRoutes, { router, limits: config.limits })
  await app.register(transcriptionRoutes, { asr })
  await app.register(captionedSpeechRoutes, { router, asr, limits: config.limits })
  await app.register(chatterboxRoutes, {
    router,
    references,
    defaultVoice: config.chatterbox.defaultVoice,
    token: internalToken,
    maxInputChars: config.limits.maxInputChars,
  })
  return app
}
