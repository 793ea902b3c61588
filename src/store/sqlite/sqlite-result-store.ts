/**
 * ResultStore on SQLite through better-sqlite3: one synchronous connection per store, prepared statements cached,
 * upserts as `INSERT … ON CONFLICT DO UPDATE`, batches in IMMEDIATE transactions. Several processes may share one
 * file: WAL lets readers run beside the writer, and writers wait up to `busyTimeoutMs` for each other.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { ChorusError } from '../../errors.js'
import type {
  AudioResult,
  AudioResultFilter,
  AudioResultInput,
  Baseline,
  BaselineInput,
  CanaryResult,
  CanaryResultFilter,
  CanaryResultInput,
  NewRun,
  Rating,
  RatingFilter,
  RatingInput,
  ResultStore,
  RunFilter,
  RunOutcome,
  RunRecord,
} from '../result-store.js'
import { baselineNotFound } from '../not-found.js'
import {
  audioResultConditions,
  canaryResultConditions,
  ratingConditions,
  runConditions,
  whereClause,
  type Page,
  type SqlCondition,
} from '../sql-filters.js'
import {
  checkAudioResult,
  checkAudioResultFilter,
  checkAudioResultKey,
  checkBaseline,
  checkBaselineName,
  checkCanaryResult,
  checkCanaryResultFilter,
  checkNewRun,
  checkRating,
  checkRatingFilter,
  checkRunFilter,
  checkRunId,
  checkRunOutcome,
  nowIso,
  type CheckedAudioResult,
} from '../store-inputs.js'
import type { Row } from '../rows.js'
import { toAudioResult, toBaseline, toCanaryResult, toRating, toRunRecord } from './sqlite-rows.js'

const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|READONLY|IOERR|FULL|CORRUPT|NOTADB|PERM|AUTH)/

/** Maps driver errors to coded ones: a locked, unreadable or full database is "unavailable", not a bug. */
export function translateSqliteError(error: unknown, store: string): unknown {
  if (error instanceof ChorusError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new ChorusError(
      'CHORUS_ERR_STORE_UNAVAILABLE',
      { store, reason: (error as Error).message },
      { cause: error },
    )
  }
  return error
}

const isForeignKeyError = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'

const UPSERT_SQL = `
  INSERT INTO audio_results (file_hash, dataset, run_id, item_id, backend, voice, text, wer, pass, gates, metrics, words,
    audio_path, created_at, updated_at)
  VALUES (@file_hash, @dataset, @run_id, @item_id, @backend, @voice, @text, @wer, @pass, @gates, @metrics, @words,
    @audio_path, @now, @now)
  ON CONFLICT (file_hash, dataset) DO UPDATE SET
    run_id = excluded.run_id, item_id = excluded.item_id, backend = excluded.backend, voice = excluded.voice,
    text = excluded.text, wer = excluded.wer, pass = excluded.pass, gates = excluded.gates, metrics = excluded.metrics,
    words = excluded.words, audio_path = excluded.audio_path, updated_at = excluded.updated_at
  RETURNING *`

export class SqliteResultStore implements ResultStore {
  readonly dialect = 'sqlite'
  #db: BetterSqlite3.Database | undefined
  readonly #store: string
  readonly #statements = new Map<string, BetterSqlite3.Statement>()

  /** `store` names the database in error messages (e.g. `sqlite:./chorus-results.db`). */
  constructor(db: BetterSqlite3.Database, store: string) {
    this.#db = db
    this.#store = store
  }

