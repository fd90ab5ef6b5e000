/**
 * Recomputation of materialized state: ticket clocks (`ticket_clocks`) and account months
 * (`account_states`).
 *
 * - A ticket's clocks are replayed from ALL its stored events under its account's contract
 *   timeline, and replace its stored clocks.
 * - An account's month is computed by the engine's `computeAccountPeriod` from its tickets' clocks
 *   (fresh ones for the tickets just replayed, stored ones for the others, a running clock whose
 *   due instant passed since its replay being breached at that instant), the tenant's incidents
 *   and maintenance, and upserted.
 * - Which months: the current month (in the account's zone) always; from the month of `since`
 *   (the earliest instant a change affects: an event, an incident's start, a contract version)
 *   when given; for a plain `recomputeAccounts` without `since`, every month the account already
 *   has or has tickets in. Never more than {@link MAX_MONTHS_BACK} months back.
 *
 * Every entry point runs in one transaction (the caller's, when it passes one) and serializes
 * with other recomputations of the same accounts through advisory locks, so concurrent changes
 * to one account never lose each other's tickets.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import {
  monthPeriod,
  touchesAccount,
  type ClockView,
  type TicketClockSet,
} from '@sla-tracker/shared'
import {
  loadAccountContracts,
  loadRegistry,
  type AccountContracts,
  type TenantRegistry,
} from '../registry/registry.loader.js'
import {
  attachTicketsByOrganization,
  lockAccounts,
  lockTenant,
  replaceTicketClocks,
  selectAccountHistoryStart,
  selectAccountsUsingComponents,
  selectIncidentsOverlapping,
  selectMaintenanceOverlapping,
  selectStoredClocks,
  selectTicketEvents,
  selectTicketsOfAccounts,
  updateTicketsComputed,
  type AccountStateRow,
  type TicketEventRow,
  type TicketRow,
  upsertAccountStates,
} from './compute.repository.js'
import {
  accountStateRow,
  clockOfStoredView,
  clockRowsOf,
  compareEventRows,
  computeMonth,
  eventOfRow,
  incidentOfRow,
  maintenanceOfRow,
  monthsToCompute,
  replayTicket,
  type ReplayedTicket,
} from './materialize.js'
import { inTransaction } from './transactions.js'

export interface RecomputeRequest {
  tenantId: string
  /** The accounts whose contracts, tickets or incidents changed; `all` after a tier or calendar change. */
  accountIds: readonly string[] | 'all'
  /** The service clock (epoch ms). */
  now: number
  /**
   * The earliest instant the change affects (e.g. a corrected contract version's start): months
   * from this one are recomputed. Without it, every month the account has state or tickets in.
   */
  since?: number
}

/** Above this many accounts, a recomputation locks the whole tenant instead of each account. */
const MAX_ACCOUNT_LOCKS = 200

/** Takes the recomputation locks for the accounts (see compute.repository.ts). */
export async function lockForRecompute(
  tx: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[] | 'all',
): Promise<void> {
  if (accountIds === 'all' || accountIds.length > MAX_ACCOUNT_LOCKS)
    await lockTenant(tx, tenantId, 'exclusive')
  else {
    await lockTenant(tx, tenantId, 'shared')
    await lockAccounts(tx, tenantId, accountIds)
  }
}

export interface RecomputeSummary {
  accounts: number
  tickets: number
  clocks: number
  months: number
}

/** Recomputes the tickets and months of the given accounts. */
export async function recomputeAccounts(
  db: Kysely<Database>,
  request: RecomputeRequest,
): Promise<void> {
  await recomputeAccountsWithSummary(db, request)
}

/** {@link recomputeAccounts}, saying how much it recomputed. */
export function recomputeAccountsWithSummary(
  db: Kysely<Database>,
  request: RecomputeRequest,
): Promise<RecomputeSummary> {
  const { tenantId, accountIds, now } = request
  return inTransaction(db, async (tx) => {
    await lockForRecompute(tx, tenantId, accountIds)
    const registry = await loadRegistry(tx, tenantId)
    await attachTicketsByOrganization(tx, tenantId, accountIds)
    const contracts = await loadAccountContracts(
      tx,
      registry,
      accountIds === 'all' ? undefined : accountIds,
    )
    const tickets = await selectTicketsOfAccounts(tx, tenantId, accountIds)
    const replayed = await replayAndStore(tx, { tenantId, now, registry, contracts }, tickets)
    const ids =
      accountIds === 'all' ? [...contracts.keys()] : accountIds.filter((id) => contracts.has(id))
    const since = request.since ?? (await historyStart(tx, tenantId, ids, contracts))
    const months = await computeAccountMonths(
      tx,
      { tenantId, now, registry, contracts },
      ids,
      since,
      replayed,
      true,
    )
    let clocks = 0
    for (const t of replayed.values()) clocks += t.accountId === null ? 0 : t.clocks.length
    return { accounts: ids.length, tickets: replayed.size, clocks, months }
  })
}

