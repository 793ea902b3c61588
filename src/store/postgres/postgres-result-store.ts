/**
 * ResultStore on PostgreSQL through a `pg`-shaped pool: jsonb columns, `INSERT … ON CONFLICT DO UPDATE` upserts (safe
 * under any number of concurrent writers), batches in one transaction on one pooled connection. Every table name is
 * schema-qualified, so the store never depends on a connection's `search_path`.
 */
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
import type { Row } from '../rows.js'
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
import type { PostgresPool, PostgresQueryable, PostgresQueryResult } from './postgres-config.js'
import { isForeignKeyViolation, translatePostgresError } from './postgres-errors.js'
import { quoteIdentifier } from './postgres-migrations.js'
import { toAudioResult, toBaseline, toCanaryResult, toRating, toRunRecord } from './postgres-rows.js'
import { inTransaction } from './postgres-transaction.js'
import { bindNamed } from './named-parameters.js'

/** Which missing row a foreign-key violation of `canary_results` means, by the constraint's name (migration 2). */
const CANARY_RESULT_REFERENCES: Readonly<Record<string, 'baseline_name' | 'run_id' | 'baseline_run_id'>> = {
  canary_results_baseline_fk: 'baseline_name',
  canary_results_run_fk: 'run_id',
  canary_results_baseline_run_fk: 'baseline_run_id',
}

const dollar = (position: number): string => `$${position}`

const compareKeys = (a: CheckedAudioResult, b: CheckedAudioResult): number =>
  a.dataset < b.dataset
    ? -1
    : a.dataset > b.dataset
      ? 1
      : a.file_hash < b.file_hash
        ? -1
        : a.file_hash > b.file_hash
          ? 1
          : 0

export interface PostgresResultStoreOptions {
  readonly schema: string
  /** Names the database in error messages (password redacted). */
  readonly store: string
  /** End the pool on `close()`: true when the store made it. */
  readonly ownsPool: boolean
}

export class PostgresResultStore implements ResultStore {
  readonly dialect = 'postgres'
  #pool: PostgresPool | undefined
  readonly #options: PostgresResultStoreOptions
  readonly #runs: string
  readonly #audioResults: string
  readonly #ratings: string
  readonly #baselines: string
  readonly #canaryResults: string

  constructor(pool: PostgresPool, options: PostgresResultStoreOptions) {
    this.#pool = pool
    this.#options = options
    const schema = quoteIdentifier(options.schema)
    this.#runs = `${schema}.runs`
    this.#audioResults = `${schema}.audio_results`
    this.#ratings = `${schema}.ratings`
    this.#baselines = `${schema}.baselines`
    this.#canaryResults = `${schema}.canary_results`
  }

