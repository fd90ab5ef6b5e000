/**
 * Time passing changes state without any event: an ongoing incident keeps burning the budget, a
 * running clock crosses its due instant. The refresher recomputes every tenant's current month at
 * an interval. Safe with several service instances: recomputation takes per-account advisory
 * locks, so two instances refreshing the same tenant serialize instead of colliding.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { startBackgroundLoop } from '../../lib/background-loop.js'
import { recomputeAccounts } from './recompute.service.js'

export interface Refresher {
  /** Runs one pass now (tests, and the first pass at start). */
  runOnce(): Promise<void>
  stop(): Promise<void>
}

const DAY = 86_400_000

export function startRefresher(opts: {
  db: Kysely<Database>
  clock: () => number
  intervalMs: number
  /** `tenantId` null: the pass itself failed (listing the tenants). */
  onError: (err: unknown, tenantId: string | null) => void
}): Refresher {
  let stopped = false
  const runOnce = async () => {
    const tenants = await opts.db.selectFrom('tenants').select('id').execute()
    for (const { id } of tenants) {
      if (stopped) return
      const now = opts.clock()
      try {
        // From a day before this UTC month: every zone's current month starts after it.
        const since = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1) - DAY
        await recomputeAccounts(opts.db, { tenantId: id, accountIds: 'all', now, since })
      } catch (err) {
        opts.onError(err, id)
      }
    }
  }
  const loop = startBackgroundLoop({
    pass: runOnce,
    intervalMs: opts.intervalMs,
    onError: (err) => opts.onError(err, null),
    onStop: () => {
      stopped = true
    },
  })
  return { runOnce, stop: loop.stop }
}
