/**
 * Maps every failure to OpenAI's error JSON with a stable Chorus code. Fastify's own errors (bad JSON, body too large,
 * wrong content type) are translated through a table so clients see one vocabulary of codes.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { ChorusError, type ErrorCode } from '../errors.js'

const FASTIFY_CODE_MAP: Readonly<Record<string, (error: FastifyError, bodyLimit: number) => ChorusError>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: (error) => new ChorusError('CHORUS_ERR_MALFORMED_JSON', { reason: error.message }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ChorusError('CHORUS_ERR_MALFORMED_JSON', { reason: 'the body is empty.' }),
  FST_ERR_CTP_BODY_TOO_LARGE: (_error, limit) => new ChorusError('CHORUS_ERR_BODY_TOO_LARGE', { limit }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) =>
    new ChorusError('CHORUS_ERR_UNSUPPORTED_MEDIA_TYPE', { contentType: /: (.*)$/.exec(error.message)?.[1] ?? 'unknown' }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (error) => new ChorusError('CHORUS_ERR_MALFORMED_JSON', { reason: error.message }),
}

export function toClientError(error: unknown, bodyLimit: number): ChorusError {
  if (error instanceof ChorusError) return error
  const fastifyError = error as FastifyError
  const mapped = fastifyError.code ? FASTIFY_CODE_MAP[fastifyError.code] : undefined
  if (mapped) return mapped(fastifyError, bodyLimit)
  // JSON.parse errors surface as SyntaxError with a 400 status.
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new ChorusError('CHORUS_ERR_MALFORMED_JSON', { reason: (error as Error).message })
  }
  if (fastifyError.statusCode === 413) return new ChorusError('CHORUS_ERR_BODY_TOO_LARGE', { limit: bodyLimit })
  return new ChorusError('CHORUS_ERR_INTERNAL', { reason: 'unexpected failure; see the server log.' }, { cause: error })
}

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
    const clientError = toClientError(error, bodyLimit)
    const code: ErrorCode = clientError.code
    if (clientError.status >= 500 && code !== 'CHORUS_ERR_ABORTED') request.log.error({ err: error, code }, 'request failed')
    else request.log.info({ code, message: clientError.message }, 'request rejected')
    if (reply.sent || reply.raw.headersSent) return
    const retryAfter = clientError.retryAfterSeconds
    if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter))
    void reply.status(clientError.status).type('application/json').send(clientError.toJSON())
  })
  app.setNotFoundHandler((request, reply) => {
    const error = new ChorusError('CHORUS_ERR_ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] })
    void reply.status(error.status).send(error.toJSON())
  })
}
