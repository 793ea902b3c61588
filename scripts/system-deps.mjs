// Debian packages the test suite and benchmarks need, and how to get them: installed automatically when running as
// root and missing (one `apt-get update`, then one `apt-get install`), otherwise a failure naming the exact command.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

// Each entry is checked by `binary` (on PATH) or, for packages that install data rather than a program, by `path`.
export const SYSTEM_PACKAGES = [
  { binary: 'ffmpeg', pkg: 'ffmpeg', why: 'AAC encoding and decoding in tests' },
  { binary: 'flite', pkg: 'flite', why: 'native flite: cli engine tests and the embedded-vs-native benchmark' },
  { binary: 'espeak-ng', pkg: 'espeak-ng', why: 'cli engine tests (program espeak-ng)' },
  { binary: 'text2wave', pkg: 'festival', why: 'cli engine tests (program festival)' },
  {
    path: '/usr/share/festival/voices/us/cmu_us_slt_arctic_hts',
    pkg: 'festvox-us-slt-hts',
    why: "festival's default voice in the cli engine tests",
  },
  { binary: 'pocketsphinx_continuous', pkg: 'pocketsphinx', why: 'the pocketsphinx ASR engine and the transcription route tests' },
  {
    path: '/usr/share/pocketsphinx/model/en-us/en-us',
    pkg: 'pocketsphinx-en-us',
    why: 'the US English models the pocketsphinx ASR engine loads',
  },
]

const onPath = (binary) => spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0
const isPresent = (entry) => (entry.path ? existsSync(entry.path) : onPath(entry.binary))

export function ensureSystemPackages(packages = SYSTEM_PACKAGES) {
  const missing = packages.filter((entry) => !isPresent(entry))
  if (missing.length === 0) return
  const names = [...new Set(missing.map((entry) => entry.pkg))]
  const line = `apt-get install -y --no-install-recommends ${names.join(' ')}`
  if (process.getuid?.() !== 0) {
    console.error(`Missing Debian packages (${missing.map((m) => `${m.binary ?? m.path}: ${m.why}`).join('; ')}).`)
    console.error(`Install them with:\n  sudo apt-get update && sudo ${line}`)
    process.exit(1)
  }
  console.error(`Installing missing Debian packages: ${names.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const command of ['apt-get update -qq', `${line} -qq`]) {
    const result = spawnSync('sh', ['-c', command], { stdio: 'inherit', env })
    if (result.status !== 0) {
      console.error(`\`${command}\` failed (exit ${result.status}).`)
      process.exit(1)
    }
  }
}
