/**
 * The sync of one tenant: users, organizations, tickets and ticket events from Zendesk's
 * incremental exports, then recomputation of what changed.
 *
 * - One sync per tenant at a time, across every instance: the run holds a session-level
 *   PostgreSQL advisory lock on one reserved connection and does all its work on that
 *   connection. A killed process's connection closes and the lock goes with it, so another
 *   instance (or the restarted one) takes over at once, from the committed positions.
 * - Each page is stored and its stream's position advanced by ONE statement (atomic by itself, so
 *   no transaction around it): a crash between pages repeats at most the uncommitted page, and
 *   storing a page twice changes nothing (events are keyed by their Zendesk ids, tickets only
 *   move forward by `generated_timestamp`, users and organizations by `updated_at`). Time-based
 *   positions never move backwards, so a duplicated or re-ordered page cannot lose data.
 * - Exports are paced to the tenant's incremental-export budget (10 requests a minute unless
 *   configured), and the client waits out 429s and retries 5xx and timeouts.
 * - Users come first (comment authors' roles decide agent reply vs end-user comment); an author
 *   still unknown is fetched by id before the page is stored.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, SyncStream, ZendeskFieldIds } from '../../db/database.js'
import type { TicketEvent } from '@sla-tracker/shared'
import { eventData } from '../compute/materialize.js'
import { PerMinuteWindow } from '../../lib/per-minute-window.js'
import {
  lockForRecompute,
  recomputeAccounts,
  recomputeAfterIngest,
} from '../compute/recompute.service.js'
import { inTransaction, retried } from '../compute/transactions.js'
import {
  authorsOf,
  eventsOfAudit,
  roleOfZendesk,
  type ZendeskClient,
  type WireTicket,
  type WireTicketCursorPage,
  type WireTicketEvent,
  type WireTicketEventsPage,
  type WireOrganization,
  type WireUser,
} from '../../zendesk/index.js'
import { clientFor, getConnection, type ZendeskDeps } from './connection.service.js'
import { TIER_ORG_FIELD } from './zendesk-names.js'
import {
  clearRecompute,
  insertSyncedEvents,
  jsonRows,
  dequeueAccountToRecompute,
  selectAccountsToRecompute,
  selectStreams,
  selectTicketsToRecompute,
  selectUserRoles,
  storeExportedTickets,
  upsertOrganizations,
  upsertUsers,
  type ExportedTicketRow,
  type StreamAdvance,
  type StreamRow,
  type SyncedEventRow,
} from './sync.repository.js'

export interface SyncLog {
  info(obj: Record<string, unknown>, msg: string): void
  warn(obj: Record<string, unknown>, msg: string): void
  debug?(obj: Record<string, unknown>, msg: string): void
}

export interface SyncOptions {
  /** Who runs it (shown in the status): host and process. */
  instance: string
  log?: SyncLog
  /** Items per export page (Zendesk's default and maximum is 1000; smaller after timeouts). */
  perPage?: number
  /** Stop a stream after this many pages (the next run continues). Default 1000. */
  maxPagesPerStream?: number
  /** Incremental-export pacing (shared across runs of this process). */
  pacer?: ExportPacer
  signal?: AbortSignal
  /** Called after every committed page (tests kill the process there; progress bars). */
  onPage?: (info: { stream: SyncStream; items: number; page: number }) => void | Promise<void>
}

export interface SyncOutcome {
  status: 'done' | 'busy' | 'disabled' | 'failed'
  items: number
  pages: number
  recomputedTickets: number
  durationMs: number
  error?: string
}

