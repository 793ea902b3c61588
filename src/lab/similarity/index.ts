/**
 * Speaker similarity for the quality lab: does this clip sound like that voice? Both clips go through a
 * {@link SpeakerEmbedder} — by default the built-in spectral proxy (spectral-embedder.ts), which is coarse and
 * uncalibrated; pass an ONNX embedder for a trained speaker model — and the score is the cosine of the two
 * embeddings, with negative cosines reported as 0, so the score runs 0 … 1.
 *
 * What the built-in proxy's scores mean is measured, not assumed: on the embedded flite voices, different sentences
 * of one voice score about 0.96–0.99 and different voices about 0.7–0.9 (see test/lab/similarity.test.ts). Read its
 * scores relative to each other (a voice against its own reference clips), not against a universal threshold.
 *
 * @example
 * const score = await speakerSimilarity(candidate, reference) // 0.97: probably the same flite voice
 */
import type { PcmAudio } from '../../audio/pcm.js'
import type { SpeakerEmbedder } from './embedder.js'
import { cosineSimilarity } from './embedder.js'
import { createSpectralEmbedder } from './spectral-embedder.js'

const defaultEmbedder = createSpectralEmbedder()

export interface SimilarityOptions {
  readonly embedder?: SpeakerEmbedder
  readonly signal?: AbortSignal
}

/** Similarity of the voices in `a` and `b`, 0 … 1 (cosine of their embeddings, floored at 0). */
export async function speakerSimilarity(a: PcmAudio, b: PcmAudio, options: SimilarityOptions = {}): Promise<number> {
  const { embedder = defaultEmbedder, signal } = options
  const [left, right] = [await embedder.embed(a, signal), await embedder.embed(b, signal)]
  return Math.max(0, cosineSimilarity(left, right))
}

export { cosineSimilarity, type SpeakerEmbedder } from './embedder.js'
export {
  BUILTIN_EMBEDDER_ID,
  BUILTIN_EMBEDDING_LENGTH,
  createSpectralEmbedder,
  spectralEmbedding,
} from './spectral-embedder.js'
export {
  createOnnxSpeakerEmbedder,
  importOnnxRuntime,
  ONNX_EMBEDDER_ENGINE,
  ONNX_RUNTIME_INSTALL_COMMAND,
  ONNX_RUNTIME_PACKAGE,
  type OnnxRuntime,
  type OnnxSession,
  type OnnxSpeakerEmbedderOptions,
  type OnnxTensor,
} from './onnx-embedder.js'
