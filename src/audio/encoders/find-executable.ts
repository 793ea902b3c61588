/** Looks an executable up on PATH the way a shell would, without spawning one: formats backed by a CLI tool need it. */
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, join } from 'node:path'

export async function findExecutable(name: string, path = process.env['PATH'] ?? ''): Promise<string | undefined> {
  for (const directory of path.split(delimiter)) {
    if (directory === '') continue
    const candidate = join(directory, name)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here; keep looking
    }
  }
  return undefined
}
