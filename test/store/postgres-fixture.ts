/**
 * A fresh PostgreSQL result-store database for one test: a schema of its own in the `test` database at 127.0.0.1:5432
 * (override with CHORUS_TEST_POSTGRES_URL), named after the process and a random suffix so parallel runs never
 * collide, and dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openResultStore } from '../../src/store/open-result-store.js'
import type { ResultStoreFixture } from '../contracts/result-store.contract.js'

export const POSTGRES_TEST_URL = process.env.CHORUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export const uniqueSchemaName = (): string => `chorus_test_${process.pid}_${randomBytes(4).toString('hex')}`

export function storeUrl(schema: string): string {
  const url = new URL(POSTGRES_TEST_URL)
  url.searchParams.set('schema', schema)
  return url.toString()
}

/** Runs `sql` on a connection of its own (outside any store), e.g. to inspect or drop a schema. */
export async function adminQuery(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL })
  await client.connect()
  try {
    return await client.query(sql, values)
  } finally {
    await client.end()
  }
}

export interface PostgresFixture extends ResultStoreFixture {
  readonly schema: string
  readonly url: string
}

export async function postgresFixture(): Promise<PostgresFixture> {
  const schema = uniqueSchemaName()
  const url = storeUrl(schema)
  return {
    schema,
    url,
    open: () => openResultStore(url),
    destroy: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    },
  }
}
