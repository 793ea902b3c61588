/**
 * The speaker embedder a comparison measures similarity with, from its name in the spec: `builtin` (the spectral
 * proxy, `builtin-mfcc-v1`, which the default `mean_similarity` threshold is calibrated for) or `onnx:<model path>`
 * (a trained speaker-verification model through the optional onnxruntime-node; src/lab/similarity/onnx-embedder.ts).
 * A model path that does not exist is the caller's mistake (CHORUS_ERR_COMPARE_SPEC_INVALID); a runtime that is not
 * installed is the machine's (CHORUS_ERR_ENGINE_UNAVAILABLE, naming the install command).
 */
import { access, constants } from 'node:fs/promises'
import { ChorusError } from '../../errors.js'
import { createOnnxSpeakerEmbedder, createSpectralEmbedder, type SpeakerEmbedder } from '../../lab/similarity/index.js'

export async function openEmbedder(name: string): Promise<SpeakerEmbedder> {
  if (!name.startsWith('onnx:')) return createSpectralEmbedder()
  const modelPath = name.slice('onnx:'.length)
  try {
    await access(modelPath, constants.R_OK)
  } catch {
    throw new ChorusError('CHORUS_ERR_COMPARE_SPEC_INVALID', {
      reason: `embedder: the speaker model \`${modelPath}\` does not exist or cannot be read`,
    })
  }
  return createOnnxSpeakerEmbedder({ modelPath })
}
