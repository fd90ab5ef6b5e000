/**
 * `tickets.left_account_id`: the account a ticket left at its latest export upsert (null when its
 * account did not change). The sync's upsert sets it from the row it locked, so its `RETURNING`
 * reports the accounts that lost a ticket without locking and re-reading the rows first. Frozen.
 */
import type { Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('left_account_id', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('left_account_id').execute()
}
