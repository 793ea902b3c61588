/**
 * The `smoke` check: one short phrase through a backend's engine, the PCM encoded as the 16-bit WAV a client would
 * download, that WAV decoded again, and the decoded clip judged: audible (peak above the silence level of
 * src/audio/pcm.ts, read with src/audio/metrics), at least `minSeconds` long and at least `minBytes` as a WAV. Every
 * limit missed is named, so "silent" and "too short" read differently in the table.
 */
import { collectAudio } from '../audio/collect.js'
import { durationSeconds, peakDbfs, rmsDbfs } from '../audio/metrics/index.js'
import { SILENCE_PEAK_DBFS, type PcmAudio } from '../audio/pcm.js'
import { decodeWav, encodeWav } from '../audio/wav.js'
import type { Engine } from '../engines/engine.js'
import { describeError, fail, pass, type CheckOutcome } from './timed-check.js'

export interface SmokeLimits {
  /** Shortest acceptable clip, seconds. */
  readonly minSeconds: number
  /** Smallest acceptable encoded WAV, bytes (header included). */
  readonly minBytes: number
}

export interface SmokeResult {
  readonly outcome: CheckOutcome
  /** The decoded clip, when there was one to decode (the ASR check transcribes it). */
  readonly audio?: PcmAudio
}

const formatKb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
const formatDb = (db: number): string => (Number.isFinite(db) ? `${db.toFixed(1)} dBFS` : '−∞ dBFS')

/** What is wrong with a decoded smoke clip; empty when nothing is. */
export function smokeProblems(audio: PcmAudio, wavBytes: number, limits: SmokeLimits): string[] {
  const problems: string[] = []
  const peak = peakDbfs(audio)
  if (!(peak > SILENCE_PEAK_DBFS))
    problems.push(`silent: peak ${formatDb(peak)} (audible needs > ${SILENCE_PEAK_DBFS} dBFS)`)
  const seconds = durationSeconds(audio)
  if (seconds < limits.minSeconds) problems.push(`too short: ${seconds.toFixed(2)} s < ${limits.minSeconds} s`)
  if (wavBytes < limits.minBytes) problems.push(`too small: ${formatKb(wavBytes)} WAV < ${formatKb(limits.minBytes)}`)
  return problems
}

export async function smokeTest(
  engine: Engine,
  request: { readonly text: string; readonly voice: string },
  limits: SmokeLimits,
  signal: AbortSignal,
  /** How the detail names the voice, e.g. `voice slt (alias alloy)`. */
  voice = `voice ${request.voice}`,
): Promise<SmokeResult> {
  const pcm = await collectAudio(engine.synthesize(request, signal))
  if (pcm.samples.length === 0) return { outcome: fail(`no audio: the engine returned 0 samples (${voice})`) }
  const wav = encodeWav(pcm)
  let audio: PcmAudio
  try {
    audio = decodeWav(wav)
  } catch (error) {
    return { outcome: fail(`the encoded WAV does not decode: ${describeError(error)} (${voice})`) }
  }
  const problems = smokeProblems(audio, wav.length, limits)
  if (problems.length > 0) return { outcome: fail(`${problems.join('; ')} (${voice})`), audio }
  const summary = [
    `${durationSeconds(audio).toFixed(2)} s`,
    `${formatKb(wav.length)} WAV`,
    `peak ${formatDb(peakDbfs(audio))}`,
    `RMS ${formatDb(rmsDbfs(audio))}`,
  ]
  return { outcome: pass(`${voice}: ${summary.join(', ')}`), audio }
}
