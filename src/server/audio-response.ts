/** Helpers shared by the audio routes: cancellation on client disconnect, and collecting a whole stream. */
import type { FastifyReply, FastifyRequest } from 'fastify'

/** An AbortSignal that fires when the client goes away before the response is complete. */
export function disconnectSignal(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'))
  })
  request.raw.on('aborted', () => controller.abort(new Error('client disconnected')))
  return controller.signal
}
