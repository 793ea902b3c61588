/**
 * One spoken turn of a voice agent, end to end, timed on one clock that starts when the user's audio is submitted:
 *
 * 1. **transcription** — the WAV goes to an OpenAI `/v1/audio/transcriptions` server (`openai-transcriptions` target);
 * 2. **chat** — the transcript goes to an OpenAI `/v1/chat/completions` server as the user message, streamed
 *    (`openai-chat` target), its content read piece by piece as it arrives;
 * 3. **speech** — as soon as the reply's first complete sentence is in (./first-sentence.ts), or the whole reply
 *    when it is one sentence, that sentence goes to an OpenAI `/v1/audio/speech` server, streamed (`openai-speech`
 *    target), while the chat stream goes on — the way a voice agent pipelines, speaking before the model is done.
 *
 * Time to first audio is when the first decodable sample of that speech arrives, measured from the submission of
 * the user's audio; it covers the three stages plus the gaps between them. Only the first sentence is synthesized:
 * later sentences do not change when the user first hears the agent. The turn ends when both the chat stream and the
 * speech response have ended. A failing stage ends the turn with that stage and the target's error kind.
 */
import { performance } from 'node:perf_hooks'
import type { ErrorKind } from '../error-kinds.js'
import { requestOpenAiChat } from '../targets/openai-chat.js'
import { requestOpenAiSpeech } from '../targets/openai-speech.js'
import { requestOpenAiTranscription } from '../targets/openai-transcriptions.js'
import type { RequestOutcome } from '../targets/target.js'
import { FirstSentenceDetector } from './first-sentence.js'
import type { InputAudio } from './input-audio.js'

export const TURN_STAGES = ['asr', 'llm', 'tts'] as const
export type TurnStage = (typeof TURN_STAGES)[number]

export interface VoiceTurnSettings {
  readonly asr: { readonly url: string; readonly model: string; readonly language?: string }
  readonly llm: {
    readonly url: string
    readonly model: string
    readonly system?: string
    readonly maxTokens?: number
    readonly temperature?: number
  }
  readonly tts: { readonly url: string; readonly model: string; readonly voice: string }
  readonly audio: InputAudio
  /** Extra headers for every request (Authorization …). */
  readonly headers?: Readonly<Record<string, string>>
  /** Each stage's request timeout, in ms. */
  readonly timeoutsMs: Readonly<Record<TurnStage, number>>
}

/** Milliseconds of each stage; null when the turn failed before the stage got that far. */
export interface TurnTimings {
  /** Transcription request sent → transcript received. */
  readonly asr_ms: number | null
  /** Chat request sent → first content token. */
  readonly llm_ttft_ms: number | null
  /** Chat request sent → first complete sentence (or the whole reply when it has one). */
  readonly llm_first_sentence_ms: number | null
  /** Chat request sent → end of the stream. */
  readonly llm_total_ms: number | null
  /** Speech request sent → first decodable audio sample. */
  readonly tts_ttfa_ms: number | null
  /** Speech request sent → end of the audio. */
  readonly tts_total_ms: number | null
  /** User's audio submitted → first decodable sample of the reply's speech. */
  readonly time_to_first_audio_ms: number | null
  /** User's audio submitted → chat stream and speech both ended. */
  readonly turn_ms: number | null
}

/** A turn's timings before any stage has run. */
export const NO_TIMINGS: TurnTimings = Object.freeze({
  asr_ms: null,
  llm_ttft_ms: null,
  llm_first_sentence_ms: null,
  llm_total_ms: null,
  tts_ttfa_ms: null,
  tts_total_ms: null,
  time_to_first_audio_ms: null,
  turn_ms: null,
})

export interface TurnFailure {
  readonly stage: TurnStage
  readonly kind: ErrorKind
  readonly message: string
}

export interface TurnOutcome {
  readonly ok: boolean
  readonly timings: TurnTimings
  /** What the transcription server heard (and the chat server was sent). */
  readonly transcript: string | null
  readonly reply: string | null
  /** The text sent to speech synthesis. */
  readonly spokenSentence: string | null
  /** Seconds of audio in the speech response. */
  readonly speechSeconds: number | null
  readonly failure?: TurnFailure
}

const PROMPT_ID = 'turn'

