/**
 * Failures the person running a benchmark can fix (bad option, missing system package). `bench/run.ts` prints only
 * their message; any other error is a bug and gets its stack.
 */
export class BenchmarkSetupError extends Error {
  override readonly name = 'BenchmarkSetupError'
}
