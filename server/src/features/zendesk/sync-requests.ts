/**
 * Asking for a sync: webhook hints, the admin's "sync now" and backfills set `requested_at`; the
 * sync worker of any instance picks the tenant up at its next poll. Setting it again before the
 * sync starts changes nothing (one run answers every request made before it began).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

/** Marks the tenants' syncs as wanted now (keeps an earlier, still pending request). */
export async function requestSync(
  db: Kysely<Database>,
  tenantIds: readonly string[],
  at: Date,
): Promise<void> {
  if (tenantIds.length === 0) return
  await sql`
    insert into zendesk_sync_state (tenant_id, requested_at)
    select t, ${at}::timestamptz from unnest(${[...new Set(tenantIds)]}::uuid[]) as t
    on conflict (tenant_id) do update
      set requested_at = coalesce(zendesk_sync_state.requested_at, excluded.requested_at)`.execute(
    db,
  )
}
