/** GET /health (the process answers) and GET /ready (every engine loaded and healthy). */
import type { FastifyInstance } from 'fastify'
import type { SpeechRouter } from '../../router/speech-router.js'

export async function healthRoutes(app: FastifyInstance, options: { router: SpeechRouter; version: string }): Promise<void> {
  app.get('/health', async () => ({ status: 'ok', version: options.version }))
  app.get('/ready', async (_request, reply) => {
    const state = await options.router.ready()
    return reply.status(state.ready ? 200 : 503).send({ status: state.ready ? 'ready' : 'not_ready', engines: state.engines })
  })
}
