/**
 * The built-in speaker embedding, `builtin-mfcc-v1`: a **coarse spectral proxy, not a speaker-verification model**.
 * It summarises a clip's long-term spectral envelope and pitch, which is enough to tell clearly different voices
 * apart and to notice a voice drifting, but it is not trained, not calibrated, and moved by channel, loudness
 * contour and speaking style as well as by who is speaking. For a real speaker check, plug in a trained model with
 * the ONNX embedder.
 *
 * Recipe, per clip:
 * 1. resample to 16 kHz; keep only frames at or above the clip's silence threshold (audio/metrics/frames.ts);
 * 2. MFCCs as librosa computes them (audio/metrics/mfcc.ts) from 32 ms Hann frames every 10 ms, 32 Slaney mel bands
 *    over 20–3800 Hz, coefficients c1…c19 (c0 is loudness, dropped). The band stops below 4 kHz so 8 kHz telephone-
 *    band voices and wideband ones compare on the same spectrum: flite's `kal` (8 kHz) and `kal16` (16 kHz), the same
 *    speaker, then read 0.98 alike instead of 0.8;
 * 3. mean and standard deviation of each coefficient over the active frames, each weighted by its index k/10
 *    (cepstral liftering with index weighting, after Juang, Rabiner & Wilpon 1987: cepstral coefficients shrink
 *    roughly as 1/k, and unweighted cosine would be decided by c1, the spectral tilt, alone);
 * 4. pitch (audio/metrics/pitch.ts): median F0 in semitones relative to 150 Hz (between typical male and female
 *    voices, so the sign separates them) and its interquartile range in semitones; 0, 0 when nothing is voiced.
 * The embedding is those 19 + 19 + 2 = 40 numbers. A clip with fewer than 10 active frames (0.1 s) embeds as zeros,
 * which is similar to nothing.
 */
import {
  activeSpectrogramFrames,
  frameLevels,
  magnitudeSpectrogram,
  mean,
  median,
  mfcc,
  percentile,
  pitchTrack,
  standardDeviation,
} from '../../audio/metrics/index.js'
import type { PcmAudio } from '../../audio/pcm.js'
import { resample } from '../../audio/resample.js'
import type { SpeakerEmbedder } from './embedder.js'

export const BUILTIN_EMBEDDER_ID = 'builtin-mfcc-v1'

const SAMPLE_RATE = 16000
const COEFFICIENTS = 20
const MIN_ACTIVE_FRAMES = 10
const PITCH_PIVOT_HZ = 150
export const BUILTIN_EMBEDDING_LENGTH = 2 * (COEFFICIENTS - 1) + 2

/** The built-in embedder; stateless, so one instance can be shared. */
export function createSpectralEmbedder(): SpeakerEmbedder {
  return { id: BUILTIN_EMBEDDER_ID, embed: spectralEmbedding }
}

export async function spectralEmbedding(input: PcmAudio, signal?: AbortSignal): Promise<Float32Array> {
  signal?.throwIfAborted()
  const audio = await resample(input, SAMPLE_RATE)
  const embedding = new Float32Array(BUILTIN_EMBEDDING_LENGTH)
  const levels = frameLevels(audio)
  const spectrogram = await magnitudeSpectrogram(audio, { nFft: 512, hop: 160 })
  const active = activeSpectrogramFrames(audio, spectrogram, levels.silenceThresholdDbfs)
  const frames = mfcc(spectrogram, { nMels: 32, fMin: 20, fMax: 3800, nMfcc: COEFFICIENTS }).filter((_, t) => active[t])
  if (frames.length < MIN_ACTIVE_FRAMES) return embedding
  signal?.throwIfAborted()
  for (let c = 1; c < COEFFICIENTS; c++) {
    const column = frames.map((frame) => frame[c]!)
    const lifter = c / 10
    embedding[c - 1] = lifter * mean(column)
    embedding[COEFFICIENTS - 1 + c - 1] = lifter * standardDeviation(column)
  }
  const semitones = Array.from(pitchTrack(audio).filter(Number.isFinite), (f0) => 12 * Math.log2(f0 / PITCH_PIVOT_HZ))
  if (semitones.length > 0) {
    embedding[BUILTIN_EMBEDDING_LENGTH - 2] = median(semitones)
    embedding[BUILTIN_EMBEDDING_LENGTH - 1] = percentile(semitones, 75) - percentile(semitones, 25)
  }
  return embedding
}
