/**
 * Time passing changes state without any event: an ongoing incident keeps burning the budget, a
 * running clock crosses its due instant. The refresher recomputes every tenant's current month at
 * an interval. Safe with several service instances: recomputation takes per-account advisory
 * locks, so two instances refreshing the same tenant serialize instead of colliding.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
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
  onError: (err: unknown, tenantId: string) => void
}): Refresher {
  let running: Promise<void> | undefined
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
  const tick = () => {
    if (running || stopped) return
    running = runOnce().finally(() => {
      running = undefined
    })
  }
  const timer = opts.intervalMs > 0 ? setInterval(tick, opts.intervalMs) : undefined
  timer?.unref()
  return {
    runOnce,
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await running
    },
  }
}
