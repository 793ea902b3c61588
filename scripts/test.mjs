// `npm test`: system packages, type-check + build, lint, then every test file under dist/test with node's runner.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ensureSystemPackages } from './system-deps.mjs'

ensureSystemPackages()

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

run('npx', ['tsc', '-p', 'tsconfig.json'])
run('npx', ['eslint', '.'])
// Only *.test.js files: helpers and shared contract suites under test/ are imported by them, not run alone.
const testFiles = readdirSync('dist/test', { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => join('dist/test', file))
  .sort()
const filters = process.argv.slice(2)
const selected = filters.length > 0 ? testFiles.filter((file) => filters.some((filter) => file.includes(filter))) : testFiles
if (selected.length === 0) {
  console.error(`No test files match ${filters.join(', ')}`)
  process.exit(1)
}
// Two files at a time: many tests wait on servers, child processes and timers, so the two cores stay busier.
run(process.execPath, ['--test', '--test-concurrency=2', ...selected])