function failureOf(stage: TurnStage, outcome: RequestOutcome): TurnFailure {
  return { stage, kind: outcome.errorKind ?? 'other', message: outcome.error ?? 'failed' }
}

export async function runVoiceTurn(settings: VoiceTurnSettings, signal: AbortSignal): Promise<TurnOutcome> {
  const { headers = {}, timeoutsMs } = settings
  const submitted = performance.now()
  const sinceSubmit = (): number => performance.now() - submitted

  const asr = await requestOpenAiTranscription(
    {
      headers,
      timeoutMs: timeoutsMs.asr,
      url: settings.asr.url,
      model: settings.asr.model,
      prompt: { id: PROMPT_ID, text: settings.audio.spokenText ?? '' },
      transcription: {
        audio: settings.audio.wav,
        audioSeconds: settings.audio.seconds,
        fileName: settings.audio.fileName,
        ...(settings.asr.language ? { language: settings.asr.language } : {}),
      },
    },
    signal,
  )
  const transcript = asr.transcript ?? null
  if (!asr.ok) {
    const timings = { ...NO_TIMINGS, asr_ms: asr.latencyMs }
    return {
      ok: false,
      timings,
      transcript,
      reply: null,
      spokenSentence: null,
      speechSeconds: null,
      failure: failureOf('asr', asr),
    }
  }

  // Speech starts from inside the chat stream's content callback, so it runs while the reply still arrives.
  const detector = new FirstSentenceDetector()
  let speech:
    { readonly startedAt: number; readonly sentenceAtMs: number; readonly outcome: Promise<RequestOutcome> } | undefined
  const startSpeech = (sentence: string, sentenceAtMs: number): void => {
    speech = {
      startedAt: sinceSubmit(),
      sentenceAtMs,
      outcome: requestOpenAiSpeech(
        {
          headers,
          timeoutMs: timeoutsMs.tts,
          url: settings.tts.url,
          model: settings.tts.model,
          voice: settings.tts.voice,
          prompt: { id: PROMPT_ID, text: sentence },
          speech: { responseFormat: 'pcm', stream: true },
        },
        signal,
      ),
    }
  }
  const llm = await requestOpenAiChat(
    {
      headers,
      timeoutMs: timeoutsMs.llm,
      url: settings.llm.url,
      model: settings.llm.model,
      prompt: { id: PROMPT_ID, text: asr.transcript! },
      chat: {
        ...(settings.llm.system !== undefined ? { system: settings.llm.system } : {}),
        ...(settings.llm.maxTokens !== undefined ? { maxTokens: settings.llm.maxTokens } : {}),
        ...(settings.llm.temperature !== undefined ? { temperature: settings.llm.temperature } : {}),
        onContent: (piece, atMs) => {
          const sentence = detector.push(piece)
          if (sentence !== undefined && speech === undefined) startSpeech(sentence, atMs)
        },
      },
    },
    signal,
  )
  // A reply of one sentence (or none found) is spoken whole once the stream has ended.
  if (llm.ok && speech === undefined && detector.finish() !== '') startSpeech(detector.finish(), llm.latencyMs)
  const tts = speech ? await speech.outcome : undefined
  const turnEnd = sinceSubmit()

  const timings: TurnTimings = {
    asr_ms: asr.latencyMs,
    llm_ttft_ms: llm.ttfaMs,
    llm_first_sentence_ms: speech?.sentenceAtMs ?? null,
    llm_total_ms: llm.ok ? llm.latencyMs : null,
    tts_ttfa_ms: tts?.ttfaMs ?? null,
    tts_total_ms: tts?.ok ? tts.latencyMs : null,
    time_to_first_audio_ms: speech && tts?.ttfaMs != null ? speech.startedAt + tts.ttfaMs : null,
    turn_ms: turnEnd,
  }
  const failure: TurnFailure | undefined = !llm.ok
    ? failureOf('llm', llm)
    : !tts
      ? { stage: 'llm', kind: 'other', message: 'the reply has nothing to speak' }
      : !tts.ok
        ? failureOf('tts', tts)
        : undefined
  return {
    ok: failure === undefined,
    timings,
    transcript,
    reply: llm.content ?? (detector.text || null),
    spokenSentence: detector.sentence ?? null,
    speechSeconds: tts?.audioSeconds ?? null,
    ...(failure ? { failure } : {}),
  }
}
