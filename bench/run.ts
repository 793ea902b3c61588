/**
 * Benchmark entry point: `npm run bench -- <name> [options]`. Benchmarks are data in a table (name → description +
 * lazy import), so listing them loads nothing and running one loads only its own code.
 *
 * @example npm run bench -- flite --sentences 5
 */
import { BenchmarkSetupError } from './lib/errors.js'

/** What every benchmark module exports. */
export interface BenchmarkModule {
  /** Runs with the arguments after the name; writes its results; rejects on failure. */
  run(args: readonly string[]): Promise<void>
}

interface BenchmarkEntry {
  readonly description: string
  readonly load: () => Promise<BenchmarkModule>
}

const benchmarks = {
  flite: {
    description: 'embedded flite WASI engine vs Debian /usr/bin/flite: RTF per voice, interleaved, same sentences',
    load: () => import('./flite-native-vs-wasi.js'),
  },
  'server-overhead': {
    description: 'POST /v1/audio/speech over HTTP vs calling the engine in-process: latency percentiles and req/s',
    load: () => import('./server-overhead.js'),
  },
  'gateway-overhead': {
    description: 'client → gateway Chorus (openai-http) → upstream Chorus vs direct: added latency, req/s, CPU',
    load: () => import('./gateway-overhead.js'),
  },
  'long-text-ttfa': {
    description: 'time to first audio of a 5,000-character streamed text vs its first sentence alone',
    load: () => import('./long-text-ttfa.js'),
  },
  'validation-throughput': {
    description:
      'audio seconds scored per wall second on 2 cores: pocketsphinx alone vs the full gate, 1 and 2 clients',
    load: () => import('./validation-throughput.js'),
  },
  'load-generator-ceiling': {
    description:
      "our load generator's own ceiling on a trivial server vs autocannon, and vs the fastest speech rate Chorus reaches",
    load: () => import('./load-generator-ceiling.js'),
  },
} as const satisfies Record<string, BenchmarkEntry>

type BenchmarkName = keyof typeof benchmarks

/** After the benchmark settles, a lingering handle must not keep the process (and CI) waiting forever. */
const EXIT_GRACE_MS = 10_000

function usage(): string {
  const width = Math.max(...Object.keys(benchmarks).map((name) => name.length))
  const lines = Object.entries(benchmarks).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.description}`)
  return [
    'Usage: npm run bench -- <name> [options]   (npm run bench -- <name> --help for its options)',
    '',
    'Benchmarks:',
    ...lines,
  ].join('\n')
}

function isBenchmarkName(name: string): name is BenchmarkName {
  return Object.hasOwn(benchmarks, name)
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return 0
  }
  if (!isBenchmarkName(name)) {
    console.error(`Unknown benchmark "${name}".\n\n${usage()}`)
    return 2
  }
  const module = await benchmarks[name].load()
  await module.run(args)
  return 0
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  const setup = error instanceof BenchmarkSetupError
  console.error(
    `bench: ${setup ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  process.exitCode = 1
}
setTimeout(() => {
  console.error(`bench: still running ${EXIT_GRACE_MS / 1000} s after finishing (an open handle); exiting`)
  process.exit()
}, EXIT_GRACE_MS).unref()
