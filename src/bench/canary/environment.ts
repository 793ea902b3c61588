/**
 * The environment a canary run happened in, recorded with the baseline and with every re-run so that, when a gate
 * drifts, the report can say what changed in between ("what may explain drift"):
 *
 * - `chorus_version` (package.json) and `node_version`;
 * - `config_hash`: SHA-256 of the loaded configuration as canonical JSON (keys sorted), with secrets (`apiKey`,
 *   `apiKeys`, `token`, `internalToken`, `password`) and the file's path left out, so moving a file or rotating a key
 *   changes nothing, while any setting that could change what is measured does;
 * - `spec_hash`: SHA-256 of the spec as run, canonical JSON;
 * - `backends`: per backend the spec reaches, what its health check says — for URL targets `GET <base>/health`
 *   (a `version` field is read when the server reports one, as Chorus does), for backends of the configuration the
 *   engine's own `health()` (and its URL's `/health` for HTTP engines).
 */
import { createHash } from 'node:crypto'
import { request } from 'undici'
import { loadConfig } from '../../config/load.js'
import type { JsonValue } from '../../store/result-store.js'
import { buildRouter } from '../../router/build.js'
import { CHORUS_VERSION } from '../../version.js'

/** A backend a spec reaches: a server by URL, or a backend of the configuration by id. */
export type BackendRef = { readonly url: string } | { readonly backend: string; readonly config?: string }

export interface BackendState {
  /** `ok`, `http <status>`, `unreachable`, or `unhealthy: <detail>` (engines). */
  readonly health: string
  /** The version the backend reports, when it reports one. */
  readonly version: string | null
  readonly kind?: string
}

export interface CanaryEnvironment {
  readonly chorus_version: string
  readonly node_version: string
  readonly config_hash: string
  readonly spec_hash: string
  readonly backends: Readonly<Record<string, BackendState>>
}

export interface EnvironmentChange {
  readonly field: string
  readonly baseline: JsonValue
  readonly current: JsonValue
}

const SECRET_KEYS: ReadonlySet<string> = new Set(['apiKey', 'apiKeys', 'token', 'internalToken', 'password'])
/** Not part of what is configured: where the file was read from. */
const UNHASHED_KEYS: ReadonlySet<string> = new Set(['source'])
const HEALTH_TIMEOUT_MS = 5000

/** JSON with object keys sorted at every level, so equal values always serialize alike. */
export function canonicalJson(value: unknown, skip: ReadonlySet<string> = new Set()): string {
  const sorted = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sorted)
    if (item && typeof item === 'object') {
      const entries = Object.entries(item)
        .filter(([key, inner]) => !skip.has(key) && inner !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return Object.fromEntries(entries.map(([key, inner]) => [key, sorted(inner)]))
    }
    return item
  }
  return JSON.stringify(sorted(value))
}

export const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`

/** The configuration `file` (else CHORUS_CONFIG, else the defaults) as loaded, hashed without its secrets. */
export async function configHash(file?: string): Promise<string> {
  const config = await loadConfig(file ? { file } : {})
  return sha256(canonicalJson(config, new Set([...SECRET_KEYS, ...UNHASHED_KEYS])))
}

/** `http://host:8880/v1/audio/speech` → `http://host:8880`: health lives at the server's root. */
export function serverBase(url: string): string {
  const parsed = new URL(url)
  const api = parsed.pathname.search(/\/v1(\/|$)|\/tts$/)
  const path = api >= 0 ? parsed.pathname.slice(0, api) : parsed.pathname
  return `${parsed.origin}${path.replace(/\/+$/, '')}`
}

/** `GET <base>/health`; reads a top-level `version` from a JSON answer. Never throws. */
export async function probeUrl(url: string, signal?: AbortSignal): Promise<BackendState> {
  const limit = AbortSignal.any([AbortSignal.timeout(HEALTH_TIMEOUT_MS), ...(signal ? [signal] : [])])
  try {
    const response = await request(`${serverBase(url)}/health`, { method: 'GET', signal: limit })
    const text = await response.body.text()
    let version: string | null = null
    try {
      const body = JSON.parse(text) as { version?: unknown } | null
      if (typeof body?.version === 'string' || typeof body?.version === 'number') version = String(body.version)
    } catch {
      // A plain-text health answer (`OK`) has no version.
    }
    return { health: response.statusCode < 300 ? 'ok' : `http ${response.statusCode}`, version }
  } catch {
    signal?.throwIfAborted()
    return { health: 'unreachable', version: null }
  }
}

async function probeConfigBackend(id: string, configFile?: string, signal?: AbortSignal): Promise<BackendState> {
  const config = await loadConfig(configFile ? { file: configFile } : {})
  const backend = config.backends.find((candidate) => candidate.id === id)
  if (!backend) return { health: 'unknown backend', version: null }
  const url = (backend.settings as { url?: unknown }).url
  if (typeof url === 'string') return { ...(await probeUrl(url, signal)), kind: backend.kind }
  const router = await buildRouter({ ...config, backends: [backend], voices: {}, shadow: [] })
  try {
    const health = await router.backends.get(id)!.engine.health()
    return {
      health: health.ok ? 'ok' : `unhealthy: ${health.detail ?? 'no detail'}`,
      version: null,
      kind: backend.kind,
    }
  } finally {
    await router.close()
  }
}

export async function collectEnvironment(options: {
  readonly spec: unknown
  readonly backends: readonly BackendRef[]
  readonly configFile?: string
  readonly signal?: AbortSignal
}): Promise<CanaryEnvironment> {
  const backends: Record<string, BackendState> = {}
  for (const ref of options.backends) {
    if ('url' in ref) backends[serverBase(ref.url)] = await probeUrl(ref.url, options.signal)
    else backends[`backend:${ref.backend}`] = await probeConfigBackend(ref.backend, ref.config, options.signal)
  }
  return {
    chorus_version: CHORUS_VERSION,
    node_version: process.version,
    config_hash: await configHash(options.configFile),
    spec_hash: sha256(canonicalJson(options.spec)),
    backends,
  }
}

function flatten(value: JsonValue, prefix: string, into: Map<string, JsonValue>): Map<string, JsonValue> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into)
  } else into.set(prefix, value)
  return into
}

/** Every leaf field (dotted path) that differs between the two environments, in the baseline's order, then new ones. */
export function environmentChanges(baseline: JsonValue, current: JsonValue): EnvironmentChange[] {
  const before = flatten(baseline, '', new Map())
  const after = flatten(current, '', new Map())
  const fields = [...new Set([...before.keys(), ...after.keys()])]
  return fields
    .filter((field) => canonicalJson(before.get(field) ?? null) !== canonicalJson(after.get(field) ?? null))
    .map((field) => ({ field, baseline: before.get(field) ?? null, current: after.get(field) ?? null }))
}
