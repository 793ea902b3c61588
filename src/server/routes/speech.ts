/**
 * POST /v1/audio/speech — OpenAI's speech endpoint. Parses and validates, asks the router for audio (which only
 * answers once audible audio is ready, so errors are still clean JSON), then sends it in one of three ways:
 * whole file with exact headers (no `stream_format`), chunked bytes as produced (`audio`), or SSE events (`sse`).
 */
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { contentTypeOf, encodeAudio, outputSampleRate, type ResponseFormat } from '../../audio/encoders/index.js'
import { encodeChunks } from '../../audio/encode-stream.js'
import { toChorusError } from '../../errors.js'
import type { SpeechResult, SpeechRouter } from '../../router/speech-router.js'
import { disconnectSignal } from '../audio-response.js'
import { assertKnownModel } from '../models.js'
import { parseSpeechBody } from '../speech-request.js'

export interface SpeechRouteOptions {
  readonly router: SpeechRouter
  readonly limits: { readonly maxInputChars: number; readonly maxStreamingInputChars: number }
}

async function* sseEvents(result: SpeechResult, format: ResponseFormat): AsyncIterable<string> {
  try {
    for await (const bytes of encodeChunks(result.chunks, format)) {
      yield `data: ${JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from(bytes).toString('base64') })}\n\n`
    }
    yield `data: ${JSON.stringify({ type: 'speech.audio.done' })}\n\n`
  } catch (error) {
    // Headers are gone: the failure is told in-band, never as a silently shortened stream.
    const clientError = toChorusError(error, { engine: result.engineId })
    yield `data: ${JSON.stringify({ type: 'error', ...clientError.toJSON() })}\n\n`
  }
}

export async function speechRoutes(app: FastifyInstance, options: SpeechRouteOptions): Promise<void> {
  const { router, limits } = options
  app.post('/v1/audio/speech', async (request, reply) => {
    const body = await parseSpeechBody(request.body, limits)
    assertKnownModel(body.model, router.engineIds)
    const signal = disconnectSignal(request, reply)
    const speechRequest = {
      text: body.input,
      voice: body.voice,
      speed: body.speed,
      model: body.model,
      ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
      ...(body.normalization ? { normalization: body.normalization } : {}),
    }
    const sendHeaders = (result: { engineId: string; voice: string; failovers: number }) =>
      reply
        .header('X-Chorus-Backend', result.engineId)
        .header('X-Chorus-Voice', result.voice)
        .header('X-Chorus-Failovers', String(result.failovers))
        .header('X-Sample-Rate', String(outputSampleRate(body.responseFormat)))

    if (!body.streamFormat) {
      // Whole file: nothing reaches the client until it is complete, so failover stays possible throughout.
      const result = await router.synthesizeAll(speechRequest, signal)
      const bytes = await encodeAudio(body.responseFormat, result.audio)
      return sendHeaders(result)
        .type(contentTypeOf(body.responseFormat))
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    }
    const result = await router.synthesize(speechRequest, signal)
    sendHeaders(result)
    if (body.streamFormat === 'sse') {
      reply.type('text/event-stream').header('Cache-Control', 'no-cache')
      return reply.send(Readable.from(sseEvents(result, body.responseFormat)))
    }
    return reply.type(contentTypeOf(body.responseFormat)).send(Readable.from(encodeChunks(result.chunks, body.responseFormat)))
  })
}
