/**
 * SQL of the materialization: locks, ticket events, clocks, incidents and account months. Every
 * statement is tenant-scoped and batched (one select for all the tickets of a recomputation,
 * multi-row inserts and upserts), so recomputing thousands of tickets is a handful of round trips.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, NewRow, Row } from '../../db/database.js'

export type TicketEventRow = Pick<
  Row<'ticket_events'>,
  'ticket_id' | 'event_key' | 'at' | 'seq' | 'type' | 'data'
>
export type TicketRow = Row<'tickets'>
export type IncidentRow = Row<'incidents'>
export type MaintenanceRow = Row<'maintenance_windows'>

/** Rows per multi-row statement: well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

// ---------------------------------------------------------------------------------------------
// Locks. Recomputations of one account are serialized (each reads the account's clocks and
// writes its months: two running at once could each miss the other's tickets). Per-account work
// holds the tenant lock shared and the accounts' locks; work on the whole tenant holds the tenant
// lock exclusively. Transaction-scoped advisory locks, taken in a fixed order.

/** Takes the tenant's recomputation lock (shared, or exclusive for tenant-wide work). */
export async function lockTenant(
  db: Kysely<Database>,
  tenantId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const key = `sla-tenant:${tenantId}`
  await (
    mode === 'shared'
      ? sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`
      : sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`
  ).execute(db)
}

/** Takes the accounts' recomputation locks, in a fixed order. */
export async function lockAccounts(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return
  const keys = [...new Set(accountIds)].sort().map((id) => `sla-account:${tenantId}:${id}`)
  // A function scan yields the array in order, so the locks are taken in that order.
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as u(k)`.execute(
    db,
  )
}

// ---------------------------------------------------------------------------------------------
// Tickets and events

export function selectTicketsByIds(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly number[],
): Promise<TicketRow[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`)
    .execute()
}

/** Tickets of the accounts (all of the tenant's tickets with an account, for `all`). */
export function selectTicketsOfAccounts(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[] | 'all',
): Promise<TicketRow[]> {
  let q = db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId)
  q =
    accountIds === 'all'
      ? q.where('account_id', 'is not', null)
      : q.where(sql<boolean>`account_id = any(${[...accountIds]}::text[])`)
  return q.orderBy('id').execute()
}

/**
 * Attaches tickets stored without an account (their organization was not mapped yet) to the
 * accounts that now map their organization. Returns the attached ticket ids.
 */
export async function attachTicketsByOrganization(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[] | 'all',
): Promise<number[]> {
  const rows = await db
    .updateTable('tickets as t')
    .from('accounts as a')
    .set({ account_id: sql.ref('a.id') })
    .whereRef('a.tenant_id', '=', 't.tenant_id')
    .whereRef('a.organization_id', '=', 't.organization_id')
    .where('t.tenant_id', '=', tenantId)
    .where('t.account_id', 'is', null)
    .$if(accountIds !== 'all', (q) =>
      q.where(sql<boolean>`a.id = any(${accountIds === 'all' ? [] : [...accountIds]}::text[])`),
    )
    .returning('t.id')
    .execute()
  return rows.map((r) => r.id)
}

