/**
 * What an on-call engineer wants when a sync falls behind: is it running, where, since when; how
 * far behind each stream is (lag), how fast the last run went, the last error and when the next
 * run is; and what the write-back and the webhook hints are doing.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, SyncStream } from '../../db/database.js'
import { perSecond } from './sync.service.js'

/** Incremental exports never return the newest minute: a caught-up stream is that far behind. */
const EXPORT_EDGE_MS = 60_000

export interface StreamStatus {
  stream: SyncStream
  /** The export position: the cursor's first characters (it is opaque) or the next start time. */
  position: string | null
  endOfStream: boolean
  itemsTotal: number
  pagesTotal: number
  lastPageAt: string | null
  /** Newest change delivered. */
  positionAt: string | null
  /** Seconds the stream is behind Zendesk (null before its first page). */
  lagSeconds: number | null
}

export interface SyncStatus {
  connected: boolean
  syncEnabled: boolean
  state: 'not-connected' | 'disabled' | 'running' | 'idle' | 'failing' | 'requested'
  running: { since: string; instance: string | null } | null
  requestedAt: string | null
  nextRunAt: string | null
  lastRun: {
    startedAt: string | null
    finishedAt: string | null
    items: number | null
    durationMs: number | null
    itemsPerSecond: number | null
  }
  lastError: { message: string; at: string | null; consecutiveFailures: number } | null
  lagSeconds: number | null
  streams: StreamStatus[]
  recomputePending: number
  /** Accounts that lost a ticket (moved or deleted), waiting for their months' recomputation. */
  accountsPending: number
  writeback: {
    applied: number
    queued: number
    failed: number
    ambiguous: number
    lastSentAt: string | null
  }
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

export async function syncStatus(
  db: Kysely<Database>,
  tenantId: string,
  now: number,
): Promise<SyncStatus> {
  const [conn, state, streams, pending, wb] = await Promise.all([
    db
      .selectFrom('zendesk_connections')
      .select(['sync_enabled'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst(),
    db
      .selectFrom('zendesk_sync_state')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst(),
    db
      .selectFrom('zendesk_sync_streams')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('stream')
      .execute(),
    sql<{ tickets: number; accounts: number }>`
      select (select count(*) from tickets
               where tenant_id = ${tenantId} and needs_recompute)::int as tickets,
             (select count(*) from accounts_to_recompute
               where tenant_id = ${tenantId})::int as accounts`.execute(db),
    sql<{ outcome: string; n: number; last: Date | null }>`
      select outcome, count(*)::int as n, max(sent_at) as last from zendesk_writeback
       where tenant_id = ${tenantId} group by outcome`.execute(db),
  ])
  const streamViews: StreamStatus[] = streams.map((s) => {
    const lagMs =
      s.last_page_at === null
        ? null
        : s.end_of_stream
          ? Math.max(0, now - s.last_page_at.getTime()) + EXPORT_EDGE_MS
          : s.position_at
            ? Math.max(0, now - s.position_at.getTime())
            : null
    return {
      stream: s.stream,
      position:
        s.cursor !== null
          ? `${s.cursor.slice(0, 12)}…`
          : s.start_time !== null
            ? new Date(Number(s.start_time) * 1000).toISOString()
            : null,
      endOfStream: s.end_of_stream,
      itemsTotal: Number(s.items_total),
      pagesTotal: Number(s.pages_total),
      lastPageAt: iso(s.last_page_at),
      positionAt: iso(s.position_at),
      lagSeconds: lagMs === null ? null : Math.round(lagMs / 1000),
    }
  })
  const lags = streamViews.flatMap((s) => (s.lagSeconds === null ? [] : [s.lagSeconds]))
  const outcomes = new Map(wb.rows.map((r) => [r.outcome, r.n]))
  const lastSent = wb.rows.reduce<Date | null>(
    (m, r) => (r.last && (!m || r.last > m) ? r.last : m),
    null,
  )
  const failing = (state?.consecutive_failures ?? 0) > 0
  return {
    connected: conn !== undefined,
    syncEnabled: conn?.sync_enabled ?? false,
    state: !conn
      ? 'not-connected'
      : !conn.sync_enabled
        ? 'disabled'
        : state?.running_since
          ? 'running'
          : failing
            ? 'failing'
            : state?.requested_at
              ? 'requested'
              : 'idle',
    running: state?.running_since
      ? { since: state.running_since.toISOString(), instance: state.running_instance }
      : null,
    requestedAt: iso(state?.requested_at),
    nextRunAt: iso(state?.next_run_at),
    lastRun: {
      startedAt: iso(state?.last_started_at),
      finishedAt: iso(state?.last_finished_at),
      items: state?.last_items ?? null,
      durationMs: state?.last_duration_ms ?? null,
      itemsPerSecond:
        state && state.last_items !== null && state.last_duration_ms !== null
          ? perSecond(state.last_items, state.last_duration_ms)
          : null,
    },
    lastError:
      state && state.last_error !== null
        ? {
            message: state.last_error,
            at: iso(state.last_error_at),
            consecutiveFailures: state.consecutive_failures,
          }
        : null,
    lagSeconds: lags.length > 0 ? Math.max(...lags) : null,
    streams: streamViews,
    recomputePending: pending.rows[0]?.tickets ?? 0,
    accountsPending: pending.rows[0]?.accounts ?? 0,
    writeback: {
      applied: outcomes.get('applied') ?? 0,
      queued: outcomes.get('queued') ?? 0,
      failed: outcomes.get('failed') ?? 0,
      ambiguous: outcomes.get('ambiguous') ?? 0,
      lastSentAt: iso(lastSent),
    },
  }
}
