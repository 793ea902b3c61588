/** Settings of the espeak-wasm engine (eSpeak NG compiled to WASM, GPL-3.0). */
import { availableParallelism } from 'node:os'
import { z } from 'zod'

export const espeakWasmSettingsSchema = z
  .object({
    /**
     * Worker threads synthesizing in parallel; each holds its own eSpeak NG instance (about 50 MB with its 24 MB of
     * voice data). Default: one per core, at most 2.
     */
    threads: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(Math.max(1, Math.min(2, availableParallelism()))),
    /** Longest piece of text handed to eSpeak NG at once; longer sentences are split at clauses. */
    maxChunkChars: z.number().int().min(20).max(5000).default(400),
    /** Voice ids this engine offers (`en-us`, `de`, …); default: all 100+ that eSpeak NG has. */
    voices: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()

export type EspeakWasmSettings = z.infer<typeof espeakWasmSettingsSchema>
