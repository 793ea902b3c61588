/**
 * Builds the frozen configuration: a file (JSON or YAML, `--config` or CHORUS_CONFIG) with `${ENV}` interpolation,
 * then environment overrides (PORT, HOST, CHORUS_LOG_LEVEL, CHORUS_MAX_INPUT_CHARS), then command-line flags.
 * Every backend's kind-specific settings are checked by that kind's own schema. Errors name the key path and, for a
 * misspelt key, the key that was probably meant.
 */
import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import type { AsrEngineConfig } from '../engines/asr/asr-router.js'
import { asrEngineKinds, DEFAULT_ASR_ENGINE, isAsrEngineKindName } from '../engines/asr/registry.js'
import { engineKinds, isEngineKindName, DEFAULT_ENGINE } from '../engines/registry.js'
import { ChorusError } from '../errors.js'
import { interpolateEnv } from './interpolate.js'
import {
  BACKEND_BASE_KEYS,
  asrEngineBaseSchema,
  authSchema,
  backendBaseSchema,
  chatterboxRouteSchema,
  circuitSchema,
  configFileSchema,
  healthProbeSchema,
  limitsSchema,
  serverSchema,
  shadowSchema,
  timeoutsSchema,
  type BackendConfig,
  type ChorusConfig,
} from './schema.js'
import { closestKey } from './suggest.js'

export interface ConfigOverrides {
  readonly host?: string
  readonly port?: number
  readonly logLevel?: string
  readonly maxInputChars?: number
}

type Env = Readonly<Record<string, string | undefined>>

export interface LoadConfigOptions {
  /** Configuration file; defaults to CHORUS_CONFIG; none → built-in defaults (the embedded engine). */
  readonly file?: string
  readonly env?: Env
  readonly overrides?: ConfigOverrides
}