/** Incremental-export requests per minute per tenant (a sliding window of request instants). */
export class ExportPacer {
  readonly #window: PerMinuteWindow
  constructor(
    perMinute: number,
    clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {
    this.#window = new PerMinuteWindow(perMinute, clock)
  }

  /** Waits until the tenant may make one more export request, and counts it. */
  async take(tenantId: string): Promise<void> {
    for (let wait = this.#window.waitMs(tenantId); wait > 0; wait = this.#window.waitMs(tenantId))
      await this.sleep(wait)
    this.#window.spend(tenantId)
  }
}

const LOCK_CLASS = 0x5a_44_53 // "ZDS"
const DEFAULT_MAX_PAGES = 1000

/**
 * Runs `fn` holding the tenant's sync lock, on one reserved connection (passed to `fn`);
 * `undefined` when another run holds it.
 */
export async function withSyncLock<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (conn: Kysely<Database>) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return db.connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`
      select pg_try_advisory_lock(${LOCK_CLASS}::int, hashtext(${tenantId})) as ok`.execute(conn)
    if (!got.rows[0]?.ok) return { ran: false as const }
    try {
      return { ran: true as const, value: await fn(conn) }
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}::int, hashtext(${tenantId}))`.execute(conn)
    }
  })
}

/** Runs one sync of the tenant (if no other instance is running it). */
export async function runTenantSync(
  deps: ZendeskDeps,
  tenantId: string,
  opts: SyncOptions,
): Promise<SyncOutcome> {
  const started = deps.clock()
  const r = await withSyncLock(deps.db, tenantId, async (conn) => {
    const d: ZendeskDeps = { ...deps, db: conn }
    const conn0 = await getConnection(conn, tenantId)
    if (!conn0.sync_enabled) return outcome('disabled', started, deps.clock())
    await markStarted(conn, tenantId, opts.instance, new Date(started))
    const run = new Run(
      d,
      tenantId,
      opts,
      clientFor(d, conn0),
      conn0.field_ids,
      conn0.sync_start_at,
    )
    try {
      await run.all()
      const done = deps.clock()
      await markFinished(conn, tenantId, {
        at: new Date(done),
        items: run.items,
        durationMs: done - started,
        error: null,
        nextRunAt: new Date(
          done + (run.caughtUp ? deps.config.zendeskSyncIntervalSeconds * 1000 : 0),
        ),
      })
      opts.log?.info(
        {
          tenantId,
          items: run.items,
          pages: run.pages,
          recomputedTickets: run.recomputed,
          durationMs: done - started,
          itemsPerSecond: perSecond(run.items, done - started),
          caughtUp: run.caughtUp,
        },
        'zendesk sync finished',
      )
      return {
        ...outcome('done', started, done),
        items: run.items,
        pages: run.pages,
        recomputedTickets: run.recomputed,
      }
    } catch (err) {
      const done = deps.clock()
      const message = err instanceof Error ? err.message : String(err)
      const failures = await markFinished(conn, tenantId, {
        at: new Date(done),
        items: run.items,
        durationMs: done - started,
        error: message,
        nextRunAt: null,
      })
      opts.log?.warn(
        { tenantId, err: message, items: run.items, consecutiveFailures: failures },
        'zendesk sync failed; it resumes from the last committed page',
      )
      return {
        ...outcome('failed', started, done),
        items: run.items,
        pages: run.pages,
        recomputedTickets: run.recomputed,
        error: message,
      }
    }
  })
  return r.ran ? r.value : outcome('busy', started, deps.clock())
}

function outcome(status: SyncOutcome['status'], started: number, done: number): SyncOutcome {
  return { status, items: 0, pages: 0, recomputedTickets: 0, durationMs: done - started }
}

export function perSecond(items: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((items * 1000) / ms)
}

async function markStarted(db: Kysely<Database>, tenantId: string, instance: string, at: Date) {
  await db
    .insertInto('zendesk_sync_state')
    .values({
      tenant_id: tenantId,
      running_since: at,
      running_instance: instance,
      last_started_at: at,
    })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        running_since: at,
        running_instance: instance,
        last_started_at: at,
        // This run answers every request made before it started.
        requested_at: sql<Date | null>`case when zendesk_sync_state.requested_at <= ${at} then null else zendesk_sync_state.requested_at end`,
      }),
    )
    .execute()
}

const BACKOFF_MAX_S = 30 * 60

async function markFinished(
  db: Kysely<Database>,
  tenantId: string,
  r: { at: Date; items: number; durationMs: number; error: string | null; nextRunAt: Date | null },
): Promise<number> {
  const row = await db
    .updateTable('zendesk_sync_state')
    .set({
      running_since: null,
      running_instance: null,
      last_finished_at: r.at,
      last_items: r.items,
      last_duration_ms: r.durationMs,
      ...(r.error === null
        ? { last_error: null, consecutive_failures: 0, next_run_at: r.nextRunAt }
        : {
            last_error: r.error.slice(0, 2000),
            last_error_at: r.at,
            consecutive_failures: sql<number>`consecutive_failures + 1`,
            // Exponential backoff: 30 s, 1, 2, 4 … minutes, at most 30.
            next_run_at: sql<Date>`${r.at}::timestamptz + make_interval(secs => least(${BACKOFF_MAX_S}, 30 * power(2, consecutive_failures)))`,
          }),
    })
    .where('tenant_id', '=', tenantId)
    .returning('consecutive_failures')
    .executeTakeFirst()
  return row?.consecutive_failures ?? 0
}

/** The Zendesk side of an exported ticket, as stored (`ours`: the ids of our ticket fields). */
export function exportedTicketRow(
  t: WireTicket,
  ours: ReadonlySet<number> | ZendeskFieldIds,
): ExportedTicketRow {
  if (!(ours instanceof Set)) ours = new Set(Object.values(ours))
  const fields: Record<string, unknown> = {}
  for (const f of t.custom_fields ?? []) if (ours.has(f.id)) fields[String(f.id)] = f.value
  return {
    id: t.id,
    subject: t.subject ?? null,
    organization_id: t.organization_id ?? null,
    requester_id: t.requester_id ?? null,
    zd_status: t.status,
    zd_tags: t.tags ?? [],
    zd_fields: fields,
    zd_updated_at: t.updated_at,
    zd_generated_at: t.generated_timestamp,
    created_at: t.created_at,
  }
}

/** Sorts a time-based page by (timestamp, id): a re-ordered page stores the same way. */
function byTimeThenId(a: WireTicketEvent, b: WireTicketEvent): number {
  return (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.id - b.id
}

/**
 * The newest version of each ticket a page lists (by `generated_timestamp`, the later one on a
 * tie): the page's one statement may change a row only once.
 */
function latestOfEach(tickets: readonly WireTicket[]): WireTicket[] {
  const latest = new Map<number, WireTicket>()
  for (const t of tickets) {
    const seen = latest.get(t.id)
    if (!seen || (seen.generated_timestamp ?? 0) <= (t.generated_timestamp ?? 0))
      latest.set(t.id, t)
  }
  return [...latest.values()]
}

/** A fetched page made ready to store. */
interface ReadyPage {
  items: number
  /** The newest change in the page (null when none). */
  positionAt: Date | null
  /** Stores the page and, in the same statement, the stream's advance past it. */
  store: (advance: StreamAdvance) => Promise<void>
}

/** Unix seconds of the newest of `instants` (0 and missing ignored) as a Date, or null. */
function newestSecond(instants: readonly (number | undefined)[]): Date | null {
  const newestTs = Math.max(0, ...instants.map((t) => t ?? 0))
  return newestTs > 0 ? new Date(newestTs * 1000) : null
}

/** One run's state and its four streams. */
class Run {
  items = 0
  pages = 0
  recomputed = 0
  caughtUp = true
  readonly #streams = new Map<SyncStream, StreamRow>()
  readonly #roleCache = new Map<number, 'end-user' | 'agent'>()
  readonly #ourFields: ReadonlySet<number>

  constructor(
    private readonly deps: ZendeskDeps,
    private readonly tenantId: string,
    private readonly opts: SyncOptions,
    private readonly client: ZendeskClient,
    fieldIds: ZendeskFieldIds,
    private readonly startAt: Date,
  ) {
    this.#ourFields = new Set(Object.values(fieldIds))
  }

  async all(): Promise<void> {
    for (const s of await selectStreams(this.deps.db, this.tenantId)) this.#streams.set(s.stream, s)
    await this.users()
    await this.organizations()
    await this.tickets()
    await this.ticketEvents()
    await this.recompute()
  }

  get #db(): Kysely<Database> {
    return this.deps.db
  }

  #now(): Date {
    return new Date(this.deps.clock())
  }

  async #export<T>(call: () => Promise<T>): Promise<T> {
    this.opts.signal?.throwIfAborted()
    await this.opts.pacer?.take(this.tenantId)
    return call()
  }

  async #committed(stream: SyncStream, items: number): Promise<void> {
    this.items += items
    this.pages += 1
    this.opts.log?.debug?.({ tenantId: this.tenantId, stream, items }, 'zendesk page stored')
    await this.opts.onPage?.({ stream, items, page: this.pages })
  }

  get #perPage(): { perPage?: number } {
    return this.opts.perPage !== undefined ? { perPage: this.opts.perPage } : {}
  }

  get #maxPages(): number {
    return this.opts.maxPagesPerStream ?? DEFAULT_MAX_PAGES
  }

  /**
   * Pages of one export, from `start`: each page stored with its stream's next position by one
   * statement. The next page is fetched and made ready while this one is stored (its position is
   * known as soon as this page arrives); the stored position only moves when a page commits.
   */
  async #pages<P extends { end_of_stream: boolean }, Pos>(
    stream: SyncStream,
    start: Pos,
    io: {
      fetch: (pos: Pos) => Promise<P>
      nextOf: (page: P, pos: Pos) => Pos
      /** The stream columns to store for the position after a page. */
      positionOf: (next: Pos, current: Pos) => Pick<StreamAdvance, 'cursor' | 'startTime'>
      /** Maps a page to its rows (may read the database: queued behind the page being stored). */
      ready: (page: P) => ReadyPage | Promise<ReadyPage>
    },
  ): Promise<void> {
    const load = async (at: Pos) => {
      const page = await this.#export(() => io.fetch(at))
      return { page, ready: await io.ready(page) }
    }
    let pos = start
    let pending: ReturnType<typeof load> | undefined = load(pos)
    try {
      for (let n = 0; pending; n++) {
        const { page, ready } = await pending
        pending = undefined
        const next = io.nextOf(page, pos)
        const stuck = next === pos
        const more = !page.end_of_stream && !stuck && n + 1 < this.#maxPages
        const advance: StreamAdvance = {
          stream,
          ...io.positionOf(next, pos),
          endOfStream: page.end_of_stream,
          items: ready.items,
          positionAt: ready.positionAt,
          at: this.#now(),
        }
        const storing = retried(() => ready.store(advance))
        storing.catch(() => undefined) // awaited below; no unhandled rejection meanwhile
        if (more) {
          // Once this page's statement is on its way, fetch (parse, map) the next page while
          // PostgreSQL stores this one. A failure there surfaces when it is awaited.
          await new Promise((resolve) => setImmediate(resolve))
          pending = load(next)
          pending.catch(() => undefined)
        }
        await storing
        await this.#committed(stream, ready.items)
        pos = next
        if (page.end_of_stream) return
        if (stuck) {
          // A cursor that did not move, or a full page within one second (Zendesk returns every
          // item of a second in one page, so only a misbehaving proxy does that): next run.
          this.opts.log?.warn(
            { tenantId: this.tenantId, stream },
            'zendesk export position did not advance',
          )
          this.caughtUp = false
          return
        }
      }
      this.caughtUp = false
    } finally {
      // Stopped early (a failure, the page limit): let an unneeded fetch settle quietly.
      await pending?.catch(() => undefined)
    }
  }

  /** A cursor export: start_time once, then the stored cursor for ever. */
  #cursorStream<P extends { after_cursor: string | null; end_of_stream: boolean }>(
    stream: SyncStream,
    initialStart: number,
    fetch: (p: { startTime?: number; cursor?: string }) => Promise<P>,
    ready: (page: P) => ReadyPage | Promise<ReadyPage>,
  ): Promise<void> {
    return this.#pages<P, string | undefined>(
      stream,
      this.#streams.get(stream)?.cursor ?? undefined,
      {
        fetch: (cursor) => fetch(cursor !== undefined ? { cursor } : { startTime: initialStart }),
        nextOf: (page, cursor) => page.after_cursor ?? cursor,
        positionOf: (next, cursor) => ({
          cursor: next ?? null,
          ...(cursor === undefined ? { startTime: initialStart } : {}),
        }),
        ready,
      },
    )
  }

  /** A time-based export: the next start is the page's end_time, never moving backwards. */
  #timeStream<P extends { end_time: number; end_of_stream: boolean }>(
    stream: SyncStream,
    initialStart: number,
    fetch: (startTime: number) => Promise<P>,
    ready: (page: P) => ReadyPage | Promise<ReadyPage>,
  ): Promise<void> {
    return this.#pages<P, number>(
      stream,
      Number(this.#streams.get(stream)?.start_time ?? initialStart),
      {
        fetch,
        nextOf: (page, start) =>
          Math.max(start, Number.isFinite(page.end_time) ? page.end_time : start),
        positionOf: (next) => ({ startTime: next }),
        ready,
      },
    )
  }

  users(): Promise<void> {
    // Every user, from the beginning: an agent's role matters whenever they answered.
    return this.#cursorStream(
      'users',
      0,
      (p) => this.client.exportUsersCursor({ ...p, ...this.#perPage }),
      (page) => ({
        items: page.users.length,
        positionAt: newest(page.users.map((u) => u.updated_at)),
        store: (advance) => upsertUsers(this.#db, this.tenantId, page.users.map(userRow), advance),
      }),
    )
  }

  organizations(): Promise<void> {
    return this.#timeStream(
      'organizations',
      0,
      (startTime) => this.client.exportOrganizations({ startTime, ...this.#perPage }),
      (page) => ({
        items: page.organizations.length,
        positionAt: newest(page.organizations.map((o) => o.updated_at)),
        store: (advance) =>
          upsertOrganizations(this.#db, this.tenantId, page.organizations.map(orgRow), advance),
      }),
    )
  }

  tickets(): Promise<void> {
    return this.#cursorStream(
      'tickets',
      Math.floor(this.startAt.getTime() / 1000),
      (p) => this.client.exportTicketsCursor({ ...p, ...this.#perPage }),
      (page) => this.#ticketPage(page),
    )
  }

  #ticketPage(page: WireTicketCursorPage): ReadyPage {
    const latest = latestOfEach(page.tickets)
    const live = jsonRows(
      latest
        .filter((t) => t.status !== 'deleted')
        .map((t) => exportedTicketRow(t, this.#ourFields)),
    )
    const deleted = latest.filter((t) => t.status === 'deleted').map((t) => t.id)
    return {
      items: page.tickets.length,
      positionAt: newestSecond(page.tickets.map((t) => t.generated_timestamp)),
      store: async (advance) => {
        await storeExportedTickets(this.#db, this.tenantId, { live, deleted }, advance)
      },
    }
  }

  ticketEvents(): Promise<void> {
    return this.#timeStream(
      'ticket_events',
      Math.floor(this.startAt.getTime() / 1000),
      (startTime) => this.client.exportTicketEvents({ startTime, ...this.#perPage }),
      (page) => this.#eventPage(page),
    )
  }

  async #eventPage(page: WireTicketEventsPage): Promise<ReadyPage> {
    const audits = [...page.ticket_events].sort(byTimeThenId)
    const roles = await this.#roles(audits)
    const rows: SyncedEventRow[] = []
    let seq = 0
    for (const a of audits)
      for (const e of eventsOfAudit(a, (id) => roles.get(id)))
        rows.push(eventRow(a.ticket_id, e.key, e.event, ++seq))
    const json = jsonRows(rows)
    return {
      items: audits.length,
      positionAt: newestSecond(audits.map((a) => a.timestamp)),
      store: async (advance) => {
        await insertSyncedEvents(this.#db, this.tenantId, json, advance)
      },
    }
  }

  /**
   * Roles of the page's authors; unknown ones fetched from Zendesk and stored. A read before the
   * page's statement (and a write of users, which any later page may repeat harmlessly).
   */
  async #roles(audits: readonly WireTicketEvent[]): Promise<Map<number, 'end-user' | 'agent'>> {
    // Roles are cached for the run (users were synced first; one run sees few new authors).
    const ids = [...new Set(audits.flatMap(authorsOf))].filter((id) => !this.#roleCache.has(id))
    const known = await selectUserRoles(this.#db, this.tenantId, ids)
    const missing = ids.filter((id) => !known.has(id))
    if (missing.length > 0) {
      const fetched = await this.client.showManyUsers(missing)
      await upsertUsers(this.#db, this.tenantId, fetched.map(userRow))
      for (const u of fetched) known.set(u.id, u.role)
    }
    for (const [id, role] of known) this.#roleCache.set(id, roleOfZendesk(role))
    return this.#roleCache
  }

  /** Replays marked tickets and recomputes their accounts' months, in batches. */
  async recompute(): Promise<void> {
    const now = this.deps.clock()
    for (;;) {
      this.opts.signal?.throwIfAborted()
      const batch = await selectTicketsToRecompute(this.#db, this.tenantId, 500)
      if (batch.length === 0) break
      await inTransaction(this.#db, async (tx) => {
        const since = new Map<string, number>()
        for (const t of batch)
          if (t.account_id !== null)
            since.set(
              t.account_id,
              Math.min(since.get(t.account_id) ?? Infinity, t.created_at.getTime()),
            )
        await lockForRecompute(tx, this.tenantId, [...since.keys()])
        await recomputeAfterIngest(tx, { tenantId: this.tenantId, tickets: batch, since, now })
        await clearRecompute(
          tx,
          this.tenantId,
          batch.map((t) => t.id),
        )
      })
      this.recomputed += batch.length
    }
    // Accounts that lost tickets (moved to another organization, or deleted in Zendesk), queued
    // by the ticket pages: also those of an earlier run that stopped before this point.
    for (const queued of await selectAccountsToRecompute(this.#db, this.tenantId)) {
      this.opts.signal?.throwIfAborted()
      await inTransaction(this.#db, async (tx) => {
        await recomputeAccounts(tx, {
          tenantId: this.tenantId,
          accountIds: [queued.account_id],
          now,
          since: queued.since.getTime(),
        })
        await dequeueAccountToRecompute(tx, this.tenantId, queued)
      })
    }
  }
}

function eventRow(ticketId: number, key: string, e: TicketEvent, seq: number): SyncedEventRow {
  return {
    ticket_id: ticketId,
    event_key: key,
    at: new Date(e.at).toISOString(),
    seq,
    type: e.type,
    data: eventData(e),
  }
}

function userRow(u: WireUser) {
  return {
    id: u.id,
    name: u.name ?? null,
    role: u.role,
    organization_id: u.organization_id ?? null,
    updated_at: u.updated_at ?? null,
  }
}

function orgRow(o: WireOrganization) {
  const tier = o.organization_fields?.[TIER_ORG_FIELD]
  return {
    id: o.id,
    name: o.name,
    external_id: o.external_id ?? null,
    contract_tier: typeof tier === 'string' && tier !== '' ? tier : null,
    deleted: o.deleted_at !== undefined && o.deleted_at !== null,
    updated_at: o.updated_at ?? null,
  }
}

function newest(isos: readonly (string | null | undefined)[]): Date | null {
  let best = -Infinity
  for (const s of isos) {
    const t = s ? Date.parse(s) : NaN
    if (Number.isFinite(t) && t > best) best = t
  }
  return Number.isFinite(best) ? new Date(best) : null
}
