/** Settings of the flite WASI engine, with the defaults a configuration-free Chorus runs on. */
import { availableParallelism } from 'node:os'
import { z } from 'zod'

export const fliteWasiSettingsSchema = z
  .object({
    /** Worker threads synthesizing in parallel (default: one per core, at most 4). */
    threads: z.number().int().min(1).max(64).default(Math.max(1, Math.min(4, availableParallelism()))),
    /** Longest piece of text handed to flite at once; longer sentences are split at clauses. */
    maxChunkChars: z.number().int().min(20).max(5000).default(400),
  })
  .strict()

export type FliteWasiSettings = z.infer<typeof fliteWasiSettingsSchema>