  async createRun(run: NewRun): Promise<number> {
    const checked = checkNewRun(run)
    const row = this.#execute(
      `INSERT INTO runs (kind, name, spec, config_hash, chorus_version, status, started_at)
       VALUES (@kind, @name, @spec, @config_hash, @chorus_version, 'running', @now) RETURNING id`,
      (statement) => statement.get({ ...checked, now: nowIso() }) as { id: number },
    )
    return row.id
  }

  async finishRun(id: number, outcome: RunOutcome): Promise<RunRecord> {
    const runId = checkRunId(id)
    const checked = checkRunOutcome(outcome)
    const row = this.#execute(
      'UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE id = ? RETURNING *',
      (statement) => statement.get(checked.status, checked.summary, nowIso(), runId) as Row | undefined,
    )
    if (!row) throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId })
    return toRunRecord(row)
  }

  async getRun(id: number): Promise<RunRecord | undefined> {
    const runId = checkRunId(id)
    const row = this.#execute('SELECT * FROM runs WHERE id = ?', (statement) => statement.get(runId) as Row | undefined)
    return row && toRunRecord(row)
  }

  async listRuns(filter?: RunFilter): Promise<RunRecord[]> {
    const checked = checkRunFilter(filter)
    return this.#list('runs', runConditions(checked), 'started_at DESC, id DESC', checked, toRunRecord)
  }

  async upsertAudioResult(result: AudioResultInput): Promise<AudioResult> {
    const checked = checkAudioResult(result)
    return this.#guard((db) => this.#upsert(db, checked, nowIso()))
  }

  async upsertAudioResults(results: readonly AudioResultInput[]): Promise<AudioResult[]> {
    const checked = results.map((result) => checkAudioResult(result))
    return this.#guard((db) => {
      const now = nowIso()
      return db.transaction(() => checked.map((result) => this.#upsert(db, result, now))).immediate()
    })
  }

  async getAudioResult(fileHash: string, dataset: string): Promise<AudioResult | undefined> {
    const key = checkAudioResultKey(fileHash, dataset)
    const row = this.#execute(
      'SELECT * FROM audio_results WHERE file_hash = ? AND dataset = ?',
      (statement) => statement.get(key.file_hash, key.dataset) as Row | undefined,
    )
    return row && toAudioResult(row)
  }

  async listAudioResults(filter?: AudioResultFilter): Promise<AudioResult[]> {
    const checked = checkAudioResultFilter(filter)
    return this.#list(
      'audio_results',
      audioResultConditions(checked, Number),
      'dataset, item_id, file_hash',
      checked,
      toAudioResult,
    )
  }

  async addRating(rating: RatingInput): Promise<Rating> {
    const checked = checkRating(rating)
    return this.#guard((db) => {
      try {
        const row = this.#prepared(
          db,
          `INSERT INTO ratings (file_hash, dataset, rater, score, comment, created_at)
           VALUES (@file_hash, @dataset, @rater, @score, @comment, @now) RETURNING *`,
        ).get({ ...checked, now: nowIso() }) as Row
        return toRating(row)
      } catch (error) {
        if (!isForeignKeyError(error)) throw error
        throw new ChorusError('CHORUS_ERR_AUDIO_RESULT_NOT_FOUND', {
          fileHash: checked.file_hash,
          dataset: checked.dataset,
        })
      }
    })
  }

  async listRatings(filter?: RatingFilter): Promise<Rating[]> {
    const checked = checkRatingFilter(filter)
    return this.#list('ratings', ratingConditions(checked), 'created_at, id', checked, toRating)
  }

  async saveBaseline(baseline: BaselineInput): Promise<Baseline> {
    const checked = checkBaseline(baseline)
    return this.#guard((db) => {
      try {
        const row = this.#prepared(
          db,
          `INSERT INTO baselines (name, kind, run_id, spec, metrics, embeddings, environment, created_at, updated_at)
           VALUES (@name, @kind, @run_id, @spec, @metrics, @embeddings, @environment, @now, @now)
           ON CONFLICT (name) DO UPDATE SET
             kind = excluded.kind, run_id = excluded.run_id, spec = excluded.spec, metrics = excluded.metrics,
             embeddings = excluded.embeddings, environment = excluded.environment, updated_at = excluded.updated_at
           RETURNING *`,
        ).get({ ...checked, now: nowIso() }) as Row
        return toBaseline(row)
      } catch (error) {
        if (!isForeignKeyError(error)) throw error
        throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId: checked.run_id }, { param: 'run_id' })
      }
    })
  }

  async getBaseline(name: string): Promise<Baseline | undefined> {
    const checked = checkBaselineName(name)
    const row = this.#execute(
      'SELECT * FROM baselines WHERE name = ?',
      (statement) => statement.get(checked) as Row | undefined,
    )
    return row && toBaseline(row)
  }

  async listBaselines(): Promise<Baseline[]> {
    const rows = this.#execute('SELECT * FROM baselines ORDER BY name', (statement) => statement.all() as Row[])
    return rows.map(toBaseline)
  }

  async addCanaryResult(result: CanaryResultInput): Promise<CanaryResult> {
    const checked = checkCanaryResult(result)
    return this.#guard((db) =>
      db
        .transaction(() => {
          // Checked one by one (SQLite's foreign-key error does not say which key failed), in the write transaction.
          if (!this.#prepared(db, 'SELECT 1 FROM baselines WHERE name = ?').get(checked.baseline_name)) {
            const names = this.#prepared(db, 'SELECT name FROM baselines ORDER BY name').all() as { name: string }[]
            throw baselineNotFound(
              checked.baseline_name,
              names.map((row) => row.name),
            )
          }
          for (const [param, runId] of [
            ['run_id', checked.run_id],
            ['baseline_run_id', checked.baseline_run_id],
          ] as const) {
            if (!this.#prepared(db, 'SELECT 1 FROM runs WHERE id = ?').get(runId))
              throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId }, { param })
          }
          const row = this.#prepared(
            db,
            `INSERT INTO canary_results (baseline_name, baseline_run_id, run_id, verdict, criteria, metrics, environment,
               changes, created_at)
             VALUES (@baseline_name, @baseline_run_id, @run_id, @verdict, @criteria, @metrics, @environment, @changes, @now)
             RETURNING *`,
          ).get({ ...checked, now: nowIso() }) as Row
          return toCanaryResult(row)
        })
        .immediate(),
    )
  }

  async listCanaryResults(filter?: CanaryResultFilter): Promise<CanaryResult[]> {
    const checked = checkCanaryResultFilter(filter)
    return this.#list(
      'canary_results',
      canaryResultConditions(checked),
      'created_at DESC, id DESC',
      checked,
      toCanaryResult,
    )
  }

  async close(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    this.#statements.clear()
    db?.close()
  }

  #upsert(db: BetterSqlite3.Database, result: CheckedAudioResult, now: string): AudioResult {
    try {
      const row = this.#prepared(db, UPSERT_SQL).get({
        ...result,
        pass: Number(result.pass),
        now,
      }) as Row
      return toAudioResult(row)
    } catch (error) {
      if (!isForeignKeyError(error)) throw error
      throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId: result.run_id }, { param: 'run_id' })
    }
  }

  /** `SELECT *` of a table's rows that meet the conditions, in `order`, paged (`LIMIT -1`: no limit). */
  #list<T>(table: string, conditions: readonly SqlCondition[], order: string, page: Page, read: (row: Row) => T): T[] {
    const where = whereClause(conditions, () => '?')
    const rows = this.#execute(
      `SELECT * FROM ${table} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      (statement) => statement.all(...where.values, page.limit ?? -1, page.offset ?? 0) as Row[],
    )
    return rows.map(read)
  }

  #guard<T>(operation: (db: BetterSqlite3.Database) => T): T {
    const db = this.#db
    if (!db)
      throw new ChorusError('CHORUS_ERR_STORE_UNAVAILABLE', { store: this.#store, reason: 'the store is closed' })
    try {
      return operation(db)
    } catch (error) {
      throw translateSqliteError(error, this.#store)
    }
  }

  #execute<T>(sql: string, use: (statement: BetterSqlite3.Statement) => T): T {
    return this.#guard((db) => use(this.#prepared(db, sql)))
  }

  #prepared(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }
}
