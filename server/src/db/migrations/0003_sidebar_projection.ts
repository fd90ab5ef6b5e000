/**
 * A precomputed projection of each account month for the sidebar read: the uptime summaries and
 * the credit with its steps, without the explanation text, inputs and per-event contributions the
 * sidebar does not show. Written with the month; read as is. Frozen: uses `Kysely<any>`.
 */
import type { Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('account_states').addColumn('sidebar', 'jsonb').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('account_states').dropColumn('sidebar').execute()
}
