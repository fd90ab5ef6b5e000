/**
 * `accounts_to_recompute`: accounts that lost a ticket to the sync (the ticket moved to another
 * organization, or Zendesk deleted it), with the earliest creation instant of such a ticket. The
 * ticket page's statement queues them, so a sync stopped between storing the page and recomputing
 * still recomputes those accounts' months on its next run. Frozen.
 */
import type { Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts_to_recompute')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('since', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('accounts_to_recompute_pk', ['tenant_id', 'account_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('accounts_to_recompute').execute()
}
