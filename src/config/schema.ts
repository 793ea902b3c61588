/**
 * The one schema for Chorus settings (chorus.config.json / .yaml, environment, flags). Parsed once at start-up, then
 * deep-frozen: nothing changes settings while the server runs. Backend entries carry generic routing settings
 * (pool, timeouts, circuit, health) here; every other key is the engine kind's own, checked by that kind's schema.
 */
import { z } from 'zod'
import type { AsrEngineConfig } from '../engines/asr/asr-router.js'

export const DEFAULT_PORT = 8880
export const DEFAULT_HOST = '127.0.0.1'

export const serverSchema = z
  .object({
    host: z.string().min(1).default(DEFAULT_HOST),
    port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
    /** Largest request body accepted, in bytes (413 above it). */
    bodyLimitBytes: z.number().int().min(1024).default(1024 * 1024),
    /** pino log level; `silent` turns request logs off. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict()

export const limitsSchema = z
  .object({
    /** Longest `input` for a whole-file response, in characters (OpenAI's limit is 4096). */
    maxInputChars: z.number().int().min(1).max(10_000_000).default(4096),
    /** Longest `input` when the response streams (`stream_format` audio or sse): the long-text path. */
    maxStreamingInputChars: z.number().int().min(1).max(10_000_000).default(100_000),
  })
  .strict()

export const timeoutsSchema = z
  .object({
    /** TCP/TLS connect (HTTP backends). */
    connectMs: z.number().int().min(1).max(120_000).default(2000),
    /** From sending the request to the first audible audio; past it the router fails over. */
    firstByteMs: z.number().int().min(1).max(600_000).default(15_000),
    /** Whole synthesis of one request; past it the stream ends with an explicit error. */
    totalMs: z.number().int().min(1).max(3_600_000).default(300_000),
  })
  .strict()

export const circuitSchema = z
  .object({
    /** Consecutive failures that open the circuit (the backend is skipped). */
    failureThreshold: z.number().int().min(1).max(1000).default(3),
    /** How long an open circuit waits before letting one trial request through (half-open). */
    resetMs: z.number().int().min(100).max(3_600_000).default(10_000),
  })
  .strict()

export const healthProbeSchema = z
  .object({
    /** Probe interval; 0 turns periodic probes off. */
    intervalMs: z.number().int().min(0).max(3_600_000).default(10_000),
    timeoutMs: z.number().int().min(1).max(120_000).default(2000),
  })
  .strict()

/** Keys every backend has; all other keys of a backend entry belong to its kind. */
export const backendBaseSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, `_`, `.` and `-` only'),
  kind: z.string().min(1),
  /** Requests the backend works on at once (engine servers such as Chatterbox take one at a time). */
  concurrency: z.number().int().min(1).max(1024).default(1),
  /** Requests that may wait for a slot; beyond it → 503 with Retry-After (or the next backend in the chain). */
  queue: z.number().int().min(0).max(100_000).default(16),
  timeouts: timeoutsSchema.default(() => timeoutsSchema.parse({})),
  circuit: circuitSchema.default(() => circuitSchema.parse({})),
  health: healthProbeSchema.default(() => healthProbeSchema.parse({})),
  /** TTS front-end normalization (numbers, dates, currency, units…) before text reaches this engine. */
  normalize: z.boolean().default(true),
})

export const BACKEND_BASE_KEYS: ReadonlySet<string> = new Set(Object.keys(backendBaseSchema.shape))

export type BackendBase = z.infer<typeof backendBaseSchema>

export interface BackendConfig extends BackendBase {
  /** The kind's own settings (url, voices, token …), validated by the kind's schema. */
  readonly settings: Readonly<Record<string, unknown>>
}

/** `backend:voice`; the voice part may itself contain colons or Kokoro mixing syntax. */
const targetSchema = z.string().regex(/^[A-Za-z0-9_.-]+:.+$/, 'expected `backend:voice`')

export const authSchema = z
  .object({
    /** Bearer keys accepted on the OpenAI routes; empty means no auth. */
    apiKeys: z.array(z.string().min(8, 'API keys must be at least 8 characters')).default([]),
    /** `X-Internal-Token` required on the Chatterbox route (/v1/tts); absent means no token. */
    internalToken: z.string().min(8, 'the internal token must be at least 8 characters').optional(),
  })
  .strict()

export const chatterboxRouteSchema = z
  .object({
    /** Folder of reference clips; only names listed in its metadata.json may be used. */
    referencesDir: z.string().min(1).optional(),
    /** Voice (alias or backend:voice) used when a /v1/tts request has no reference_audio. */
    defaultVoice: z.string().min(1).default('alloy'),
  })
  .strict()

export const shadowSchema = z
  .object({
    /** Mirror requests that this backend serves … */
    from: z.string().min(1),
    /** … to this standby backend, discarding its audio and recording latency and errors. */
    to: z.string().min(1),
    /** Fraction of `from`'s requests mirrored, 0–1. */
    fraction: z.number().min(0).max(1).default(0.1),
    /** Voice on the standby per voice on the primary; unlisted voices keep their id. */
    voiceMap: z.record(z.string(), z.string()).default({}),
  })
  .strict()

export const configFileSchema = z
  .object({
    server: serverSchema.default(() => serverSchema.parse({})),
    limits: limitsSchema.default(() => limitsSchema.parse({})),
    auth: authSchema.default(() => authSchema.parse({})),
    backends: z.array(z.record(z.string(), z.unknown())).optional(),
    voices: z.record(z.string(), z.union([targetSchema, z.array(targetSchema).min(1)])).default({}),
    chatterbox: chatterboxRouteSchema.default(() => chatterboxRouteSchema.parse({})),
    shadow: z.array(shadowSchema).default([]),
    /** Speech recognizers for /v1/audio/transcriptions and the lab, tried in order: `[{ id, kind, ...settings }]`. */
    asr: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict()

export type ConfigFile = z.infer<typeof configFileSchema>

/** Keys every `asr[]` entry has; all others belong to its kind (see src/engines/asr/registry.ts). */
export const asrEngineBaseSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, `_`, `.` and `-` only'),
  kind: z.string().min(1),
})

export interface ChorusConfig extends Omit<ConfigFile, 'backends' | 'voices' | 'asr'> {
  readonly backends: readonly BackendConfig[]
  /** ASR engines in failover order; default: `[{ id: 'pocketsphinx', kind: 'pocketsphinx' }]`. */
  readonly asr: readonly AsrEngineConfig[]
  /** Alias → ordered `backend:voice` targets. */
  readonly voices: Readonly<Record<string, readonly string[]>>
  /** Where the configuration came from (a file path, or `defaults`). */
  readonly source: string
}
