/**
 * Turns `chorus bench` flags into a bench spec (./spec.ts), strictly: durations carry `ms` or `s` (a plain number
 * is seconds), concurrency lists are whole numbers ≥ 1, a closed-loop sweep and an open-loop rate exclude each
 * other, and every problem is a CHORUS_ERR_CLI_USAGE naming the flag — so a wrong call exits 2 before any request.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ChorusError } from '../errors.js'
import { BUILT_IN_EVAL_SETS } from '../lab/eval-sets/index.js'
import { parseSlos } from './slo.js'
import { parseBenchSpec, type BenchSpec, type BenchSpecInput } from './spec.js'
import { isTargetKind, TARGET_KINDS } from './targets/target.js'

export interface BenchFlags {
  readonly url?: string
  readonly kind?: string
  readonly backend?: string
  readonly config?: string
  readonly instances?: string
  readonly voice?: string
  readonly model?: string
  readonly format?: string
  readonly concurrency?: string
  readonly rate?: string
  readonly maxInFlight?: string
  readonly seed?: string
  readonly warmup?: string
  readonly requests?: string
  readonly duration?: string
  readonly timeout?: string
  readonly set?: string
  readonly prompts?: string
  readonly audio?: string
  readonly language?: string
  readonly contractRegex?: string
  readonly contractSchema?: string
  readonly reasoningPattern?: string
  readonly maxTokens?: string
  readonly system?: string
  readonly slo: readonly string[]
}

/** The default prompt set when neither --set nor --prompts is given. */
export const DEFAULT_PROMPT_SET = 'scenarios'
export const DEFAULT_WARMUP = 2

const usage = (reason: string): ChorusError => new ChorusError('CHORUS_ERR_CLI_USAGE', { reason })

/** `300ms`, `2s`, `1.5` (seconds) → milliseconds. */
export function parseDurationMs(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s)?$/.exec(value.trim())
  if (!match) throw usage(`${flag} expects a duration such as 30s, 500ms or 30 (seconds); got "${value}"`)
  const ms = Number(match[1]) * (match[2] === 'ms' ? 1 : 1000)
  if (!(ms > 0)) throw usage(`${flag} must be more than zero; got "${value}"`)
  return ms
}

export function parseWholeNumber(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim())) throw usage(`${flag} expects a whole number ≥ ${min}; got "${value}"`)
  const parsed = Number(value)
  if (parsed < min) throw usage(`${flag} expects a whole number ≥ ${min}; got "${value}"`)
  return parsed
}

/** `1,2,4,8` → [1, 2, 4, 8] (order kept, duplicates refused). */
export function parseConcurrencyList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim())
  if (parts.some((part) => part === '')) throw usage(`--concurrency expects a list such as 1,2,4,8; got "${value}"`)
  const levels = parts.map((part) => parseWholeNumber('--concurrency', part, 1))
  if (new Set(levels).size !== levels.length) throw usage(`--concurrency lists a level twice: ${value}`)
  return levels
}

function parseRate(value: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(\/s)?$/.exec(value.trim())
  if (!match || !(Number(match[1]) > 0))
    throw usage(`--rate expects requests per second above 0, e.g. 5 or 0.5; got "${value}"`)
  return Number(match[1])
}

async function readSchema(path: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw usage(`--contract-schema ${path} cannot be read: ${(error as Error).message}`)
  }
  try {
    const schema = JSON.parse(text) as unknown
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('not a JSON object')
    return schema as Record<string, unknown>
  } catch (error) {
    throw usage(`--contract-schema ${path} is not a JSON schema object: ${(error as Error).message}`)
  }
}