/**
 * After events were stored for `tickets` (the caller holds the accounts' locks, in its
 * transaction): replays those tickets and recomputes the months of the accounts in `since`.
 */
export async function recomputeAfterIngest(
  tx: Kysely<Database>,
  request: {
    tenantId: string
    tickets: readonly TicketRow[]
    /** The accounts whose months change, each from the instant given. */
    since: ReadonlyMap<string, number>
    now: number
  },
): Promise<Map<number, ReplayedTicket>> {
  const { tenantId, now, since } = request
  const registry = await loadRegistry(tx, tenantId)
  const involved = new Set(since.keys())
  for (const t of request.tickets) if (t.account_id !== null) involved.add(t.account_id)
  const contracts = await loadAccountContracts(tx, registry, [...involved])
  const ctx = { tenantId, now, registry, contracts }
  const replayed = await replayAndStore(tx, ctx, request.tickets)
  await computeAccountMonths(
    tx,
    ctx,
    [...since.keys()].filter((id) => contracts.has(id)),
    since,
    replayed,
    false,
  )
  return replayed
}

/** An incident or maintenance window, before or after a change. */
export interface OutageFootprint {
  components: readonly string[]
  regions: readonly string[]
  start: number
}

/**
 * After an incident or maintenance window changed (`before` and/or `after`): recomputes the
 * months of every account it touches (by component and region), from its earliest start.
 * Returns the recomputed account ids.
 */
export async function recomputeForOutage(
  tx: Kysely<Database>,
  request: { tenantId: string; now: number; footprints: readonly OutageFootprint[] },
): Promise<string[]> {
  const { tenantId, now, footprints } = request
  if (footprints.length === 0) return []
  const components = [...new Set(footprints.flatMap((f) => f.components))]
  const candidates = await selectAccountsUsingComponents(tx, tenantId, components)
  const accountIds = candidates
    .filter((a) => footprints.some((f) => touchesAccount(f, a.components, a.regions)))
    .map((a) => a.id)
  if (accountIds.length === 0) return []
  await lockForRecompute(tx, tenantId, accountIds)
  const registry = await loadRegistry(tx, tenantId)
  const contracts = await loadAccountContracts(tx, registry, accountIds)
  const since = Math.min(...footprints.map((f) => f.start))
  await computeAccountMonths(
    tx,
    { tenantId, now, registry, contracts },
    accountIds.filter((id) => contracts.has(id)),
    since,
    new Map(),
    false,
  )
  return accountIds
}

// ---------------------------------------------------------------------------------------------

interface Context {
  tenantId: string
  now: number
  registry: TenantRegistry
  contracts: ReadonlyMap<string, AccountContracts>
}

/** Replays the tickets from their stored events and replaces their stored clocks. */
async function replayAndStore(
  tx: Kysely<Database>,
  ctx: Context,
  tickets: readonly TicketRow[],
): Promise<Map<number, ReplayedTicket>> {
  const out = new Map<number, ReplayedTicket>()
  if (tickets.length === 0) return out
  const ids = tickets.map((t) => t.id)
  const rows = await selectTicketEvents(tx, ctx.tenantId, ids)
  const byTicket = new Map<number, TicketEventRow[]>()
  for (const r of rows) {
    let list = byTicket.get(r.ticket_id)
    if (!list) byTicket.set(r.ticket_id, (list = []))
    list.push(r)
  }
  for (const t of tickets) {
    const list = (byTicket.get(t.id) ?? []).sort(compareEventRows)
    const contracts = t.account_id === null ? undefined : ctx.contracts.get(t.account_id)
    out.set(
      t.id,
      replayTicket(
        { id: t.id, accountId: t.account_id },
        list.map(eventOfRow),
        contracts,
        ctx.registry,
        ctx.now,
      ),
    )
  }
  const replayed = [...out.values()]
  await updateTicketsComputed(
    tx,
    ctx.tenantId,
    replayed.map((t) => ({
      id: t.id,
      status: t.status,
      priority: t.priority,
      createdAt: new Date(t.createdAt),
      updatedAt: new Date(t.updatedAt),
    })),
    new Date(ctx.now),
  )
  await replaceTicketClocks(tx, ctx.tenantId, ids, replayed.flatMap(clockRowsOf))
  return out
}

