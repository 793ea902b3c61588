/** Settings of the `cli` engine kind: which Debian speech program to run, and how many at once. */
import { availableParallelism } from 'node:os'
import { z } from 'zod'

/** The programs the `cli` kind knows how to drive; each has one file under `programs/`. */
export const CLI_PROGRAM_NAMES = ['espeak-ng', 'flite', 'festival'] as const

export type CliProgramName = (typeof CLI_PROGRAM_NAMES)[number]

export const cliSettingsSchema = z
  .object({
    /** The speech program to run. */
    program: z.enum(CLI_PROGRAM_NAMES),
    /** Path of the executable, when it is not the program's usual name on PATH (`espeak-ng`, `flite`, `text2wave`). */
    binary: z.string().min(1).optional(),
    /**
     * Voice ids this engine offers; the rest of what the program lists is hidden. Ids the program lacks are skipped.
     * Default: every voice the program lists (festival: `cmu_us_slt_arctic_hts` and `kal_diphone`, where installed).
     */
    voices: z.array(z.string().min(1)).min(1).optional(),
    /** Child processes running at once, across all requests to this engine (default: one per core). */
    processes: z.number().int().min(1).max(256).default(availableParallelism()),
    /** Longest one child process may run before it is killed and the request fails with a timeout. */
    timeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
  })
  .strict()

export type CliSettings = z.infer<typeof cliSettingsSchema>