  async createRun(run: NewRun): Promise<number> {
    const checked = checkNewRun(run)
    const { rows } = await this.#query(
      ...bindNamed(
        `INSERT INTO ${this.#runs} (kind, name, spec, config_hash, chorus_version, status, started_at)
         VALUES (@kind, @name, @spec::jsonb, @config_hash, @chorus_version, 'running', @now) RETURNING id`,
        { ...checked, now: nowIso() },
      ),
    )
    return Number(rows[0]!.id)
  }

  async finishRun(id: number, outcome: RunOutcome): Promise<RunRecord> {
    const runId = checkRunId(id)
    const checked = checkRunOutcome(outcome)
    const { rows } = await this.#query(
      `UPDATE ${this.#runs} SET status = $1, summary = $2::jsonb, finished_at = $3 WHERE id = $4 RETURNING *`,
      [checked.status, checked.summary, nowIso(), runId],
    )
    if (!rows[0]) throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId })
    return toRunRecord(rows[0])
  }

  async getRun(id: number): Promise<RunRecord | undefined> {
    const runId = checkRunId(id)
    const { rows } = await this.#query(`SELECT * FROM ${this.#runs} WHERE id = $1`, [runId])
    return rows[0] && toRunRecord(rows[0])
  }

  async listRuns(filter?: RunFilter): Promise<RunRecord[]> {
    const checked = checkRunFilter(filter)
    return this.#list(this.#runs, runConditions(checked), 'started_at DESC, id DESC', checked, toRunRecord)
  }

  async upsertAudioResult(result: AudioResultInput): Promise<AudioResult> {
    const checked = checkAudioResult(result)
    return this.#upsert(this.#live(), checked, nowIso())
  }

  async upsertAudioResults(results: readonly AudioResultInput[]): Promise<AudioResult[]> {
    const checked = results.map((result) => checkAudioResult(result))
    if (checked.length === 0) return []
    // Rows are locked in key order, so two batches that share keys queue behind each other instead of deadlocking.
    const order = checked.map((_, index) => index).sort((a, b) => compareKeys(checked[a]!, checked[b]!))
    return inTransaction(this.#live(), this.#options.store, async (client) => {
      const now = nowIso()
      const stored: AudioResult[] = []
      for (const index of order) stored[index] = await this.#upsert(client, checked[index]!, now)
      return stored
    })
  }

  async getAudioResult(fileHash: string, dataset: string): Promise<AudioResult | undefined> {
    const key = checkAudioResultKey(fileHash, dataset)
    const { rows } = await this.#query(`SELECT * FROM ${this.#audioResults} WHERE file_hash = $1 AND dataset = $2`, [
      key.file_hash,
      key.dataset,
    ])
    return rows[0] && toAudioResult(rows[0])
  }

  async listAudioResults(filter?: AudioResultFilter): Promise<AudioResult[]> {
    const checked = checkAudioResultFilter(filter)
    return this.#list(
      this.#audioResults,
      audioResultConditions(checked),
      'dataset, item_id, file_hash',
      checked,
      toAudioResult,
    )
  }

  async addRating(rating: RatingInput): Promise<Rating> {
    const checked = checkRating(rating)
    try {
      const { rows } = await this.#query(
        ...bindNamed(
          `INSERT INTO ${this.#ratings} (file_hash, dataset, rater, score, comment, created_at)
           VALUES (@file_hash, @dataset, @rater, @score, @comment, @now) RETURNING *`,
          { ...checked, now: nowIso() },
        ),
      )
      return toRating(rows[0]!)
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error
      throw new ChorusError('CHORUS_ERR_AUDIO_RESULT_NOT_FOUND', {
        fileHash: checked.file_hash,
        dataset: checked.dataset,
      })
    }
  }

  async listRatings(filter?: RatingFilter): Promise<Rating[]> {
    const checked = checkRatingFilter(filter)
    return this.#list(this.#ratings, ratingConditions(checked), 'created_at, id', checked, toRating)
  }

  async saveBaseline(baseline: BaselineInput): Promise<Baseline> {
    const checked = checkBaseline(baseline)
    try {
      const { rows } = await this.#query(
        ...bindNamed(
          `INSERT INTO ${this.#baselines} (name, kind, run_id, spec, metrics, embeddings, environment, created_at,
             updated_at)
           VALUES (@name, @kind, @run_id, @spec::jsonb, @metrics::jsonb, @embeddings::jsonb, @environment::jsonb, @now,
             @now)
           ON CONFLICT (name) DO UPDATE SET
             kind = excluded.kind, run_id = excluded.run_id, spec = excluded.spec, metrics = excluded.metrics,
             embeddings = excluded.embeddings, environment = excluded.environment, updated_at = excluded.updated_at
           RETURNING *`,
          { ...checked, now: nowIso() },
        ),
      )
      return toBaseline(rows[0]!)
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error
      throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId: checked.run_id }, { param: 'run_id' })
    }
  }

  async getBaseline(name: string): Promise<Baseline | undefined> {
    const checked = checkBaselineName(name)
    const { rows } = await this.#query(`SELECT * FROM ${this.#baselines} WHERE name = $1`, [checked])
    return rows[0] && toBaseline(rows[0])
  }

  async listBaselines(): Promise<Baseline[]> {
    const { rows } = await this.#query(`SELECT * FROM ${this.#baselines} ORDER BY name`, [])
    return rows.map(toBaseline)
  }

  async addCanaryResult(result: CanaryResultInput): Promise<CanaryResult> {
    const checked = checkCanaryResult(result)
    try {
      const { rows } = await this.#query(
        ...bindNamed(
          `INSERT INTO ${this.#canaryResults} (baseline_name, baseline_run_id, run_id, verdict, criteria, metrics,
             environment, changes, created_at)
           VALUES (@baseline_name, @baseline_run_id, @run_id, @verdict, @criteria::jsonb, @metrics::jsonb,
             @environment::jsonb, @changes::jsonb, @now)
           RETURNING *`,
          { ...checked, now: nowIso() },
        ),
      )
      return toCanaryResult(rows[0]!)
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error
      const missing = CANARY_RESULT_REFERENCES[String((error as { constraint?: unknown }).constraint)]
      if (missing === 'baseline_name') {
        const names = (await this.listBaselines()).map((baseline) => baseline.name)
        throw baselineNotFound(checked.baseline_name, names)
      }
      const param = missing ?? 'run_id'
      throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId: checked[param] }, { param })
    }
  }

  async listCanaryResults(filter?: CanaryResultFilter): Promise<CanaryResult[]> {
    const checked = checkCanaryResultFilter(filter)
    return this.#list(
      this.#canaryResults,
      canaryResultConditions(checked),
      'created_at DESC, id DESC',
      checked,
      toCanaryResult,
    )
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = undefined
    if (pool && this.#options.ownsPool) await pool.end()
  }

  async #upsert(queryable: PostgresQueryable, result: CheckedAudioResult, now: string): Promise<AudioResult> {
    try {
      const { rows } = await queryable.query(
        ...bindNamed(
          `INSERT INTO ${this.#audioResults} (file_hash, dataset, run_id, item_id, backend, voice, text, wer, pass,
             gates, metrics, words, audio_path, created_at, updated_at)
           VALUES (@file_hash, @dataset, @run_id, @item_id, @backend, @voice, @text, @wer, @pass, @gates::jsonb,
             @metrics::jsonb, @words::jsonb, @audio_path, @now, @now)
           ON CONFLICT (file_hash, dataset) DO UPDATE SET
             run_id = excluded.run_id, item_id = excluded.item_id, backend = excluded.backend, voice = excluded.voice,
             text = excluded.text, wer = excluded.wer, pass = excluded.pass, gates = excluded.gates,
             metrics = excluded.metrics, words = excluded.words, audio_path = excluded.audio_path,
             updated_at = excluded.updated_at
           RETURNING *`,
          { ...result, now },
        ),
      )
      return toAudioResult(rows[0]!)
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new ChorusError('CHORUS_ERR_RUN_NOT_FOUND', { runId: result.run_id }, { param: 'run_id' })
      }
      throw translatePostgresError(error, this.#options.store)
    }
  }

  /** `SELECT *` of a table's rows that meet the conditions, in `order`, paged (limit and offset bound last). */
  async #list<T>(
    table: string,
    conditions: readonly SqlCondition[],
    order: string,
    page: Page,
    read: (row: Row) => T,
  ): Promise<T[]> {
    const where = whereClause(conditions, dollar)
    const limit = page.limit === undefined ? '' : ` LIMIT ${dollar(where.values.push(page.limit))}`
    const offset = page.offset === undefined ? '' : ` OFFSET ${dollar(where.values.push(page.offset))}`
    const { rows } = await this.#query(
      `SELECT * FROM ${table} ${where.sql} ORDER BY ${order}${limit}${offset}`,
      where.values,
    )
    return rows.map(read)
  }

  #live(): PostgresPool {
    if (!this.#pool) {
      throw new ChorusError('CHORUS_ERR_STORE_UNAVAILABLE', {
        store: this.#options.store,
        reason: 'the store is closed',
      })
    }
    return this.#pool
  }

  async #query(sql: string, values: unknown[]): Promise<PostgresQueryResult> {
    const pool = this.#live()
    try {
      return await pool.query(sql, values)
    } catch (error) {
      throw translatePostgresError(error, this.#options.store)
    }
  }
}
