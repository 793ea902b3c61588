/**
 * Settings of the `openai-http` engine: any server speaking OpenAI's `POST /v1/audio/speech` (Kokoro-FastAPI,
 * Speaches, LocalAI, openedai-speech, OpenAI itself, or another Chorus).
 *
 * @example
 * { "url": "http://127.0.0.1:8880", "model": "kokoro", "voices": ["af_bella", "af_sky"] }
 */
import { z } from 'zod'
import { baseUrlSchema, httpTimeoutSettings } from '../http/settings.js'

export const openAiHttpSettingsSchema = z
  .object({
    /** Base URL of the server, with or without a trailing `/v1` (`http://127.0.0.1:8880` or `…:8880/v1`). */
    url: baseUrlSchema,
    /** Sent as `Authorization: Bearer <apiKey>`; servers on a private network usually need none. */
    apiKey: z.string().min(1).optional(),
    /** The `model` field sent upstream (`tts-1`, `kokoro`, `gpt-4o-mini-tts`, a Speaches model id …). */
    model: z.string().min(1).default('tts-1'),
    /**
     * The voices this backend offers. When absent they are fetched once from `GET {url}/v1/audio/voices`
     * (Kokoro-FastAPI's `{voices: [...]}` or Chorus's `{voices, data}`).
     */
    voices: z.array(z.string().min(1)).min(1).optional(),
    /**
     * What to ask upstream for. Chorus decodes it and encodes the client's `response_format` itself, so every format
     * works whatever the upstream supports. `pcm` is 16-bit LE mono at `sampleRate`; `wav` carries its own header.
     */
    format: z.enum(['pcm', 'wav']).default('pcm'),
    /** Sample rate of the upstream's headerless `pcm` (OpenAI and Kokoro-FastAPI: 24000). Ignored for `wav`. */
    sampleRate: z.number().int().min(8000).max(48_000).default(24_000),
    /** Ask for a chunked audio stream (`stream_format: "audio"`) so audio is passed on as it is generated. */
    stream: z.boolean().default(true),
    ...httpTimeoutSettings,
  })
  .strict()

export type OpenAiHttpSettings = z.infer<typeof openAiHttpSettingsSchema>