function target(flags: BenchFlags): BenchSpecInput['target'] {
  const given = [flags.url, flags.backend, flags.instances].filter((value) => value !== undefined)
  if (given.length === 0) throw usage('say what to bench: --url <url>, --backend <id> or --instances <url,url,…>')
  if (given.length > 1) throw usage('--url, --backend and --instances exclude each other; give one')
  if (flags.kind !== undefined && !isTargetKind(flags.kind))
    throw usage(`--kind must be one of ${TARGET_KINDS.join(', ')}; got "${flags.kind}"`)
  if (flags.config !== undefined && flags.backend === undefined) throw usage('--config only applies with --backend')
  const kind = flags.kind as BenchSpecInput['target']['kind']
  if (flags.instances !== undefined) {
    const urls = flags.instances
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean)
    if (urls.length < 2) throw usage('--instances expects two or more URLs, comma-separated')
    return { instances: urls, ...(kind ? { kind } : {}) }
  }
  if (flags.backend !== undefined) {
    // Recorded as an absolute path so spec.json runs the same from anywhere later.
    const config = flags.config ?? (process.env.CHORUS_CONFIG || undefined)
    return { backend: flags.backend, ...(config ? { config: resolve(config) } : {}), ...(kind ? { kind } : {}) }
  }
  return { url: flags.url!, ...(kind ? { kind } : {}) }
}

/** A built-in set by name; a set file as an absolute path. */
function setName(set: string | undefined): string {
  if (set === undefined) return DEFAULT_PROMPT_SET
  return Object.hasOwn(BUILT_IN_EVAL_SETS, set) ? set : resolve(set)
}

/** Flags → validated spec. */
export async function benchSpecFromFlags(flags: BenchFlags): Promise<BenchSpec> {
  if (flags.rate !== undefined && flags.concurrency !== undefined)
    throw usage('--rate (open loop) and --concurrency (closed loop) exclude each other; give one')
  if (flags.set !== undefined && flags.prompts !== undefined)
    throw usage('--set and --prompts exclude each other; give one')
  if (flags.contractRegex !== undefined && flags.contractSchema !== undefined)
    throw usage('--contract-regex and --contract-schema exclude each other; give one')
  if (flags.format !== undefined && flags.format !== 'pcm' && flags.format !== 'wav')
    throw usage(`--format must be pcm or wav; got "${flags.format}"`)
  parseSlos(flags.slo)
  const load: BenchSpecInput['load'] =
    flags.rate !== undefined
      ? {
          mode: 'open',
          rate: parseRate(flags.rate),
          ...(flags.maxInFlight !== undefined
            ? { maxInFlight: parseWholeNumber('--max-in-flight', flags.maxInFlight, 1) }
            : {}),
          ...(flags.seed !== undefined ? { seed: parseWholeNumber('--seed', flags.seed, 0) } : {}),
        }
      : { mode: 'closed', concurrency: parseConcurrencyList(flags.concurrency ?? '1') }
  if (flags.rate === undefined && (flags.maxInFlight !== undefined || flags.seed !== undefined))
    throw usage('--max-in-flight and --seed apply to the open loop (--rate) only')
  const contract =
    flags.contractRegex !== undefined
      ? { regex: flags.contractRegex }
      : flags.contractSchema !== undefined
        ? { jsonSchema: await readSchema(flags.contractSchema) }
        : undefined
  const input: BenchSpecInput = {
    target: target(flags),
    ...(flags.voice ? { voice: flags.voice } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    speech: { ...(flags.format ? { responseFormat: flags.format as 'pcm' | 'wav' } : {}) },
    chat: {
      ...(contract ? { contract } : {}),
      ...(flags.reasoningPattern ? { reasoningPattern: flags.reasoningPattern } : {}),
      ...(flags.maxTokens !== undefined ? { maxTokens: parseWholeNumber('--max-tokens', flags.maxTokens, 1) } : {}),
      ...(flags.system !== undefined ? { system: flags.system } : {}),
    },
    transcription: {
      ...(flags.audio ? { audio: resolve(flags.audio) } : {}),
      ...(flags.language ? { language: flags.language } : {}),
    },
    load,
    warmup: flags.warmup !== undefined ? parseWholeNumber('--warmup', flags.warmup, 0) : DEFAULT_WARMUP,
    ...(flags.requests !== undefined ? { requests: parseWholeNumber('--requests', flags.requests, 1) } : {}),
    ...(flags.duration !== undefined ? { durationSeconds: parseDurationMs('--duration', flags.duration) / 1000 } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: Math.round(parseDurationMs('--timeout', flags.timeout)) } : {}),
    prompts: flags.prompts !== undefined ? { file: resolve(flags.prompts) } : { set: setName(flags.set) },
    slos: [...flags.slo],
  }
  // Flags already checked what they could; the schema has the last word (with the messages spec.json gets).
  return parseBenchSpec(input)
}
