/**
 * Settings of the `pocketsphinx` ASR kind: which PocketSphinx 0.8 programs and models to run, and how many at once.
 *
 * @example
 * { "id": "pocketsphinx", "kind": "pocketsphinx", "processes": 2 }
 */
import { availableParallelism } from 'node:os'
import { z } from 'zod'

export const pocketsphinxSettingsSchema = z
  .object({
    /** `pocketsphinx_continuous` (one clip per process), when it is not that name on PATH. */
    binary: z.string().min(1).default('pocketsphinx_continuous'),
    /** `pocketsphinx_batch` (many clips per process, for `transcribeBatch`), when it is not that name on PATH. */
    batchBinary: z.string().min(1).default('pocketsphinx_batch'),
    /** Acoustic model directory (`-hmm`); default: the one the programs were built with (Debian: pocketsphinx-en-us). */
    hmm: z.string().min(1).optional(),
    /** Language model (`-lm`), e.g. `/usr/share/pocketsphinx/model/en-us/en-us.lm.bin`. */
    lm: z.string().min(1).optional(),
    /** Pronunciation dictionary (`-dict`), e.g. `/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict`. */
    dict: z.string().min(1).optional(),
    /**
     * What `transcribe()` runs. `continuous`: pocketsphinx_continuous, which splits the clip at pauses (one segment,
     * and one caption cue, per utterance). `batch`: pocketsphinx_batch on the one clip, decoded whole with the
     * cepstral mean of the whole clip: lower WER on Flite speech (everyday sentences 3–7% against 6–11%; the 8 kHz
     * `kal` voice 13% against 85%) and about 1.5× less CPU, but one segment per clip.
     */
    decoder: z.enum(['continuous', 'batch']).default('continuous'),
    /** Languages the models recognize (ISO 639-1); requests for others go to the next ASR engine. */
    languages: z.array(z.string().min(2)).min(1).default(['en']),
    /** Recognizer processes running at once, across all requests to this engine (default: one per core). */
    processes: z.number().int().min(1).max(256).default(availableParallelism()),
    /**
     * Longest one process may run, plus one second per second of audio it is given (PocketSphinx decodes at about
     * 0.2–0.5× real time on one core); past it the process is killed.
     */
    timeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
  })
  .strict()

export type PocketsphinxSettings = z.infer<typeof pocketsphinxSettingsSchema>
