/**
 * What the two dialects' migration lists share: the shape of one migration and the value lists their CHECK
 * constraints spell out. The lists are literal SQL on purpose, not derived from RUN_KINDS & co.: a released migration
 * never changes, so a new kind or status needs a new migration, not an edit of these.
 */
export interface StoreMigration {
  readonly version: number
  readonly description: string
  readonly sql: string
}

export const SQL_RUN_KINDS = "'validate', 'eval', 'bench', 'compare', 'canary'"
export const SQL_RUN_STATUSES = "'running', 'passed', 'failed', 'error', 'cancelled'"
export const SQL_CANARY_VERDICTS = "'ok', 'drift'"
