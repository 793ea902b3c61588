/** Audio players `chorus say --play` can use, tried in order; each reads a WAV file. */
import { spawn, spawnSync } from 'node:child_process'
import { ChorusError } from '../errors.js'

interface Player {
  readonly command: string
  readonly args: (file: string) => string[]
}

export const PLAYERS: readonly Player[] = [
  { command: 'aplay', args: (file) => ['-q', file] },
  { command: 'paplay', args: (file) => [file] },
  { command: 'ffplay', args: (file) => ['-nodisp', '-autoexit', '-loglevel', 'error', file] },
]

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/** The first installed player; throws a usage error naming the players looked for when there is none. */
export function findPlayer(): Player {
  const player = PLAYERS.find((candidate) => onPath(candidate.command))
  if (!player) {
    throw new ChorusError('CHORUS_ERR_CLI_USAGE', {
      reason: `--play needs an audio player, and none of ${PLAYERS.map((p) => p.command).join(', ')} is on PATH. Install one (e.g. \`apt-get install alsa-utils\`) or write a file with -o.`,
    })
  }
  return player
}

export async function playFile(file: string, player: Player = findPlayer()): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(player.command, player.args(file), { stdio: 'inherit' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${player.command} exited with code ${code}`))))
  })
}