/** Known keys of each object in the file, by the name of the key that holds it. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(configFileSchema.shape),
  server: Object.keys(serverSchema.shape),
  limits: Object.keys(limitsSchema.shape),
  auth: Object.keys(authSchema.shape),
  chatterbox: Object.keys(chatterboxRouteSchema.shape),
  shadow: Object.keys(shadowSchema.shape),
  timeouts: Object.keys(timeoutsSchema.shape),
  circuit: Object.keys(circuitSchema.shape),
  health: Object.keys(healthProbeSchema.shape),
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  )
}

function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = [], known?: readonly string[]): string {
  return error.issues
    .map((issue) => {
      const path = [...prefix, ...issue.path]
      if (issue.code === 'unrecognized_keys') {
        const holder = [...path].reverse().find((key) => typeof key === 'string') as string | undefined
        const candidates = known ?? KNOWN_KEYS[holder ?? ''] ?? []
        return issue.keys
          .map((key) => {
            const guess = closestKey(key, candidates)
            return `unknown key \`${key}\` in ${formatPath(path) || 'the configuration'}${guess ? `; did you mean \`${guess}\`?` : ''}`
          })
          .join('; ')
      }
      return `${formatPath(path) || '(root)'}: ${issue.message}`
    })
    .join('; ')
}

function invalid(reason: string): ChorusError {
  return new ChorusError('CHORUS_ERR_CONFIG_INVALID', { reason })
}

function numberFromEnv(env: Env, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value)) throw invalid(`environment variable ${name}=${raw} is not a number`)
  return value
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw invalid(`cannot read ${file}: ${(error as Error).message}`)
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase())
  try {
    return yaml ? parseYaml(text) : JSON.parse(text)
  } catch (error) {
    throw invalid(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`)
  }
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
}

/** Validates one backend entry: generic keys here, the rest by its kind's schema. */
async function parseBackend(raw: Record<string, unknown>, index: number): Promise<BackendConfig> {
  const at = `backends[${index}]`
  const kind = raw.kind
  if (typeof kind !== 'string' || !isEngineKindName(kind)) {
    const guess = typeof kind === 'string' ? closestKey(kind, Object.keys(engineKinds)) : undefined
    throw invalid(
      `${at}.kind: ${kind === undefined ? 'missing' : `unknown kind \`${String(kind)}\``}${guess ? `; did you mean \`${guess}\`?` : ''} (kinds: ${Object.keys(engineKinds).join(', ')})`,
    )
  }
  const base = Object.fromEntries(Object.entries(raw).filter(([key]) => BACKEND_BASE_KEYS.has(key)))
  const parsedBase = backendBaseSchema.strict().safeParse(base)
  if (!parsedBase.success) throw invalid(describeIssues(parsedBase.error, ['backends', index]))

  const settingsSchema = (await engineKinds[kind].settings()) as z.ZodObject
  const kindKeys = Object.keys(settingsSchema.shape ?? {})
  const own: Record<string, unknown> = Object.fromEntries(Object.entries(raw).filter(([key]) => !BACKEND_BASE_KEYS.has(key)))
  // Generic timeouts reach HTTP kinds as their own connect / first-byte settings unless set there explicitly.
  if (kindKeys.includes('connectTimeoutMs') && own.connectTimeoutMs === undefined) own.connectTimeoutMs = parsedBase.data.timeouts.connectMs
  if (kindKeys.includes('firstByteTimeoutMs') && own.firstByteTimeoutMs === undefined) own.firstByteTimeoutMs = parsedBase.data.timeouts.firstByteMs
  const parsedSettings = settingsSchema.safeParse(own)
  if (!parsedSettings.success) {
    throw invalid(describeIssues(parsedSettings.error, ['backends', index], [...BACKEND_BASE_KEYS, ...kindKeys]))
  }
  return { ...parsedBase.data, settings: parsedSettings.data as Record<string, unknown> }
}

/** Validates one `asr[]` entry: `id` and `kind` here, the rest by the ASR kind's schema. */
async function parseAsrEngine(raw: Record<string, unknown>, index: number): Promise<AsrEngineConfig> {
  const at = `asr[${index}]`
  const kind = raw.kind
  if (typeof kind !== 'string' || !isAsrEngineKindName(kind)) {
    const guess = typeof kind === 'string' ? closestKey(kind, Object.keys(asrEngineKinds)) : undefined
    throw invalid(
      `${at}.kind: ${kind === undefined ? 'missing' : `unknown ASR kind \`${String(kind)}\``}${guess ? `; did you mean \`${guess}\`?` : ''} (kinds: ${Object.keys(asrEngineKinds).join(', ')})`,
    )
  }
  const { id, kind: _kind, ...own } = raw
  const parsedBase = asrEngineBaseSchema.safeParse({ id, kind })
  if (!parsedBase.success) throw invalid(describeIssues(parsedBase.error, ['asr', index]))
  const settingsSchema = (await asrEngineKinds[kind].settings()) as z.ZodObject
  const parsedSettings = settingsSchema.safeParse(own)
  if (!parsedSettings.success) {
    throw invalid(describeIssues(parsedSettings.error, ['asr', index], ['id', 'kind', ...Object.keys(settingsSchema.shape ?? {})]))
  }
  return { ...parsedBase.data, settings: parsedSettings.data as Record<string, unknown> }
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<Readonly<ChorusConfig>> {
  const env = options.env ?? process.env
  const overrides = options.overrides ?? {}
  const file = options.file ?? (env.CHORUS_CONFIG || undefined)
  const raw = file ? interpolateEnv(await readConfigFile(resolve(file)), env) : {}
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`${file}: the top level must be an object`)
  const document = raw as Record<string, unknown>

  const pick = <T>(...values: (T | undefined)[]): T | undefined => values.find((value) => value !== undefined)
  const fileServer = (document.server ?? {}) as Record<string, unknown>
  const fileLimits = (document.limits ?? {}) as Record<string, unknown>
  const merged = {
    ...document,
    server: {
      ...fileServer,
      ...withoutUndefined({
        host: pick(overrides.host, env.HOST || undefined),
        port: pick(overrides.port, numberFromEnv(env, 'PORT')),
        logLevel: pick(overrides.logLevel, env.CHORUS_LOG_LEVEL || undefined),
      }),
    },
    limits: { ...fileLimits, ...withoutUndefined({ maxInputChars: pick(overrides.maxInputChars, numberFromEnv(env, 'CHORUS_MAX_INPUT_CHARS')) }) },
  }
  const parsed = configFileSchema.safeParse(merged)
  if (!parsed.success) throw invalid(describeIssues(parsed.error))
  const data = parsed.data

  const rawBackends = data.backends ?? [{ id: DEFAULT_ENGINE, kind: DEFAULT_ENGINE }]
  if (rawBackends.length === 0) throw invalid('backends: at least one backend is needed')
  const backends: BackendConfig[] = []
  for (const [index, entry] of rawBackends.entries()) backends.push(await parseBackend(entry, index))
  const ids = new Set<string>()
  for (const [index, backend] of backends.entries()) {
    if (ids.has(backend.id)) throw invalid(`backends[${index}].id: \`${backend.id}\` is used twice`)
    ids.add(backend.id)
  }

  const voices: Record<string, string[]> = {}
  for (const [alias, targets] of Object.entries(data.voices)) {
    const list = Array.isArray(targets) ? targets : [targets]
    for (const [index, target] of list.entries()) {
      const backend = target.slice(0, target.indexOf(':'))
      if (!ids.has(backend)) {
        const guess = closestKey(backend, ids)
        throw invalid(`voices.${alias}[${index}]: unknown backend \`${backend}\`${guess ? `; did you mean \`${guess}\`?` : ''}`)
      }
    }
    voices[alias] = list
  }
  for (const [index, shadow] of data.shadow.entries()) {
    for (const key of ['from', 'to'] as const) {
      if (!ids.has(shadow[key])) throw invalid(`shadow[${index}].${key}: unknown backend \`${shadow[key]}\``)
    }
    if (shadow.from === shadow.to) throw invalid(`shadow[${index}]: \`from\` and \`to\` are the same backend`)
  }

  const rawAsr = data.asr ?? [{ id: DEFAULT_ASR_ENGINE, kind: DEFAULT_ASR_ENGINE }]
  const asr: AsrEngineConfig[] = []
  for (const [index, entry] of rawAsr.entries()) asr.push(await parseAsrEngine(entry, index))
  const asrIds = new Set<string>()
  for (const [index, engine] of asr.entries()) {
    if (asrIds.has(engine.id)) throw invalid(`asr[${index}].id: \`${engine.id}\` is used twice`)
    asrIds.add(engine.id)
  }

  const { backends: _backends, voices: _voices, asr: _asr, ...rest } = data
  return deepFreeze({ ...rest, backends, voices, asr, source: file ? resolve(file) : 'defaults' })
}
