/**
 * The background worker of one service instance: every few seconds it picks the tenants whose
 * sync is due (their interval passed, a webhook hint or an admin asked, or a backoff ended) and
 * runs their syncs — a few at a time — each followed by its write-back. Any number of instances
 * may run it against one database: a tenant's sync lock lets only one of them work on it.
 */
import { hostname } from 'node:os'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { startBackgroundLoop } from '../../lib/background-loop.js'
import type { ZendeskDeps } from './connection.service.js'
import { ExportPacer, runTenantSync, type SyncLog, type SyncOutcome } from './sync.service.js'
import { WriteBudget, runOrganizationWriteback, runWriteback } from './writeback.service.js'

export interface ZendeskWorker {
  /** One pass: runs every due tenant (tests, and `sla-tracker sync`). */
  runOnce(): Promise<{ tenantId: string; sync: SyncOutcome }[]>
  /** Wakes the worker now (a webhook hint arrived in this process). */
  wake(): void
  stop(): Promise<void>
}

/** A sync left running longer than this is shown as stale (its lock is the real guard). */
const STALE_RUN_MS = 15 * 60_000

/** Tenants due for a sync at `now`, oldest request first. */
export async function dueTenants(
  db: Kysely<Database>,
  now: Date,
  limit: number,
): Promise<string[]> {
  const r = await sql<{ tenant_id: string }>`
    select s.tenant_id from zendesk_sync_state s
      join zendesk_connections c on c.tenant_id = s.tenant_id
     where c.sync_enabled
       and (s.requested_at is not null or s.next_run_at is null or s.next_run_at <= ${now})
       and (s.running_since is null or s.running_since < ${new Date(now.getTime() - STALE_RUN_MS)})
     order by coalesce(s.requested_at, s.next_run_at) nulls first
     limit ${limit}`.execute(db)
  return r.rows.map((row) => row.tenant_id)
}

export function startZendeskWorker(opts: {
  deps: ZendeskDeps
  /** How often to look for due tenants; 0: only `runOnce`/`wake`. */
  pollMs: number
  log: SyncLog & { error(o: Record<string, unknown>, m: string): void }
  instance?: string
}): ZendeskWorker {
  const { deps } = opts
  const instance = opts.instance ?? `${hostname()}:${process.pid}`
  const pacer = new ExportPacer(deps.config.zendeskExportRequestsPerMinute, deps.clock)
  const budget = new WriteBudget(deps.config.zendeskWritebackCallsPerMinute, deps.clock)
  const abort = new AbortController()
  let stopped = false

  const one = async (tenantId: string) => {
    const sync = await runTenantSync(deps, tenantId, {
      instance,
      log: opts.log,
      pacer,
      signal: abort.signal,
    })
    if (sync.status === 'done')
      try {
        await runWriteback(deps, tenantId, { budget, log: opts.log })
        await runOrganizationWriteback(deps, tenantId)
      } catch (err) {
        opts.log.warn(
          { tenantId, err: err instanceof Error ? err.message : String(err) },
          'zendesk write-back failed; it retries after the next sync',
        )
      }
    return { tenantId, sync }
  }

  const runOnce = async () => {
    const done: { tenantId: string; sync: SyncOutcome }[] = []
    const due = await dueTenants(deps.db, new Date(deps.clock()), 1000)
    const queue = [...due]
    const lanes = Array.from(
      { length: Math.min(deps.config.zendeskSyncConcurrency, queue.length) },
      async () => {
        for (let t = queue.shift(); t !== undefined && !stopped; t = queue.shift()) {
          try {
            done.push(await one(t))
          } catch (err) {
            opts.log.error({ err, tenantId: t }, 'zendesk sync crashed')
          }
        }
      },
    )
    await Promise.all(lanes)
    return done
  }

  const loop = startBackgroundLoop({
    pass: runOnce,
    intervalMs: opts.pollMs,
    onError: (err) => opts.log.error({ err }, 'zendesk worker pass failed'),
    onStop: () => {
      stopped = true
      abort.abort(new Error('the service is shutting down'))
    },
  })
  return { runOnce, wake: loop.wake, stop: loop.stop }
}
