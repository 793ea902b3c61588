/**
 * CPU time used so far by another process, for benchmarks that run servers as child processes: user + system time of
 * all its threads, read from Linux's `/proc/<pid>/stat` (fields 14 `utime` and 15 `stime`, in clock ticks; see
 * proc_pid_stat(5)). Resolution is one tick (`getconf CLK_TCK`, 10 ms on most systems), so read it over many
 * requests, not one. Elsewhere than Linux, or once the process is gone, it reads NaN.
 *
 * @example
 * const before = processCpuSeconds(child.pid)
 * await work()
 * const cpuSeconds = processCpuSeconds(child.pid) - before
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond: number | undefined

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    let ticks = NaN
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim())
    } catch {
      // No getconf: fall back to the value Linux uses on every common architecture.
    }
    ticksPerSecond = Number.isFinite(ticks) && ticks > 0 ? ticks : 100
  }
  return ticksPerSecond
}

export function processCpuSeconds(pid: number): number {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return NaN
  }
  // Field 2 (the command name) is in parentheses and may contain spaces; count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / clockTicksPerSecond()
}
