/**
 * Settings of the `chatterbox-http` engine: a Chatterbox TTS server reached over its internal wire format
 * (`POST {url}/v1/tts`, raw 16-bit PCM back). Each Chorus voice is a reference clip on the server plus the generation
 * knobs Chatterbox takes per request.
 *
 * @example
 * {
 *   "url": "http://127.0.0.1:8004",
 *   "token": "…",
 *   "voices": { "narrator": { "reference_audio": "voices/narrator.wav", "exaggeration": 0.4 }, "default": {} }
 * }
 */
import { z } from 'zod'
import { baseUrlSchema, httpTimeoutSettings } from '../http/settings.js'

export const chatterboxVoiceSchema = z
  .object({
    /** Reference clip for zero-shot cloning, as a path or name the server resolves; absent: the server's default voice. */
    reference_audio: z.string().min(1).optional(),
    /** Emotion/intensity exaggeration; 0.5 is neutral, higher is more dramatic. */
    exaggeration: z.number().min(0).max(2).default(0.5),
    /** Classifier-free guidance weight; lower gives slower, more deliberate pacing. */
    cfg_weight: z.number().min(0).max(1).default(0.5),
    /** Sampling temperature; higher varies more from take to take. */
    temperature: z.number().gt(0).max(5).default(0.8),
    /** BCP 47 tags the voice speaks, for routing and listings. Chatterbox's original model speaks English. */
    languages: z.array(z.string().min(1)).min(1).default(['en']),
  })
  .strict()

export const chatterboxHttpSettingsSchema = z
  .object({
    /** Base URL of the Chatterbox server, e.g. `http://127.0.0.1:8004`. */
    url: baseUrlSchema,
    /** Sent as `X-Internal-Token`; the server answers 401 without the token it expects. */
    token: z.string().min(1).optional(),
    /** Voice id → reference clip and generation settings. At least one voice. */
    voices: z
      .record(z.string().min(1), chatterboxVoiceSchema)
      .refine((voices) => Object.keys(voices).length > 0, 'configure at least one voice, e.g. { "default": {} }'),
    ...httpTimeoutSettings,
  })
  .strict()

export type ChatterboxVoiceSettings = z.infer<typeof chatterboxVoiceSchema>
export type ChatterboxHttpSettings = z.infer<typeof chatterboxHttpSettingsSchema>
