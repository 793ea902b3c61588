/**
 * A speaker embedder running a trained model (ECAPA-TDNN, WeSpeaker ResNet, 3D-Speaker CAM++ …) from an ONNX file the
 * user gives, through `onnxruntime-node`. That package is optional: it is imported lazily, on first use, and typed
 * here by the few members Chorus calls (a structural subset, as kysely types its SQLite driver), so Chorus builds and
 * runs without it. Model files are never downloaded; the user supplies the path.
 *
 * Models differ in what they take. `input: 'fbank'` (the default, what WeSpeaker, 3D-Speaker and the sherpa-onnx
 * speaker models expect) feeds `[1, frames, 80]` Kaldi-style log mel features with mean normalisation;
 * `input: 'waveform'` feeds `[1, samples]` of 16 kHz audio in [-1, 1]. Either way the first output (or
 * `outputName`) is flattened into the embedding.
 *
 * @example
 * const embedder = await createOnnxSpeakerEmbedder({ modelPath: './models/wespeaker-en-resnet34.onnx' })
 * const score = await speakerSimilarity(a, b, { embedder })
 * await embedder.close?.()
 */
import { access, constants } from 'node:fs/promises'
import { basename } from 'node:path'
import { kaldiFbank } from '../../audio/metrics/index.js'
import type { PcmAudio } from '../../audio/pcm.js'
import { resample } from '../../audio/resample.js'
import { ChorusError } from '../../errors.js'
import type { SpeakerEmbedder } from './embedder.js'

/** What `onnxruntime-node` is to Chorus: the members it uses, nothing more. */
export interface OnnxRuntime {
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OnnxTensor
  readonly InferenceSession: {
    create(path: string, options?: { readonly executionProviders?: readonly string[] }): Promise<OnnxSession>
  }
}

export interface OnnxTensor {
  readonly dims: readonly number[]
  readonly data: unknown
}

export interface OnnxSession {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  run(feeds: Record<string, OnnxTensor>): Promise<Record<string, OnnxTensor>>
  release?(): Promise<void>
}

export interface OnnxSpeakerEmbedderOptions {
  readonly modelPath: string
  /** What the model takes; default `fbank`. */
  readonly input?: 'fbank' | 'waveform'
  /** Sample rate the model was trained at; default 16000. */
  readonly sampleRate?: number
  /** Mel bins of the fbank input; default 80. */
  readonly melBins?: number
  /** Default: the model's first input and first output. */
  readonly inputName?: string
  readonly outputName?: string
  /** How to load the runtime; default a lazy `import('onnxruntime-node')`. Tests pass their own. */
  readonly loadRuntime?: () => Promise<OnnxRuntime>
}

export const ONNX_EMBEDDER_ENGINE = 'onnx-speaker-embedder'
export const ONNX_RUNTIME_PACKAGE = 'onnxruntime-node'
/** Skips the package's optional download of GPU (CUDA) binaries; the CPU build ships inside the npm package. */
export const ONNX_RUNTIME_INSTALL_COMMAND = `ONNXRUNTIME_NODE_INSTALL=skip npm i ${ONNX_RUNTIME_PACKAGE}`

/**
 * Loads `onnxruntime-node`. A missing package becomes `CHORUS_ERR_ENGINE_UNAVAILABLE` naming the install command;
 * any other failure (a broken native binary) keeps its own message.
 */
/** `specifier` exists so the not-installed path can be exercised; callers use the default. */
export async function importOnnxRuntime(specifier: string = ONNX_RUNTIME_PACKAGE): Promise<OnnxRuntime> {
  // A variable specifier keeps TypeScript from resolving (and requiring) the package's types at build time.
  try {
    const module = (await import(specifier)) as OnnxRuntime & { default?: OnnxRuntime }
    return module.InferenceSession ? module : (module.default ?? module)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ChorusError(
        'CHORUS_ERR_ENGINE_UNAVAILABLE',
        {
          engine: ONNX_EMBEDDER_ENGINE,
          reason: `the optional package ${ONNX_RUNTIME_PACKAGE} is not installed. Install it with \`${ONNX_RUNTIME_INSTALL_COMMAND}\`.`,
        },
        { cause: error },
      )
    }
    throw error
  }
}

export async function createOnnxSpeakerEmbedder(options: OnnxSpeakerEmbedderOptions): Promise<SpeakerEmbedder> {
  const { modelPath, input = 'fbank', sampleRate = 16000, melBins = 80, loadRuntime = importOnnxRuntime } = options
  const unavailable = (reason: string, cause?: unknown): ChorusError =>
    new ChorusError('CHORUS_ERR_ENGINE_UNAVAILABLE', { engine: ONNX_EMBEDDER_ENGINE, reason }, { cause })
  try {
    await access(modelPath, constants.R_OK)
  } catch (error) {
    throw unavailable(`the speaker model file \`${modelPath}\` does not exist or cannot be read.`, error)
  }
  const runtime = await loadRuntime()
  let session: OnnxSession
  try {
    session = await runtime.InferenceSession.create(modelPath, { executionProviders: ['cpu'] })
  } catch (error) {
    throw unavailable(`cannot load the ONNX model \`${modelPath}\`: ${(error as Error).message}`, error)
  }
  const inputName = options.inputName ?? session.inputNames[0]
  const outputName = options.outputName ?? session.outputNames[0]
  if (inputName === undefined || !session.inputNames.includes(inputName)) {
    throw unavailable(`the model has no input \`${inputName}\`; its inputs are ${session.inputNames.join(', ')}.`)
  }
  if (outputName === undefined || !session.outputNames.includes(outputName)) {
    throw unavailable(`the model has no output \`${outputName}\`; its outputs are ${session.outputNames.join(', ')}.`)
  }

  return {
    id: `onnx:${basename(modelPath)}`,
    async embed(audio: PcmAudio, signal?: AbortSignal): Promise<Float32Array> {
      signal?.throwIfAborted()
      const resampled = await resample(audio, sampleRate)
      let tensor: OnnxTensor
      if (input === 'waveform') {
        tensor = new runtime.Tensor('float32', resampled.samples, [1, resampled.samples.length])
      } else {
        const fbank = await kaldiFbank(resampled, { melBins })
        if (fbank.frames === 0) throw new Error('the clip is shorter than one 25 ms frame')
        tensor = new runtime.Tensor('float32', fbank.data, [1, fbank.frames, fbank.melBins])
      }
      signal?.throwIfAborted()
      const outputs = await session.run({ [inputName]: tensor })
      const data = outputs[outputName]?.data
      if (!(data instanceof Float32Array)) {
        throw new Error(`the model's output \`${outputName}\` is not a float32 tensor`)
      }
      return Float32Array.from(data)
    },
    async close(): Promise<void> {
      await session.release?.()
    },
  }
}
