/** A fresh SQLite result-store database in a temporary folder, for the contract suite and SQLite-specific tests. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openResultStore } from '../../src/store/open-result-store.js'
import type { ResultStoreFixture } from '../contracts/result-store.contract.js'

export interface SqliteFixture extends ResultStoreFixture {
  readonly filename: string
  readonly url: string
}

export async function sqliteFixture(): Promise<SqliteFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-store-'))
  const filename = join(dir, 'chorus.db')
  const url = `sqlite:${filename}`
  return {
    filename,
    url,
    open: () => openResultStore(url),
    destroy: () => rm(dir, { recursive: true, force: true }),
  }
}
