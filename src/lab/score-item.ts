/**
 * Scoring one synthesized clip against the text it should say: the unit every lab command builds on (`chorus
 * validate`, `chorus eval`, best-of-N). One or two ASR engines transcribe the clip (in parallel), the scorer
 * (src/text/scoring) aligns what they heard with the reference and gives every word a verdict, the signal metrics
 * (src/audio/metrics) measure the audio, and the gates (src/lab/gates) turn both into pass/fail.
 *
 * Two word error rates come out, for two questions:
 * - `wer`: the plain WER of the first engine's transcript (Σ S+D+I / reference words). Corpus figures are built
 *   from it, so they mean what they mean everywhere else.
 * - `gateWer`: what the `asr_wer` gate judges — the same count, but only of words the verdict logic blames on the
 *   TTS (`tts_failure`, `ambiguous`). Differences that are not errors (homophone, compound, spelling variant,
 *   abbreviation, filler), words where the reference itself looks wrong (`gt_error`) and — with two engines — one
 *   recognizer's slips where the other heard the reference (`stt_error`) are not held against the clip. With one
 *   engine it is at most `wer`; with two it is what both recognizers got wrong.
 *
 * The other text-reading gates (truncation, repetition, speaking rate) read the transcript with the lower WER (the
 * first on a tie): a defect in the audio shows in every recognizer's transcript, a recognizer's slip in one.
 *
 * @example
 * const asr = await createAsrEngine('pocketsphinx')
 * const result = await scoreItem({ id: 'greeting', audio, reference: 'Hello there.', asr: [asr], signal })
 * if (!result.pass) console.log(Object.entries(result.gates).filter(([, status]) => status === 'fail'))
 */
import { signalMetrics, type SignalMetrics } from '../audio/metrics/index.js'
import type { PcmAudio } from '../audio/pcm.js'
import type { AsrEngine, Transcript, TranscriptWord } from '../engines/asr/asr-engine.js'
import { ChorusError } from '../errors.js'
import {
  scoreUtterance,
  type ErrorCounts,
  type Verdict,
  type VerdictCounts,
  type WordVerdict,
} from '../text/scoring/index.js'
import {
  runGates,
  type GateDetails,
  type GateName,
  type GateStatus,
  type GateThresholdOverrides,
} from './gates/index.js'
import { speakerSimilarity, type SpeakerEmbedder } from './similarity/index.js'

/** Verdicts that blame a word on the TTS engine: counted by {@link ItemResult.gateWer}. */
export const TTS_ERROR_VERDICTS: ReadonlySet<Verdict> = new Set<Verdict>(['tts_failure', 'ambiguous'])

/** The most engines whose transcripts the verdict logic compares. */
export const MAX_ASR_ENGINES = 2

export interface ScoreItemInput {
  /** Names the item in results and errors. */
  readonly id: string
  readonly audio: PcmAudio
  /** The text the TTS engine was asked to speak (written or spoken form; both are normalized). */
  readonly reference: string
  /** One or two recognizers; the first is the primary (its WER is `wer`), a second feeds the two-ASR verdicts. */
  readonly asr: readonly AsrEngine[]
  /** Per-gate threshold overrides (see `runGates`); gates not named keep their defaults. */
  readonly thresholds?: GateThresholdOverrides
  readonly signal: AbortSignal
  /** ISO 639-1 language passed to the recognizers (default: each engine's own). */
  readonly language?: string
  /** Metrics already measured for this audio, to save measuring them again. */
  readonly metrics?: SignalMetrics
  /** A clip of the intended voice: when given, `similarity` says how alike the two voices sound (0…1). */
  readonly speakerReference?: PcmAudio
  /** Embedder for `speakerReference` (default: the built-in spectral proxy). */
  readonly embedder?: SpeakerEmbedder
}

export interface ItemTranscript {
  /** The ASR engine's id. */
  readonly engine: string
  readonly text: string
  readonly normalized: string
  /** This engine's WER against the reading of the reference closest to what it heard. */
  readonly wer: number
  readonly cer: number
  /** The substitutions, deletions and insertions behind `wer` and `cer`, for corpus rates (`corpusRates`). */
  readonly errors: { readonly words: ErrorCounts; readonly characters: ErrorCounts }
  /** Word timings, when the engine gives them. */
  readonly timings?: readonly TranscriptWord[]
}

