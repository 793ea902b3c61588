/**
 * A bench spec: everything that defines a bench run, as a plain JSON-serialisable object validated by one zod schema
 * ({@link benchSpecSchema}). `chorus bench` builds one from its flags and writes it as spec.json next to its reports;
 * `chorus canary` stores one and runs it again later with `runBench(parseBenchSpec(stored), …)`. Secrets (API keys,
 * tokens) are never part of a spec: they are passed to runBench as headers at run time.
 *
 * @example
 * parseBenchSpec({
 *   target: { url: 'http://127.0.0.1:8880/v1/audio/speech' },
 *   load: { mode: 'closed', concurrency: [1, 2, 4] },
 *   prompts: { set: 'scenarios' },
 *   slos: ['ttfa=300ms', 'p95=2s'],
 * })
 */
import { z } from 'zod'
import { ChorusError } from '../errors.js'
import { compileContract, reasoningPattern } from './targets/chat-checks.js'
import { endpointUrl, kindOfUrl } from './targets/index.js'
import { TARGET_KINDS, type TargetKind } from './targets/target.js'
import { parseSlos } from './slo.js'
import { describeZodIssues } from '../util/zod-issues.js'

export const BENCH_SPEC_VERSION = 1
export const DEFAULT_REQUESTS = 50
export const DEFAULT_DURATION_SECONDS = 60
export const DEFAULT_TIMEOUT_MS = 60_000
export const DEFAULT_MAX_IN_FLIGHT = 64

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}, 'expected an http:// or https:// URL')

export const benchTargetSchema = z
  .object({
    /** The wire protocol; detected from `url` when that is a full endpoint URL. */
    kind: z.enum(TARGET_KINDS).optional(),
    /** A base URL (`http://host:8880`) or a full endpoint URL (`…/v1/audio/speech`). */
    url: httpUrl.optional(),
    /** Several instances of one engine (base or endpoint URLs): the load is spread over 1..N of them in turn. */
    instances: z.array(httpUrl).min(2).optional(),
    /** A backend id of the Chorus configuration: an http backend is benched at its URL, others in-process. */
    backend: z.string().min(1).optional(),
    /** The configuration file the backend is read from (default: CHORUS_CONFIG, else built-in defaults). */
    config: z.string().min(1).optional(),
  })
  .strict()

const contractSchema = z
  .object({ regex: z.string().min(1).optional(), jsonSchema: z.record(z.string(), z.unknown()).optional() })
  .strict()

const promptItemSchema = z.object({ id: z.string().min(1), text: z.string().min(1) }).strict()

export const benchSpecSchema = z
  .object({
    version: z.literal(BENCH_SPEC_VERSION).default(BENCH_SPEC_VERSION),
    target: benchTargetSchema,
    voice: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    speech: z
      .object({
        responseFormat: z.enum(['pcm', 'wav']).default('pcm'),
        /** `stream_format: "audio"` on OpenAI speech. */
        stream: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    chat: z
      .object({
        contract: contractSchema.optional(),
        /** Regular expression (case-insensitive) whose match in the content is a reasoning leak. */
        reasoningPattern: z.string().min(1).optional(),
        maxTokens: z.number().int().min(1).optional(),
        system: z.string().optional(),
        temperature: z.number().min(0).max(2).optional(),
      })
      .strict()
      .prefault({}),
    transcription: z
      .object({
        /** A WAV file sent for every request; absent: each prompt synthesized once with the embedded engine. */
        audio: z.string().min(1).optional(),
        language: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    load: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('closed'), concurrency: z.array(z.number().int().min(1).max(4096)).min(1) }).strict(),
      z
        .object({
          mode: z.literal('open'),
          /** Mean arrivals per second (Poisson). */
          rate: z.number().positive().max(100_000),
          /** Arrivals finding this many requests in flight are dropped. */
          maxInFlight: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_IN_FLIGHT),
          seed: z.number().int().min(0).max(0xffffffff).default(1),
        })
        .strict(),
    ]),
    /** Requests sent (and discarded) before the first measured step. */
    warmup: z.number().int().min(0).max(100_000).default(0),
    /** Per step: at most this many requests … */
    requests: z.number().int().min(1).max(10_000_000).default(DEFAULT_REQUESTS),
    /** … and at most this many seconds of starting them. */
    durationSeconds: z.number().positive().max(86_400).default(DEFAULT_DURATION_SECONDS),
    timeoutMs: z.number().int().min(1).max(3_600_000).default(DEFAULT_TIMEOUT_MS),
    prompts: z.union([
      z.object({ set: z.string().min(1) }).strict(),
      z.object({ file: z.string().min(1) }).strict(),
      z.object({ items: z.array(promptItemSchema).min(1) }).strict(),
    ]),
    /** As written on the command line: `ttfa=300ms`, `p95=2s`, `error_rate=1%`. */
    slos: z.array(z.string()).default([]),
  })
  .strict()

