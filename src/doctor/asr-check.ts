/**
 * The optional `asr` check: a speech recognizer transcribes the decoded smoke clip and the lab's scorer
 * (src/text/scoring) compares what it heard with the smoke phrase. A WER at or under the limit passes. Recognizers
 * slip on single words even on clean speech (PocketSphinx hears Flite's `slt` with ~25% WER on plain sentences), so the
 * default limit is loose: the check is for "the engine says the phrase", not for quality.
 */
import type { PcmAudio } from '../audio/pcm.js'
import type { AsrEngine } from '../engines/asr/asr-engine.js'
import { scoreUtterance } from '../text/scoring/index.js'
import { fail, pass, type CheckOutcome } from './timed-check.js'

export interface AsrSmokeOptions {
  /** The recognizer, built when first needed (a recognizer that is down at first may come up during `--wait`). */
  readonly engine: () => Promise<AsrEngine>
  /** Highest word error rate that passes, as a fraction (0.5 = 50%). */
  readonly maxWer: number
}

const percent = (value: number): string => `${(100 * value).toFixed(1)}%`

export async function asrCheck(
  audio: PcmAudio,
  phrase: string,
  options: AsrSmokeOptions,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const engine = await options.engine()
  const transcript = await engine.transcribe(audio, {}, signal)
  const { wer } = scoreUtterance({ reference: phrase, hypotheses: [transcript.text] })
  const detail = `${engine.id} heard "${transcript.text}": WER ${percent(wer)}`
  return wer <= options.maxWer
    ? pass(`${detail} ≤ ${percent(options.maxWer)}`)
    : fail(`${detail} > ${percent(options.maxWer)}`)
}
