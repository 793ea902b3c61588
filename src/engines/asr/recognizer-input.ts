/**
 * What every ASR adapter does to audio before a recognizer sees it: reject what is not audio with a coded error,
 * bring it to the recognizer's rate, and (for recognizers trained on level-normalized speech, like PocketSphinx)
 * normalize its peak. Also the language-tag handling the adapters and the ASR router share.
 */
import { peak, type PcmAudio } from '../../audio/pcm.js'
import { resample } from '../../audio/resample.js'
import { ChorusError } from '../../errors.js'

/** Sample rates outside this range are not audio a speech recognizer can use (same bounds as the WAV readers). */
const MIN_SAMPLE_RATE = 1000
const MAX_SAMPLE_RATE = 384_000

/**
 * Most gain peak normalization may apply (+40 dB). Quieter input is near-silence or noise; lifting it further only
 * turns hiss into "words".
 */
const MAX_NORMALIZATION_GAIN = 100

/** Throws `CHORUS_ERR_AUDIO_UNDECODABLE` for audio no recognizer can take: no samples, NaN/∞, a bogus rate. */
export function assertTranscribable(audio: PcmAudio): void {
  const undecodable = (reason: string) => new ChorusError('CHORUS_ERR_AUDIO_UNDECODABLE', { reason })
  if (!(audio.samples instanceof Float32Array)) throw undecodable('the samples are not a Float32Array.')
  if (!Number.isInteger(audio.sampleRate) || audio.sampleRate < MIN_SAMPLE_RATE || audio.sampleRate > MAX_SAMPLE_RATE) {
    throw undecodable(`the sample rate ${audio.sampleRate} Hz is not a plausible audio rate.`)
  }
  if (audio.samples.length === 0) throw undecodable('the audio is empty (no samples).')
  for (let i = 0; i < audio.samples.length; i++) {
    if (!Number.isFinite(audio.samples[i])) throw undecodable(`sample ${i} is not a finite number.`)
  }
}

/**
 * `audio` at `sampleRate`, its peak scaled to `peakDbfs` (gain capped at +40 dB; digital silence is left alone).
 *
 * @example
 * const input = await toRecognizerInput(audio, { sampleRate: 16000, peakDbfs: -3 })
 */
export async function toRecognizerInput(
  audio: PcmAudio,
  target: { readonly sampleRate: number; readonly peakDbfs?: number },
): Promise<PcmAudio> {
  const resampled = await resample(audio, target.sampleRate)
  if (target.peakDbfs === undefined) return resampled
  const level = peak(resampled.samples)
  if (level === 0) return resampled
  const gain = Math.min(MAX_NORMALIZATION_GAIN, 10 ** (target.peakDbfs / 20) / level)
  const samples = new Float32Array(resampled.samples.length)
  for (let i = 0; i < samples.length; i++) samples[i] = resampled.samples[i]! * gain
  return { samples, sampleRate: resampled.sampleRate }
}

/** `en-US`, `EN`, `en_gb` → `en`: recognizers and OpenAI's `language` field use the ISO 639-1 primary subtag. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? ''
}

/** True when an engine with these `languages` (empty = unrestricted) takes `language` (absent = engine's default). */
export function supportsLanguage(languages: readonly string[], language: string | undefined): boolean {
  if (language === undefined || languages.length === 0) return true
  const wanted = primaryLanguage(language)
  return languages.some((supported) => primaryLanguage(supported) === wanted)
}

/** Throws `CHORUS_ERR_INVALID_PARAM` (param `language`) when the engine does not recognize `language`. */
export function assertLanguage(engineId: string, languages: readonly string[], language: string | undefined): void {
  if (supportsLanguage(languages, language)) return
  throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
    param: 'language',
    reason: `\`${language}\` is not recognized by \`${engineId}\`, which knows ${languages.join(', ')}.`,
  })
}
