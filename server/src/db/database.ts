/**
 * The database: PostgreSQL through a `pg` pool when a URL is configured (the production path),
 * otherwise an embedded PostgreSQL (PGlite) in a data folder. One set of migrations and queries
 * serves both.
 */
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration'
import pg from 'pg'
import * as initial from './migrations/0001_initial.js'
import * as slaStateIndexes from './migrations/0002_sla_state_indexes.js'
import * as sidebarProjection from './migrations/0003_sidebar_projection.js'
import * as changeNotifications from './migrations/0004_change_notifications.js'
import * as zendeskIntegration from './migrations/0005_zendesk_integration.js'
import * as ticketLeftAccount from './migrations/0006_ticket_left_account.js'
import * as cheaperChangeNotifications from './migrations/0007_cheaper_change_notifications.js'
import * as accountsToRecompute from './migrations/0008_accounts_to_recompute.js'
import type { Database } from './schema.js'

export type { Database, Row, NewRow, RowUpdate, SyncStream, ZendeskFieldIds } from './schema.js'

/** Every migration, in order. Adding one = adding a line here (no file-system scanning). */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_sla_state_indexes': slaStateIndexes,
  '0003_sidebar_projection': sidebarProjection,
  '0004_change_notifications': changeNotifications,
  '0005_zendesk_integration': zendeskIntegration,
  '0006_ticket_left_account': ticketLeftAccount,
  '0007_cheaper_change_notifications': cheaperChangeNotifications,
  '0008_accounts_to_recompute': accountsToRecompute,
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) }

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: 'postgres' | 'embedded'
  /** Where the data lives, for logs: the URL without credentials, or the data folder. */
  location: string
  close(): Promise<void>
}

const INT8 = 20
const NUMERIC = 1700

/** PostgreSQL through a pool. `int8` columns (ticket ids, money) are read as numbers. */
export function connectPostgres(
  url: string,
  opts: { poolSize?: number; searchPath?: string } = {},
): DatabaseHandle {
  const numberOf = (v: string): number => Number(v)
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8 || oid === NUMERIC
        ? numberOf
        : (pg.types.getTypeParser as (o: number, f?: 'text' | 'binary') => unknown)(
            oid,
            format,
          )) as typeof pg.types.getTypeParser,
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types,
    ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const location = (() => {
    try {
      const u = new URL(url)
      return `${u.protocol}//${u.hostname}:${u.port || '5432'}${u.pathname}`
    } catch {
      return 'postgres'
    }
  })()
  return { db, kind: 'postgres', location, close: () => db.destroy() }
}

/** The embedded PostgreSQL in `dataDir` (created if needed); `undefined` keeps it in memory. */
export async function openEmbedded(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) await mkdir(dataDir, { recursive: true })
  const pglite = new PGlite(dataDir)
  await pglite.waitReady
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  return { db, kind: 'embedded', location: dataDir ?? 'memory', close: () => db.destroy() }
}

export interface MigrationOutcome {
  applied: string[]
}

/** Brings the schema up to date. Throws with the failing migration's name on error. */
export async function migrateToLatest(
  db: Kysely<Database>,
  opts: { schema?: string } = {},
): Promise<MigrationOutcome> {
  // With a schema, the migrator's own tables live in it too (test schemas side by side).
  const migrator = new Migrator({
    db,
    provider,
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const why = error instanceof Error ? error.message : String(error)
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${why}`)
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  }
}
