/** GET /metrics (Prometheus text format) and GET /v1/chorus/shadow (recent shadow-traffic results as JSON). */
import type { FastifyInstance } from 'fastify'
import type { SpeechRouter } from '../../router/speech-router.js'

export async function metricsRoutes(app: FastifyInstance, options: { router: SpeechRouter }): Promise<void> {
  const { router } = options
  app.get('/metrics', async (_request, reply) => {
    for (const backend of router.backends.values()) {
      router.metrics.queueDepth.set({ backend: backend.id }, backend.pool.waiting)
      router.metrics.inFlight.set({ backend: backend.id }, backend.pool.active)
    }
    return reply.type(router.metrics.registry.contentType).send(await router.metrics.registry.metrics())
  })
  app.get('/v1/chorus/shadow', async () => ({ results: router.shadow?.recent ?? [] }))
}