/** Per account, the first instant to recompute from when the caller names none. */
async function historyStart(
  tx: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[],
  contracts: ReadonlyMap<string, AccountContracts>,
): Promise<Map<string, number>> {
  const history = await selectAccountHistoryStart(tx, tenantId, accountIds)
  const out = new Map<string, number>()
  for (const id of accountIds) {
    const h = history.get(id)
    const c = contracts.get(id)!
    let since = Infinity
    if (h?.firstMonth) since = monthPeriod(h.firstMonth, c.timeline.timeZone).start
    if (h?.firstTicketAt) since = Math.min(since, h.firstTicketAt.getTime())
    const first = c.timeline.pieces[0]?.from
    if (first !== undefined && Number.isFinite(first)) since = Math.min(since, first)
    out.set(id, since)
  }
  return out
}

/**
 * Computes and stores the months of the accounts. `fresh` holds the tickets just replayed; the
 * other tickets' clocks are read from storage (unless `complete` says `fresh` holds them all).
 */
async function computeAccountMonths(
  tx: Kysely<Database>,
  ctx: Context,
  accountIds: readonly string[],
  since: number | ReadonlyMap<string, number>,
  fresh: ReadonlyMap<number, ReplayedTicket>,
  complete: boolean,
): Promise<number> {
  if (accountIds.length === 0) return 0
  const { tenantId, now, registry, contracts } = ctx
  const wanted = new Set(accountIds)
  const ticketsOf = new Map<string, TicketClockSet[]>()
  const add = (accountId: string, set: TicketClockSet) => {
    let list = ticketsOf.get(accountId)
    if (!list) ticketsOf.set(accountId, (list = []))
    list.push(set)
  }
  for (const t of fresh.values())
    if (t.accountId !== null && wanted.has(t.accountId) && t.clocks.length > 0)
      add(t.accountId, { ticketId: String(t.id), status: t.status, clocks: t.clocks })
  if (!complete) {
    const stored = await selectStoredClocks(tx, tenantId, accountIds, [...fresh.keys()])
    let current: { id: number; set: TicketClockSet } | undefined
    for (const row of stored) {
      if (current?.id !== row.ticket_id) {
        current = {
          id: row.ticket_id,
          set: { ticketId: String(row.ticket_id), status: row.status, clocks: [] },
        }
        add(row.account_id, current.set)
      }
      ;(current.set.clocks as unknown[]).push(clockOfStoredView(row.report as ClockView, now))
    }
  }

  // The same order whichever path the clocks came by (explanations list tickets in it).
  for (const list of ticketsOf.values())
    list.sort((a, b) => Number(a.ticketId) - Number(b.ticketId))

  // Months per account, and the window of incidents and maintenance they need.
  const plans = accountIds.map((id) => {
    const c = contracts.get(id)!
    const from = typeof since === 'number' ? since : (since.get(id) ?? now)
    return { id, c, periods: monthsToCompute(c.timeline.timeZone, Math.min(from, now), now) }
  })
  const windowStart = Math.min(...plans.map((p) => p.periods[0]!.start))
  const [incidentRows, maintenanceRows] = await Promise.all([
    selectIncidentsOverlapping(tx, tenantId, new Date(windowStart), new Date(now)),
    selectMaintenanceOverlapping(tx, tenantId, new Date(windowStart), new Date(now)),
  ])
  const incidents = incidentRows.map(incidentOfRow)
  const maintenance = maintenanceRows.map(maintenanceOfRow)

  const rows: AccountStateRow[] = []
  for (const { id, c, periods } of plans) {
    const input = {
      accountId: id,
      components: c.account.components,
      regions: c.account.regions ?? [],
      timeline: c.timeline,
      tickets: ticketsOf.get(id) ?? [],
      incidents,
      maintenance,
    }
    for (const period of periods) {
      const month = computeMonth(input, period, now, registry)
      // Months before the contract began have nothing to report.
      if (month.contract === null && period.end <= (c.timeline.pieces[0]?.from ?? -Infinity))
        continue
      rows.push(accountStateRow(tenantId, id, period, month, now, registry.revision))
    }
  }
  await upsertAccountStates(tx, rows)
  return rows.length
}
