/**
 * Indexes for the materialized SLA state and its reads. Frozen: uses `Kysely<any>` and imports
 * nothing from the app.
 *
 * - `account_states (tenant_id, month)`: the portfolio reads one month across all accounts.
 * - `ticket_clocks (tenant_id, account_id) where active`: live breached / at-risk counts per
 *   account (portfolio) without scanning stopped clocks.
 * - `tickets (tenant_id, organization_id)`: tickets ingested before their organization was mapped
 *   to an account are attached when that account is recomputed.
 * - `maintenance_windows (tenant_id, start_at)`: lists, newest first, like `incidents_time`.
 * - `incidents (tenant_id, end_at)` and `maintenance_windows (tenant_id, end_at)`: what is still
 *   running (ended after now, or not ended) for the sidebar, and what overlaps a recomputation
 *   window, without scanning the tenant's whole history.
 */
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('account_states_month')
    .on('account_states')
    .columns(['tenant_id', 'month'])
    .execute()
  await db.schema
    .createIndex('ticket_clocks_account_active')
    .on('ticket_clocks')
    .columns(['tenant_id', 'account_id'])
    .where(sql.ref('active'), '=', true)
    .execute()
  await db.schema
    .createIndex('tickets_organization')
    .on('tickets')
    .columns(['tenant_id', 'organization_id'])
    .execute()
  await db.schema
    .createIndex('maintenance_windows_time')
    .on('maintenance_windows')
    .columns(['tenant_id', 'start_at'])
    .execute()
  await db.schema
    .createIndex('incidents_end')
    .on('incidents')
    .columns(['tenant_id', 'end_at'])
    .execute()
  await db.schema
    .createIndex('maintenance_windows_end')
    .on('maintenance_windows')
    .columns(['tenant_id', 'end_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'maintenance_windows_end',
    'incidents_end',
    'maintenance_windows_time',
    'tickets_organization',
    'ticket_clocks_account_active',
    'account_states_month',
  ])
    await db.schema.dropIndex(name).ifExists().execute()
}