export interface ItemResult {
  readonly id: string
  readonly reference: string
  /** The reading of the reference the word table uses (normalized; numbers as the recognizers said them). */
  readonly normalizedReference: string
  /** WER of the first engine's transcript. */
  readonly wer: number
  /** CER of the first engine's transcript. */
  readonly cer: number
  /** The error rate the `asr_wer` gate judged: words blamed on the TTS over reference words (module comment). */
  readonly gateWer: number
  /** True when every gate passed. */
  readonly pass: boolean
  readonly gates: Readonly<Record<GateName, GateStatus>>
  readonly gateDetails: GateDetails
  /** The word table: every reference word with what each engine heard and a verdict. */
  readonly words: readonly WordVerdict[]
  /** Rows of `words` per verdict. */
  readonly counts: VerdictCounts
  /** One per engine, in the order of `asr`. */
  readonly transcripts: readonly ItemTranscript[]
  /** The engine whose transcript the truncation, repetition and speaking-rate gates read. */
  readonly gatedEngine: string
  readonly metrics: SignalMetrics
  /** Speaker similarity to `speakerReference`, when one was given. */
  readonly similarity?: number
}

function checkEngines(id: string, asr: readonly AsrEngine[]): void {
  if (asr.length >= 1 && asr.length <= MAX_ASR_ENGINES) return
  throw new ChorusError('CHORUS_ERR_INVALID_PARAM', {
    param: 'asr',
    reason: `scoring item \`${id}\` needs 1 or ${MAX_ASR_ENGINES} ASR engines; got ${asr.length}.`,
  })
}

/** Words blamed on the TTS over reference words, with the empty-reference rule of wer.ts (0 or 1). */
function ttsErrorRate(words: readonly WordVerdict[], referenceWords: number): number {
  const errors = words.filter((row) => TTS_ERROR_VERDICTS.has(row.verdict)).length
  if (referenceWords === 0) return errors === 0 ? 0 : 1
  return errors / referenceWords
}

/**
 * An empty clip is a TTS failure to report (the silence gate says "The clip is empty"), not audio a recognizer can
 * refuse: nothing was heard.
 */
async function transcribe(
  engine: AsrEngine,
  audio: PcmAudio,
  options: { readonly language?: string },
  signal: AbortSignal,
): Promise<Transcript> {
  if (audio.samples.length === 0) return { text: '', words: [], durationSeconds: 0 }
  return engine.transcribe(audio, options, signal)
}

export async function scoreItem(input: ScoreItemInput): Promise<ItemResult> {
  const { id, audio, reference, asr, signal } = input
  checkEngines(id, asr)
  const options = input.language === undefined ? {} : { language: input.language }
  const [transcripts, metrics, similarity] = await Promise.all([
    Promise.all(asr.map((engine) => transcribe(engine, audio, options, signal))),
    input.metrics ?? signalMetrics(audio),
    input.speakerReference
      ? speakerSimilarity(audio, input.speakerReference, { embedder: input.embedder, signal })
      : undefined,
  ])
  const score = scoreUtterance({ reference, hypotheses: transcripts.map((transcript) => transcript.text) })
  const referenceWords = score.normalizedReference === '' ? [] : score.normalizedReference.split(' ')
  const gateWer = ttsErrorRate(score.words, referenceWords.length)
  let gated = 0
  score.hypotheses.forEach((hypothesis, index) => {
    if (hypothesis.wer < score.hypotheses[gated]!.wer) gated = index
  })
  const gatedHypothesis = score.hypotheses[gated]!.normalizedHypothesis
  const report = await runGates(
    {
      metrics,
      referenceText: reference,
      referenceWords,
      hypothesisWords: gatedHypothesis === '' ? [] : gatedHypothesis.split(' '),
      hypothesisTimings: transcripts[gated]!.words,
      wer: gateWer,
    },
    input.thresholds,
  )
  return {
    id,
    reference,
    normalizedReference: score.normalizedReference,
    wer: score.wer,
    cer: score.cer,
    gateWer,
    pass: report.pass,
    gates: report.gates,
    gateDetails: report.details,
    words: score.words,
    counts: score.counts,
    transcripts: transcripts.map((transcript, index) => ({
      engine: asr[index]!.id,
      text: transcript.text,
      normalized: score.hypotheses[index]!.normalizedHypothesis,
      wer: score.hypotheses[index]!.wer,
      cer: score.hypotheses[index]!.cer,
      errors: { words: score.hypotheses[index]!.words, characters: score.hypotheses[index]!.characters },
      ...(transcript.words ? { timings: transcript.words } : {}),
    })),
    gatedEngine: asr[gated]!.id,
    metrics,
    ...(similarity === undefined ? {} : { similarity }),
  }
}
