/**
 * What operators see of a tenant's webhook deliveries: how many arrived in the last 24 hours,
 * how many wait for the processor, when the last one arrived and was processed, and the outcomes
 * of the last 24 hours' deliveries.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'

const DAY_MS = 86_400_000

export interface WebhookStatus {
  received24h: number
  pending: number
  lastReceivedAt: string | null
  lastProcessedAt: string | null
  outcomes: { 'sync-requested': number; 'own-update': number; 'no-connection': number }
}

export async function webhookStatus(
  db: Kysely<Database>,
  tenantId: string,
  now: number,
): Promise<WebhookStatus> {
  const since = new Date(now - DAY_MS)
  const { rows } = await sql<{
    received: number
    pending: number
    last_received_at: Date | null
    last_processed_at: Date | null
    sync_requested: number
    own_update: number
    no_connection: number
  }>`
    select
      count(*) filter (where received_at > ${since})::int as received,
      count(*) filter (where processed_at is null)::int as pending,
      max(received_at) as last_received_at,
      max(processed_at) as last_processed_at,
      count(*) filter (where received_at > ${since} and outcome = 'sync-requested')::int as sync_requested,
      count(*) filter (where received_at > ${since} and outcome = 'own-update')::int as own_update,
      count(*) filter (where received_at > ${since} and outcome = 'no-connection')::int as no_connection
    from zendesk_webhook_deliveries
    where tenant_id = ${tenantId}`.execute(db)
  const r = rows[0]!
  return {
    received24h: r.received,
    pending: r.pending,
    lastReceivedAt: r.last_received_at?.toISOString() ?? null,
    lastProcessedAt: r.last_processed_at?.toISOString() ?? null,
    outcomes: {
      'sync-requested': r.sync_requested,
      'own-update': r.own_update,
      'no-connection': r.no_connection,
    },
  }
}
