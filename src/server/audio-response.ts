/** Helpers shared by the audio routes: cancellation on client disconnect, and collecting a whole stream. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { concatSamples, type PcmAudio } from '../audio/pcm.js'
import { resample } from '../audio/resample.js'
import type { AudioChunk } from '../engines/engine.js'

/** An AbortSignal that fires when the client goes away before the response is complete. */
export function disconnectSignal(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'))
  })
  request.raw.on('aborted', () => controller.abort(new Error('client disconnected')))
  return controller.signal
}

/** The whole stream as one buffer at the first chunk's sample rate. */
export async function collectAudio(chunks: AsyncIterable<AudioChunk>): Promise<PcmAudio> {
  const parts: Float32Array[] = []
  let sampleRate = 0
  for await (const chunk of chunks) {
    if (sampleRate !== 0 && chunk.sampleRate !== sampleRate) {
      parts.push((await resample(chunk, sampleRate)).samples)
    } else {
      sampleRate = chunk.sampleRate
      parts.push(chunk.samples)
    }
  }
  return { samples: concatSamples(parts), sampleRate }
}
