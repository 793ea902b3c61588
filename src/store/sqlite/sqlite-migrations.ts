/**
 * The SQLite schema as an ordered list of migrations, and the code that applies the missing ones. Applied versions are
 * rows of `chorus_schema_version`; a migration never changes once released: a schema change is a new entry. The
 * whole upgrade runs in one IMMEDIATE transaction, so two processes opening a new file at once do not both migrate.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { ChorusError } from '../../errors.js'
import { SQL_CANARY_VERDICTS, SQL_RUN_KINDS, SQL_RUN_STATUSES, type StoreMigration } from '../migration.js'

export type SqliteMigration = StoreMigration

export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'runs, audio results keyed by (file_hash, dataset), listening-test ratings',
    sql: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN (${SQL_RUN_KINDS})),
        name TEXT,
        spec TEXT NOT NULL CHECK (json_valid(spec)),
        config_hash TEXT,
        chorus_version TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'running' CHECK (status IN (${SQL_RUN_STATUSES})),
        summary TEXT CHECK (summary IS NULL OR json_valid(summary)),
        started_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX runs_started_idx ON runs (started_at DESC, id DESC);
      CREATE INDEX runs_kind_started_idx ON runs (kind, started_at DESC, id DESC);

      CREATE TABLE audio_results (
        file_hash TEXT NOT NULL,
        dataset TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        item_id TEXT NOT NULL,
        backend TEXT,
        voice TEXT,
        text TEXT NOT NULL,
        wer REAL NOT NULL,
        pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
        gates TEXT NOT NULL CHECK (json_valid(gates)),
        metrics TEXT NOT NULL CHECK (json_valid(metrics)),
        words TEXT NOT NULL CHECK (json_valid(words)),
        audio_path TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (file_hash, dataset)
      ) STRICT;
      CREATE INDEX audio_results_listing_idx ON audio_results (dataset, item_id, file_hash);
      CREATE INDEX audio_results_run_idx ON audio_results (run_id);

      CREATE TABLE ratings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        file_hash TEXT NOT NULL,
        dataset TEXT NOT NULL,
        rater TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment TEXT,
        created_at TEXT NOT NULL,
        FOREIGN KEY (file_hash, dataset) REFERENCES audio_results (file_hash, dataset) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX ratings_result_idx ON ratings (file_hash, dataset);
    `,
  },
  {
    version: 2,
    description: 'canary baselines keyed by name, canary results',
    sql: `
      CREATE TABLE baselines (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN (${SQL_RUN_KINDS})),
        run_id INTEGER NOT NULL REFERENCES runs (id),
        spec TEXT NOT NULL CHECK (json_valid(spec)),
        metrics TEXT NOT NULL CHECK (json_valid(metrics)),
        embeddings TEXT NOT NULL CHECK (json_valid(embeddings)),
        environment TEXT NOT NULL CHECK (json_valid(environment)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE canary_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        baseline_name TEXT NOT NULL REFERENCES baselines (name),
        baseline_run_id INTEGER NOT NULL REFERENCES runs (id),
        run_id INTEGER NOT NULL REFERENCES runs (id),
        verdict TEXT NOT NULL CHECK (verdict IN (${SQL_CANARY_VERDICTS})),
        criteria TEXT NOT NULL CHECK (json_valid(criteria)),
        metrics TEXT NOT NULL CHECK (json_valid(metrics)),
        environment TEXT NOT NULL CHECK (json_valid(environment)),
        changes TEXT NOT NULL CHECK (json_valid(changes)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX canary_results_created_idx ON canary_results (created_at DESC, id DESC);
      CREATE INDEX canary_results_baseline_idx ON canary_results (baseline_name, created_at DESC, id DESC);
    `,
  },
]

export const SQLITE_SCHEMA_VERSION = sqliteMigrations[sqliteMigrations.length - 1]!.version

/** Brings the database up to {@link SQLITE_SCHEMA_VERSION}; returns the versions it applied. */
export function migrateSqlite(
  db: BetterSqlite3.Database,
  store: string,
  migrations: readonly SqliteMigration[] = sqliteMigrations,
): number[] {
  const upgrade = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS chorus_schema_version (
      version INTEGER PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`)
    const current =
      (db.prepare('SELECT max(version) AS version FROM chorus_schema_version').get() as { version: number | null })
        .version ?? 0
    const latest = migrations[migrations.length - 1]?.version ?? 0
    if (current > latest) {
      throw new ChorusError('CHORUS_ERR_STORE_UNAVAILABLE', {
        store,
        reason: `its schema is version ${current}, newer than this Chorus knows (${latest}); upgrade Chorus to use it`,
      })
    }
    const record = db.prepare('INSERT INTO chorus_schema_version (version, description, applied_at) VALUES (?, ?, ?)')
    const applied: number[] = []
    for (const migration of migrations) {
      if (migration.version <= current) continue
      db.exec(migration.sql)
      record.run(migration.version, migration.description, new Date().toISOString())
      applied.push(migration.version)
    }
    return applied
  })
  return upgrade.immediate()
}
