/**
 * The scoring side of the quality lab: what an ASR engine heard, compared with what a TTS engine was asked to say.
 * Transcript normalization (Whisper-English-style, with its known faults fixed), word alignment, WER and CER (corpus
 * and mean per utterance), and a verdict per word that separates TTS failures from recognizer slips and from
 * differences that are not errors at all (homophones, compounds, spelling variants, abbreviations, fillers, and
 * mistakes in the reference itself). Pure functions; the CMU dictionary is the only data loaded.
 *
 * @example
 * const score = scoreUtterance({ reference: 'Dr. Smith lives on Main St.', hypotheses: ['doctor smith lives on main street'] })
 * score.wer // 0
 */
export { alignSequences, countOperations, editDistance, type AlignedPair, type EditOperation } from './alignment.js'
export { closestReading, type ReferenceReading } from './reference-forms.js'
export {
  scoreCorpus,
  scoreUtterance,
  type CorpusScore,
  type HypothesisScore,
  type UtteranceInput,
  type UtteranceScore,
  type VerdictCounts,
} from './score.js'
export {
  analyzeTranscript,
  normalizeTranscript,
  normalizeTranscriptWords,
  type TranscriptAnalysis,
  type TranscriptToken,
} from './transcript-normalizer.js'
export { VERDICTS, type Verdict } from './verdicts.js'
export {
  characterErrors,
  corpusRates,
  errorRate,
  utteranceRates,
  wordErrors,
  type CorpusRates,
  type ErrorCounts,
  type UtteranceRates,
} from './wer.js'
export type { RowOperation, WordVerdict } from './word-table.js'