/** Every event of the tickets, in replay order per ticket (`at`, then delivery order). */
export function selectTicketEvents(
  db: Kysely<Database>,
  tenantId: string,
  ticketIds: readonly number[],
): Promise<TicketEventRow[]> {
  if (ticketIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('ticket_events')
    .select(['ticket_id', 'event_key', 'at', 'seq', 'type', 'data'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`ticket_id = any(${[...ticketIds]}::bigint[])`)
    .orderBy('ticket_id')
    .orderBy('at')
    .orderBy('seq')
    .execute()
}

export interface TicketComputed {
  id: number
  status: string
  priority: string | null
  createdAt: Date
  updatedAt: Date
}

/** Writes what a replay derived about tickets (status, priority, first and last event). */
export async function updateTicketsComputed(
  db: Kysely<Database>,
  tenantId: string,
  tickets: readonly TicketComputed[],
  recomputedAt: Date,
): Promise<void> {
  for (const part of chunks(tickets)) {
    const payload = JSON.stringify(
      part.map((t) => ({
        id: t.id,
        status: t.status,
        priority: t.priority,
        created_at: t.createdAt.toISOString(),
        updated_at: t.updatedAt.toISOString(),
      })),
    )
    await sql`
      update tickets as t
         set status = v.status, priority = v.priority, created_at = v.created_at,
             updated_at = v.updated_at, recomputed_at = ${recomputedAt}
        from jsonb_to_recordset(${payload}::jsonb)
             as v(id bigint, status text, priority text, created_at timestamptz, updated_at timestamptz)
       where t.tenant_id = ${tenantId} and t.id = v.id`.execute(db)
  }
}

// ---------------------------------------------------------------------------------------------
// Clocks

/** A clock row to insert; `report` is the clock's view (an object, stored as jsonb). */
export type ClockRow = Omit<
  NewRow<'ticket_clocks'>,
  'tenant_id' | 'report' | 'due_at' | 'breached_at'
> & {
  due_at: Date | null
  breached_at: Date | null
  report: unknown
}

/**
 * Replaces the clocks of the tickets (their old clocks are deleted, the new ones inserted). The
 * rows travel as one JSON parameter per few thousand: much cheaper than a bind parameter per value.
 */
export async function replaceTicketClocks(
  db: Kysely<Database>,
  tenantId: string,
  ticketIds: readonly number[],
  rows: readonly ClockRow[],
): Promise<void> {
  for (const part of chunks(ticketIds, 10_000))
    await db
      .deleteFrom('ticket_clocks')
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`ticket_id = any(${part}::bigint[])`)
      .execute()
  for (const part of chunks(rows, 5000)) {
    const payload = JSON.stringify(
      part.map((r) => ({
        ticket_id: r.ticket_id,
        metric: r.metric,
        cycle: r.cycle,
        account_id: r.account_id,
        state: r.state,
        active: r.active,
        due_at: r.due_at,
        breached_at: r.breached_at,
        warning_level: r.warning_level,
        report: r.report,
      })),
    )
    await sql`
      insert into ticket_clocks
        (tenant_id, ticket_id, metric, cycle, account_id, state, active, due_at, breached_at,
         warning_level, report)
      select ${tenantId}, x.ticket_id, x.metric, x.cycle, x.account_id, x.state, x.active,
             x.due_at, x.breached_at, x.warning_level, x.report
        from jsonb_to_recordset(${payload}::jsonb) as x(
          ticket_id bigint, metric text, cycle int, account_id text, state text, active boolean,
          due_at timestamptz, breached_at timestamptz, warning_level int, report jsonb)`.execute(db)
  }
}

export interface StoredClockRow {
  ticket_id: number
  account_id: string
  status: string
  report: unknown
}

/**
 * Stored clocks of the accounts' tickets, with the ticket's status, leaving out the given tickets
 * (those just replayed, whose fresh clocks the caller holds).
 */
export function selectStoredClocks(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[],
  exceptTicketIds: readonly number[],
): Promise<StoredClockRow[]> {
  if (accountIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('ticket_clocks as c')
    .innerJoin('tickets as t', (j) =>
      j.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.id', '=', 'c.ticket_id'),
    )
    .select(['c.ticket_id', 'c.account_id', 't.status', 'c.report'])
    .where('c.tenant_id', '=', tenantId)
    .where(sql<boolean>`c.account_id = any(${[...accountIds]}::text[])`)
    .$if(exceptTicketIds.length > 0, (q) =>
      q.where(sql<boolean>`c.ticket_id <> all(${[...exceptTicketIds]}::bigint[])`),
    )
    .orderBy('c.ticket_id')
    .orderBy('c.metric')
    .orderBy('c.cycle')
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Incidents and maintenance in a window

export function selectIncidentsOverlapping(
  db: Kysely<Database>,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<IncidentRow[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('start_at', '<', to)
    .where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', from)]))
    .orderBy('start_at')
    .orderBy('id')
    .execute()
}

export function selectMaintenanceOverlapping(
  db: Kysely<Database>,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<MaintenanceRow[]> {
  return db
    .selectFrom('maintenance_windows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('start_at', '<', to)
    .where('end_at', '>', from)
    .orderBy('start_at')
    .orderBy('id')
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Account months

/** Per account: the earliest stored month and the first instant of its tickets. */
export async function selectAccountHistoryStart(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[],
): Promise<Map<string, { firstMonth: string | null; firstTicketAt: Date | null }>> {
  const out = new Map<string, { firstMonth: string | null; firstTicketAt: Date | null }>()
  if (accountIds.length === 0) return out
  const ids = [...accountIds]
  const [months, tickets] = await Promise.all([
    db
      .selectFrom('account_states')
      .select(['account_id', (eb) => eb.fn.min('month').as('first')])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`account_id = any(${ids}::text[])`)
      .groupBy('account_id')
      .execute(),
    db
      .selectFrom('tickets')
      .select(['account_id', (eb) => eb.fn.min('created_at').as('first')])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`account_id = any(${ids}::text[])`)
      .groupBy('account_id')
      .execute(),
  ])
  for (const id of ids) out.set(id, { firstMonth: null, firstTicketAt: null })
  for (const m of months) out.get(m.account_id)!.firstMonth = m.first
  for (const t of tickets) if (t.account_id !== null) out.get(t.account_id)!.firstTicketAt = t.first
  return out
}

export type AccountStateRow = NewRow<'account_states'>

/** Inserts or replaces account months. */
export async function upsertAccountStates(
  db: Kysely<Database>,
  rows: readonly AccountStateRow[],
): Promise<void> {
  for (const part of chunks(rows, 500))
    await db
      .insertInto('account_states')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'account_id', 'month']).doUpdateSet((eb) => ({
          tier_id: eb.ref('excluded.tier_id'),
          budget_status: eb.ref('excluded.budget_status'),
          worst_budget_percent: eb.ref('excluded.worst_budget_percent'),
          credit_minor: eb.ref('excluded.credit_minor'),
          currency: eb.ref('excluded.currency'),
          flags: eb.ref('excluded.flags'),
          state: eb.ref('excluded.state'),
          sidebar: eb.ref('excluded.sidebar'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute()
}

/** Accounts of the tenant using any of the components (regions are checked by the caller). */
export function selectAccountsUsingComponents(
  db: Kysely<Database>,
  tenantId: string,
  components: readonly string[],
): Promise<Pick<Row<'accounts'>, 'id' | 'components' | 'regions'>[]> {
  if (components.length === 0) return Promise.resolve([])
  return db
    .selectFrom('accounts')
    .select(['id', 'components', 'regions'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`components ?| ${[...components]}::text[]`)
    .orderBy('id')
    .execute()
}
