/**
 * Runs work inside one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws. A
 * connection whose ROLLBACK fails is handed back to the pool as broken, so it is closed rather than reused.
 */
import type { PostgresPool, PostgresPoolClient } from './postgres-config.js'
import { translatePostgresError } from './postgres-errors.js'

export async function inTransaction<T>(
  pool: PostgresPool,
  store: string,
  work: (client: PostgresPoolClient) => Promise<T>,
  context: { schema?: string } = {},
): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => {
    throw translatePostgresError(error, store, context)
  })
  let broken: Error | undefined
  try {
    await client.query('BEGIN')
    try {
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
      })
      throw error
    }
  } catch (error) {
    throw translatePostgresError(error, store, context)
  } finally {
    client.release(broken)
  }
}
