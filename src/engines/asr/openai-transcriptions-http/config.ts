/**
 * Settings of the `openai-transcriptions-http` ASR kind: any server speaking OpenAI's
 * `POST /v1/audio/transcriptions` (OpenAI, Speaches, whisper.cpp's server, LocalAI, another Chorus).
 *
 * @example
 * { "id": "speaches", "kind": "openai-transcriptions-http", "url": "http://127.0.0.1:8000", "model": "Systran/faster-whisper-small" }
 */
import { z } from 'zod'
import { baseUrlSchema, httpTimeoutSettings } from '../../http/settings.js'

export const openAiTranscriptionsHttpSettingsSchema = z
  .object({
    /** Base URL of the server, with or without a trailing `/v1`. */
    url: baseUrlSchema,
    /** Sent as `Authorization: Bearer <apiKey>`. */
    apiKey: z.string().min(1).optional(),
    /** The `model` field sent upstream (`whisper-1`, a Speaches model id …). */
    model: z.string().min(1).default('whisper-1'),
    /** Languages the upstream recognizes (ISO 639-1); empty: any, the upstream decides. */
    languages: z.array(z.string().min(2)).default([]),
    /**
     * Ask for word timings (`timestamp_granularities[]=word`). Servers that cannot give them answer without; turn
     * it off for servers that reject the field.
     */
    wordTimestamps: z.boolean().default(true),
    ...httpTimeoutSettings,
    /** A transcript arrives whole, after the upstream has heard all the audio: the first byte waits for that. */
    firstByteTimeoutMs: z.number().int().min(1).max(3_600_000).default(120_000),
  })
  .strict()

export type OpenAiTranscriptionsHttpSettings = z.infer<typeof openAiTranscriptionsHttpSettingsSchema>
