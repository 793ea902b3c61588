/**
 * The speaker-embedding seam: anything that turns a clip into a fixed-length vector such that clips of the same voice
 * point the same way. Similarity is the cosine between two embeddings. The built-in embedder is a coarse spectral
 * proxy (spectral-embedder.ts); a real speaker-verification model plugs in through the ONNX embedder
 * (onnx-embedder.ts) or any other implementation of this interface.
 */
import type { PcmAudio } from '../../audio/pcm.js'

export interface SpeakerEmbedder {
  /** Names the embedder in reports, e.g. `builtin-mfcc-v1` or `onnx:ecapa.onnx`. */
  readonly id: string
  embed(audio: PcmAudio, signal?: AbortSignal): Promise<Float32Array>
  /** Releases native resources (an ONNX session); optional. */
  close?(): Promise<void>
}

/** Cosine of the angle between `a` and `b`, −1 … 1; 0 when either is all zeros. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`embeddings differ in length: ${a.length} vs ${b.length}`)
  let dot = 0
  let normA = 0
  let normB = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    normA += a[i]! * a[i]!
    normB += b[i]! * b[i]!
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0
}
