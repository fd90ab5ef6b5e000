/**
 * The webhook processor: turns stored deliveries into work, after the 202. A delivery is only a
 * hint ("ticket 123 changed"), so the work is to ask for the tenant's sync, which reads the
 * changes from the incremental export; many deliveries for one tenant ask once.
 *
 * Each pass takes up to 500 unprocessed deliveries (`for update skip locked`: several service
 * instances can run processors on one database, each delivery is taken by one), decides each
 * one's outcome and, in the same transaction, marks them processed and requests the syncs:
 * - `own-update`: the delivery reports a change made by the connection's integration user — our
 *   own write-back coming back. It is never work (the LOOP GUARD).
 * - `sync-requested`: anything else; the tenant's sync is requested (`requestSync`).
 * - `no-connection`: the tenant's connection was removed after the delivery was stored.
 *
 * It runs every `intervalMs` (a safety net: deliveries stored by another instance, or left from
 * before a restart) and at once when `wake()` is called (after each commit of this instance's
 * webhook writer).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { startBackgroundLoop } from '../../../lib/background-loop.js'
import { requestSync } from '../sync-requests.js'

export const PROCESS_BATCH = 500

export type WebhookOutcome = 'sync-requested' | 'own-update' | 'no-connection'

export interface WebhookProcessor {
  /** Processes every pending delivery now; resolves with how many this call processed. */
  runOnce(): Promise<number>
  /** Asks for a pass as soon as possible (coalesced with a pass already running). */
  wake(): void
  stop(): Promise<void>
}

export interface ProcessorLog {
  error(obj: Record<string, unknown>, msg: string): void
  debug?(obj: Record<string, unknown>, msg: string): void
}

/**
 * One transaction: up to PROCESS_BATCH deliveries, taken, decided and marked in one statement
 * (nothing travels to the service but one row per tenant), then the syncs requested. Returns how
 * many it processed.
 */
async function processBatch(db: Kysely<Database>, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // `updater_id` may be sent as a string ("456", as our trigger does) or a number: `->>` reads
    // both as text.
    const { rows } = await sql<{ tenant_id: string; n: number; sync: boolean }>`
      with picked as (
        select d.tenant_id, d.invocation_id,
               case
                 when c.tenant_id is null then 'no-connection'
                 when c.integration_user_id is not null
                      and d.body ->> 'updater_id' = c.integration_user_id::text then 'own-update'
                 else 'sync-requested'
               end as outcome
        from zendesk_webhook_deliveries d
        left join zendesk_connections c on c.tenant_id = d.tenant_id
        where d.processed_at is null
        order by d.received_at
        limit ${PROCESS_BATCH}
        for update of d skip locked
      ), done as (
        update zendesk_webhook_deliveries d
        set processed_at = ${now}, outcome = p.outcome
        from picked p
        where d.tenant_id = p.tenant_id and d.invocation_id = p.invocation_id
        returning d.tenant_id, d.outcome
      )
      select tenant_id, count(*)::int as n, bool_or(outcome = 'sync-requested') as sync
      from done
      group by tenant_id`.execute(trx)
    // Sorted: concurrent passes lock the sync-state rows in one order (no deadlock).
    const tenants = rows
      .filter((r) => r.sync)
      .map((r) => r.tenant_id)
      .sort()
    await requestSync(trx, tenants, now)
    return rows.reduce((sum, r) => sum + r.n, 0)
  })
}

export function startWebhookProcessor(opts: {
  db: Kysely<Database>
  clock: () => number
  /** The safety-net poll; 0: only `runOnce` and `wake`. */
  intervalMs: number
  log: ProcessorLog
}): WebhookProcessor {
  let stopped = false

  const runOnce = async (): Promise<number> => {
    let total = 0
    for (;;) {
      const n = await processBatch(opts.db, new Date(opts.clock()))
      total += n
      if (n < PROCESS_BATCH || stopped) return total
    }
  }

  const loop = startBackgroundLoop({
    pass: runOnce,
    intervalMs: opts.intervalMs,
    onError: (err) => opts.log.error({ err }, 'processing webhook deliveries failed'),
    onStop: () => {
      stopped = true
    },
  })
  return { runOnce, wake: loop.wake, stop: loop.stop }
}
