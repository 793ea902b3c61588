/**
 * Fixtures for gateway tests: a Chorus started in-process from a configuration document (written to a temporary file
 * and loaded the way `chorus serve --config` loads it), a second Chorus as a child process to act as a remote
 * upstream, a client call that reads a speech answer whole, and a small reader of the Prometheus text format.
 *
 * @example
 * const gateway = await startGateway({ backends: [{ id: 'embedded', kind: 'flite-wasi' }], voices: { demo: 'embedded:slt' } })
 * const answer = await postSpeech(gateway.url, { voice: 'demo', input: 'Hello.' })
 * await gateway.close()
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadConfig } from '../../src/config/load.js'
import type { ChorusConfig } from '../../src/config/schema.js'
import { startServer, type ChorusServer } from '../../src/server/chorus-server.js'
import { spawnChorus, type ChorusProcess } from './server.js'

export interface Gateway extends ChorusServer {
  readonly config: Readonly<ChorusConfig>
  /** GET /metrics, parsed. */
  metrics(): Promise<MetricSample[]>
}

/** Starts a Chorus in this process from `document` (a chorus.config.json), on an OS-chosen port, logging nothing. */
export async function startGateway(document: Record<string, unknown>): Promise<Gateway> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-gateway-'))
  try {
    const file = join(dir, 'chorus.config.json')
    await writeFile(file, JSON.stringify(document, null, 2))
    const config = await loadConfig({ file, env: {}, overrides: { port: 0, logLevel: 'silent' } })
    const server = await startServer(config)
    return {
      ...server,
      config,
      metrics: async () => parseMetrics(await (await fetch(`${server.url}/metrics`)).text()),
      async close() {
        await server.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

/**
 * A second Chorus process (the real CLI) serving the embedded engine, to stand for a remote TTS host. Its pool is
 * wide so that it, not the gateway under test, is never the bottleneck.
 */
export async function startUpstreamChorus(pool: { concurrency?: number; queue?: number } = {}): Promise<ChorusProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-upstream-'))
  const file = join(dir, 'chorus.json')
  await writeFile(
    file,
    JSON.stringify({
      backends: [
        {
          id: 'flite-wasi',
          kind: 'flite-wasi',
          concurrency: pool.concurrency ?? 4,
          queue: pool.queue ?? 256,
          health: { intervalMs: 0 },
        },
      ],
    }),
  )
  try {
    const child = await spawnChorus(['--config', file])
    return {
      ...child,
      async stop() {
        // A child killed by a signal has no exit code, and ChorusProcess.stop() would wait for an exit already past.
        if (child.child.exitCode === null && child.child.signalCode === null) await child.stop()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

export interface SpeechAnswer {
  readonly status: number
  readonly headers: Headers
  readonly bytes: Uint8Array
  /** The OpenAI-style error of a non-2xx JSON answer. */
  readonly error?: { readonly code: string; readonly message: string; readonly type: string }
  readonly elapsedMs: number
}

/** POST /v1/audio/speech and read the whole answer. Defaults: model `chorus`, voice `demo`, WAV. */
export async function postSpeech(
  baseUrl: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<SpeechAnswer> {
  const started = performance.now()
  const response = await fetch(`${baseUrl}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chorus', voice: 'demo', response_format: 'wav', ...body }),
    ...(signal ? { signal } : {}),
  })
  const bytes = new Uint8Array(await response.arrayBuffer())
  const elapsedMs = performance.now() - started
  const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json')
  if (response.ok || !isJson) return { status: response.status, headers: response.headers, bytes, elapsedMs }
  const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { error: SpeechAnswer['error'] }
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    elapsedMs,
    ...(parsed.error ? { error: parsed.error } : {}),
  }
}

export interface MetricSample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

/** Reads the Prometheus text exposition format (version 0.0.4): `name{label="value",…} number` lines. */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line)
    if (!match) continue
    const labels: Record<string, string> = {}
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]!] = pair[2]!
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The sum of every sample called `name` whose labels include `labels` (undefined when none matches). */
export function metricValue(
  samples: readonly MetricSample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const matching = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0)
}

/** Polls `check` every `intervalMs` until it returns true, at most `timeoutMs`; returns its last answer. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, intervalMs = 25 } = {},
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (performance.now() >= deadline) return false
    await sleep(intervalMs)
  }
}