export type BenchSpec = z.infer<typeof benchSpecSchema>
export type BenchSpecInput = z.input<typeof benchSpecSchema>

function invalid(reason: string): ChorusError {
  return new ChorusError('CHORUS_ERR_BENCH_SPEC_INVALID', { reason })
}

/** The kind a spec's target speaks: given, or read from an endpoint URL; a backend's is found when it is resolved. */
export function specKind(spec: BenchSpec): TargetKind | undefined {
  const url = spec.target.url ?? spec.target.instances?.[0]
  return spec.target.kind ?? (url ? kindOfUrl(url) : undefined)
}

/** Validates anything (a parsed spec.json, flags) into a spec; throws CHORUS_ERR_BENCH_SPEC_INVALID naming the field. */
export function parseBenchSpec(raw: unknown): BenchSpec {
  const parsed = benchSpecSchema.safeParse(raw)
  if (!parsed.success) {
    throw invalid(describeZodIssues(parsed.error))
  }
  const spec = parsed.data
  const { url, instances, backend } = spec.target
  const given = [url, instances, backend].filter((value) => value !== undefined).length
  if (given !== 1) throw invalid('target: give exactly one of url, instances or backend')
  if (backend === undefined) {
    const kinds = (instances ?? [url!]).map((each) => kindOfUrl(each))
    const kind = spec.target.kind ?? kinds[0]
    if (kind === undefined)
      throw invalid(
        `target.kind: \`${url ?? instances![0]}\` is a base URL; say which endpoint (${TARGET_KINDS.join(', ')})`,
      )
    // Throws for an endpoint URL of another kind.
    for (const each of instances ?? [url!]) {
      try {
        endpointUrl(each, kind)
      } catch (error) {
        throw invalid(`target: ${(error as Error).message.replace(/^Invalid bench spec: /, '')}`)
      }
    }
  } else if (
    spec.target.kind !== undefined &&
    spec.target.kind !== 'openai-speech' &&
    spec.target.kind !== 'chatterbox-tts'
  ) {
    throw invalid(`target.kind: a backend is a speech backend; ${spec.target.kind} does not apply`)
  }
  try {
    const slos = parseSlos(spec.slos)
    const kind = specKind(spec)
    if (kind === 'openai-transcriptions') {
      const ttfa = slos.find((slo) => slo.name === 'ttfa' || slo.name.startsWith('ttfa_'))
      if (ttfa) throw invalid(`slos: ${ttfa.text}: transcriptions have no time to first audio`)
    }
    if (kind !== 'openai-chat' && slos.some((slo) => slo.name === 'tokens_per_second'))
      throw invalid('slos: tokens_per_second applies to openai-chat only')
  } catch (error) {
    if (error instanceof ChorusError && error.code === 'CHORUS_ERR_CLI_USAGE') throw invalid(`slos: ${error.message}`)
    throw error
  }
  if (spec.chat.contract) compileContract(spec.chat.contract)
  if (spec.chat.reasoningPattern) reasoningPattern(spec.chat.reasoningPattern)
  return spec
}
