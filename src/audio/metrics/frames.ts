/**
 * Level over time in 20 ms frames, and the readings built on it: silence share, leading/trailing silence, energy
 * spread, dynamic range and edge energy.
 *
 * Frames are consecutive and non-overlapping; the last one may be shorter. A frame is **silent** when its RMS level is
 * below the higher of
 * - {@link SILENCE_FLOOR_DBFS} (−50 dBFS, absolute: well under breath noise in synthetic speech, the same floor
 *   {@link SILENCE_PEAK_DBFS} uses for whole clips), and
 * - the loudest frame's level minus {@link SILENCE_RELATIVE_DB} (40 dB), so a recording whose noise floor sits above
 *   −50 dBFS still has its pauses counted, which is the usual energy-VAD rule of thumb.
 *
 * Digital silence reads −Infinity dBFS.
 */
import type { PcmAudio } from '../pcm.js'
import { rms, SILENCE_PEAK_DBFS, toDbfs } from '../pcm.js'
import { percentile, standardDeviation } from './stats.js'

export const FRAME_SECONDS = 0.02
export const SILENCE_FLOOR_DBFS = SILENCE_PEAK_DBFS
export const SILENCE_RELATIVE_DB = 40
export const EDGE_SECONDS = 0.03

export interface FrameLevelOptions {
  readonly frameSeconds?: number
  readonly silenceFloorDbfs?: number
  readonly silenceRelativeDb?: number
}

/** The level of each frame and which frames are silent, for the readings below to share. */
export interface FrameLevels {
  readonly sampleRate: number
  readonly totalSamples: number
  /** Samples per frame (the last frame may hold fewer). */
  readonly frameLength: number
  /** RMS level of each frame, dBFS. */
  readonly dbfs: Float64Array
  /** The level below which a frame is silent, dBFS: never below the absolute floor. */
  readonly silenceThresholdDbfs: number
  readonly silent: readonly boolean[]
}

export function frameLevels(audio: PcmAudio, options: FrameLevelOptions = {}): FrameLevels {
  const {
    frameSeconds = FRAME_SECONDS,
    silenceFloorDbfs = SILENCE_FLOOR_DBFS,
    silenceRelativeDb = SILENCE_RELATIVE_DB,
  } = options
  const { samples, sampleRate } = audio
  const frameLength = Math.max(1, Math.round(frameSeconds * sampleRate))
  const count = Math.ceil(samples.length / frameLength)
  const dbfs = new Float64Array(count)
  let loudest = -Infinity
  for (let frame = 0; frame < count; frame++) {
    const level = toDbfs(rms(samples.subarray(frame * frameLength, (frame + 1) * frameLength)))
    dbfs[frame] = level
    if (level > loudest) loudest = level
  }
  const silenceThresholdDbfs = Math.max(silenceFloorDbfs, loudest - silenceRelativeDb)
  const silent = Array.from(dbfs, (level) => level < silenceThresholdDbfs)
  return { sampleRate, totalSamples: samples.length, frameLength, dbfs, silenceThresholdDbfs, silent }
}

/** Share of frames that are silent, 0–100; an empty clip counts as 100% silent. */
export function silencePercent(levels: FrameLevels): number {
  if (levels.silent.length === 0) return 100
  return (100 * levels.silent.filter(Boolean).length) / levels.silent.length
}

/**
 * Seconds before the first non-silent frame, at frame resolution (20 ms): the whole duration when every frame is
 * silent.
 */
export function leadingSilenceSeconds(levels: FrameLevels): number {
  const first = levels.silent.indexOf(false)
  const start = first === -1 ? levels.totalSamples : first * levels.frameLength
  return start / levels.sampleRate
}

/** Seconds after the last non-silent frame, at frame resolution: the whole duration when every frame is silent. */
export function trailingSilenceSeconds(levels: FrameLevels): number {
  const last = levels.silent.lastIndexOf(false)
  const end = last === -1 ? 0 : Math.min(levels.totalSamples, (last + 1) * levels.frameLength)
  return (levels.totalSamples - end) / levels.sampleRate
}

/** Levels (dBFS) of the non-silent frames: what energy spread and dynamic range are measured over. */
export function activeFrameDbfs(levels: FrameLevels): Float64Array {
  return levels.dbfs.filter((_level, frame) => !levels.silent[frame])
}

/**
 * Standard deviation (dB) of the frame RMS levels over non-silent frames: flat, monotone delivery reads low, lively
 * speech higher. NaN when no frame is active.
 */
export function energyStdDb(levels: FrameLevels): number {
  return standardDeviation(activeFrameDbfs(levels))
}

/**
 * 95th minus 5th percentile (dB) of the frame RMS levels over non-silent frames. Pauses are excluded because digital
 * silence is −Infinity dB and would make any clip with a pause read as infinite range. NaN when no frame is active.
 */
export function dynamicRangeDb(levels: FrameLevels): number {
  const active = activeFrameDbfs(levels)
  return percentile(active, 95) - percentile(active, 5)
}

export interface EdgeEnergy {
  /** RMS of the first 30 ms relative to the whole clip's RMS, dB. */
  readonly startDb: number
  /** RMS of the last 30 ms relative to the whole clip's RMS, dB. */
  readonly endDb: number
}

/**
 * RMS of the first and last {@link EDGE_SECONDS} relative to the RMS of the whole clip, in dB. Speech that starts
 * and ends cleanly has quiet edges (−30 dB and below, −Infinity for digital silence); a clip cut mid-word keeps
 * speech-level energy at the cut (around 0 dB). A silent clip reads −Infinity at both edges.
 */
export function edgeEnergy(audio: PcmAudio, edgeSeconds = EDGE_SECONDS): EdgeEnergy {
  const { samples, sampleRate } = audio
  const overall = rms(samples)
  if (overall === 0) return { startDb: -Infinity, endDb: -Infinity }
  const edge = Math.min(samples.length, Math.max(1, Math.round(edgeSeconds * sampleRate)))
  const relative = (part: Float32Array): number => toDbfs(rms(part) / overall)
  return {
    startDb: relative(samples.subarray(0, edge)),
    endDb: relative(samples.subarray(samples.length - edge)),
  }
}
