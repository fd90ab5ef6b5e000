/**
 * The reads: the ticket sidebar, account detail and the portfolio.
 *
 * Live clocks in the sidebar. A stored clock is as of the ticket's last replay; a running clock
 * has moved since. The sidebar replays the ticket's events at the service clock with the engine
 * (the events come with the same query as the rest; the account's contract timeline and compiled
 * calendars are cached per registry revision), so every figure — elapsed business time, percent
 * used, warning level, due and breach instants — is exactly what the engine says now, across
 * business hours, pauses and holidays. Deriving them from the stored report and `due_at` would be
 * exact only for the due instant and wall-clock targets, not for business-time elapsed.
 *
 * The account's month is NOT computed on the request path: the sidebar shows the stored month
 * and says when it is missing or stale (an older month, or a registry change since).
 */
import type { Kysely } from 'kysely'
import {
  clockView,
  contractAt,
  formatInstant,
  monthOf,
  touchesAccount,
  type ClockView,
} from '@sla-tracker/shared'
import type {
  AccountSla,
  LiveClock,
  MonthSummary,
  OutageView,
  Portfolio,
  RiskLevel,
  StaleCode,
  TicketSla,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { NotFound } from '../../errors.js'
import {
  loadAccountContracts,
  loadRegistry,
  type AccountContracts,
  type TenantRegistry,
} from '../registry/registry.loader.js'
import {
  compareEventRows,
  eventOfRow,
  replayTicket,
  type ClockOutcome,
} from '../compute/materialize.js'
import type { StoredAccountMonth } from '../compute/materialize.js'
import { decodeCursor, encodeCursor } from './page-cursor.js'
import type { AccountPart, SidebarCache } from './sidebar-cache.js'
import {
  countAccountsWithoutState,
  findAccount,
  selectAccountMonths,
  selectActiveClockCounts,
  selectBreaches,
  selectOrganizationSnapshot,
  selectPortfolioPage,
  selectPortfolioTotals,
  selectSidebar,
  selectAccountSnapshot,
  selectTenantSnapshot,
  type SidebarRow,
  type EventTuple,
  type AccountSnapshot,
  type OpenOutage,
  type PortfolioSort,
} from './reads.repository.js'

// ---------------------------------------------------------------------------------------------
// Contract timelines, cached per tenant, account and registry revision.

interface CachedContracts {
  revision: number
  registry: TenantRegistry
  contracts: AccountContracts | undefined
}

const CACHE_LIMIT = 20_000
const contractCache = new Map<string, CachedContracts>()

async function contractsOf(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  revision: number,
): Promise<CachedContracts> {
  const key = `${tenantId}\u0000${accountId}`
  const hit = contractCache.get(key)
  if (hit && hit.revision === revision) return hit
  const registry = await loadRegistry(db, tenantId)
  const contracts = (await loadAccountContracts(db, registry, [accountId])).get(accountId)
  const entry = { revision: registry.revision, registry, contracts }
  if (contractCache.size >= CACHE_LIMIT) contractCache.delete(contractCache.keys().next().value!)
  contractCache.set(key, entry)
  return entry
}

// ---------------------------------------------------------------------------------------------
// Risk

const RISK_RANK: Record<RiskLevel, number> = { none: 0, watch: 1, 'at-risk': 2, breached: 3 }

const METRIC_LABEL: Record<string, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  periodicUpdate: 'Periodic update',
  resolution: 'Resolution',
}

/** "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000))
  if (m < 60) return `${m} min`
  if (m < 48 * 60)
    return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`
  const h = Math.floor(m / 60)
  return h % 24 === 0 ? `${Math.floor(h / 24)} d` : `${Math.floor(h / 24)} d ${h % 24} h`
}

/** A clock at `now` with its risk: warning level and time to breach. */
export function liveClock(v: ClockView, now: number): LiveClock {
  const label = `${METRIC_LABEL[v.metric] ?? v.metric}${v.cycle > 1 ? ` #${v.cycle}` : ''}`
  const pct = `${Math.round(v.percentUsed)}% used`
  const due = v.dueAt === null ? null : Date.parse(v.dueAt)
  const breached = v.breachedAt === null ? null : Date.parse(v.breachedAt)
  let risk: RiskLevel = 'none'
  let reason: string | null = null
  let dueInMinutes: number | null = null
  let overdueMinutes: number | null = null
  if (v.active && breached !== null) {
    risk = 'breached'
    overdueMinutes = Math.round((now - breached) / 600) / 100
    reason = `${label} breached ${formatDuration(now - breached)} ago (due ${formatInstant(breached)})`
  } else if (v.active) {
    risk = v.warningLevel >= 2 ? 'at-risk' : v.warningLevel === 1 ? 'watch' : 'none'
    if (v.state === 'running' && due !== null) {
      dueInMinutes = Math.round((due - now) / 600) / 100
      if (risk !== 'none') reason = `${label} due in ${formatDuration(due - now)} (${pct})`
    } else if (v.state === 'paused' && risk !== 'none') reason = `${label} paused at ${pct}`
  }
  return { ...v, dueInMinutes, overdueMinutes, risk, reason }
}

export function riskOf(clocks: readonly LiveClock[]): { level: RiskLevel; reasons: string[] } {
  let level: RiskLevel = 'none'
  for (const c of clocks) if (RISK_RANK[c.risk] > RISK_RANK[level]) level = c.risk
  const reasons = clocks
    .filter((c) => c.reason !== null)
    .sort(
      (a, b) =>
        RISK_RANK[b.risk] - RISK_RANK[a.risk] ||
        (a.dueInMinutes ?? Infinity) - (b.dueInMinutes ?? Infinity),
    )
    .map((c) => c.reason!)
  return { level, reasons }
}

// ---------------------------------------------------------------------------------------------
// The account's month, as stored

const minutes = (ms: number) => Math.round(ms / 60) / 1000

function monthSummary(s: AccountSnapshot, now: number): MonthSummary | null {
  if (s.month === null || s.computed_at === null || s.time_zone === null || s.state === null)
    return null
  const stored = s.state
  const reasons: string[] = []
  const codes: StaleCode[] = []
  const current = monthOf(now, s.time_zone).month
  if (s.month !== current) {
    reasons.push(`no state for ${current} yet: this is ${s.month}`)
    codes.push('other-month')
  }
  if (stored.registryRevision !== s.registry_revision) {
    reasons.push('contracts changed since it was computed')
    codes.push('contracts-changed')
  }
  return {
    month: s.month,
    computedAt: s.computed_at.toISOString(),
    ageMinutes: Math.max(0, Math.round((now - s.computed_at.getTime()) / 60_000)),
    stale: reasons.length > 0,
    staleReasons: reasons,
    staleCodes: codes,
    tier: s.tier_id,
    budgetStatus: s.budget_status,
    flags: s.flags ?? [],
    uptime: stored.uptime.map((u) => ({
      commitmentId: u.commitmentId,
      label: u.label ?? null,
      target: u.target,
      applicable: u.applicable,
      uptimePercent: u.uptimePercent,
      monthToDatePercent: u.monthToDatePercent,
      meetsTarget: u.meetsTarget,
      downtimeMinutes: u.downtimeMinutes,
      errorBudget: {
        allowedMinutes: u.allowedDowntimeMinutes,
        usedMinutes: minutes(u.errorBudget.usedMs),
        remainingMinutes: minutes(u.errorBudget.remainingMs),
        percentUsed: u.errorBudget.percentUsed,
        status: u.errorBudget.status,
      },
    })),
    credit: stored.credit,
  }
}

function outagesFor(s: AccountSnapshot, now: number): OutageView[] {
  if (s.components === null) return []
  return s.outages
    .filter((o: OpenOutage) => o.start <= now && (o.end === null || o.end > now))
    .filter((o: OpenOutage) => touchesAccount(o, s.components!, s.regions ?? []))
    .map((o) => ({
      kind: o.kind,
      id: o.id,
      title: o.title,
      impact: o.impact,
      components: o.components,
      start: formatInstant(o.start),
      end: o.end === null ? null : formatInstant(o.end),
      minutesSinceStart: Math.floor((now - o.start) / 60_000),
    }))
}

// ---------------------------------------------------------------------------------------------
// The sidebar

function accountPart(s: AccountSnapshot, tier: string | null): TicketSla['account'] {
  if (s.account_id === null) return null
  return {
    id: s.account_id,
    name: s.account_name!,
    tier,
    organizationId: s.account_organization_id,
    timeZone: s.time_zone!,
  }
}

/**
 * The sidebar row of a ticket, from the cache's parts when it has them (see sidebar-cache.ts),
 * else from the database (one statement for a ticket not cached; a small one per missing part).
 */
async function sidebarRow(
  db: Kysely<Database>,
  cache: SidebarCache | undefined,
  tenantId: string,
  ticketId: number,
  now: number,
): Promise<SidebarRow | undefined> {
  if (!cache) return selectSidebar(db, tenantId, ticketId, new Date(now))
  const generation = cache.generation(tenantId)
  const until = now + cache.opts.ttlMs
  const ticket = cache.ticket(tenantId, ticketId)
  if (!ticket) {
    const row = await selectSidebar(db, tenantId, ticketId, new Date(now), new Date(until))
    if (!row) return undefined
    const { outages, registry_revision, ...rest } = row
    const {
      id,
      subject,
      status,
      priority,
      organization_id,
      created_at,
      updated_at,
      events,
      ...account
    } = rest
    cache.setTicket(tenantId, generation, {
      id,
      subject,
      status,
      priority,
      organization_id,
      created_at,
      updated_at,
      events,
      account_id: row.account_id,
    })
    if (row.account_id !== null) cache.setAccount(tenantId, generation, row.account_id, account)
    cache.setTenant(tenantId, generation, { registry_revision, outages, until })
    return row
  }
  let tenant = cache.tenant(tenantId, now)
  if (!tenant) {
    const t = await selectTenantSnapshot(db, tenantId, new Date(now), new Date(until))
    if (!t) return undefined
    tenant = { ...t, until }
    cache.setTenant(tenantId, generation, tenant)
  }
  let account: AccountPart | undefined
  if (ticket.account_id !== null) {
    account = cache.account(tenantId, ticket.account_id)
    if (!account) {
      const snap = await selectAccountSnapshot(db, tenantId, ticket.account_id)
      if (snap) {
        const { outages: _o, registry_revision: _r, ...a } = snap
        account = a
        cache.setAccount(tenantId, generation, ticket.account_id, a)
      }
    }
  }
  return {
    ...(account ?? NO_ACCOUNT),
    ...ticket,
    account_id: account ? ticket.account_id : null,
    registry_revision: tenant.registry_revision,
    outages: tenant.outages,
  }
}

const NO_ACCOUNT: AccountPart = {
  account_id: null,
  account_name: null,
  account_organization_id: null,
  time_zone: null,
  components: null,
  regions: null,
  month: null,
  tier_id: null,
  budget_status: null,
  worst_budget_percent: null,
  credit_minor: null,
  currency: null,
  flags: null,
  state: null,
  computed_at: null,
}

/** The sidebar read for one ticket (or, for a ticket not synced yet, its organization). */
export async function ticketSla(
  db: Kysely<Database>,
  tenantId: string,
  ticketId: number,
  now: number,
  organizationId?: number,
  cache?: SidebarCache,
): Promise<TicketSla> {
  const row = await sidebarRow(db, cache, tenantId, ticketId, now)
  if (!row) {
    if (organizationId === undefined) throw new NotFound(`no ticket ${ticketId}`)
    const snap = await selectOrganizationSnapshot(db, tenantId, organizationId, new Date(now))
    if (!snap)
      throw new NotFound(`no ticket ${ticketId} and no account for organization ${organizationId}`)
    const month = monthSummary(snap, now)
    return {
      asOf: formatInstant(now),
      ticket: null,
      account: accountPart(snap, month?.tier ?? null),
      clocksStatus: 'no-ticket',
      clocks: [],
      risk: { level: 'none', reasons: [] },
      month,
      outages: outagesFor(snap, now),
    }
  }
  let clocks: LiveClock[] = []
  let status: ClockOutcome = 'no-account'
  let tier: string | null = null
  if (row.account_id !== null) {
    const { registry, contracts } = await contractsOf(
      db,
      tenantId,
      row.account_id,
      row.registry_revision,
    )
    const events = (JSON.parse(row.events) as EventTuple[])
      .map(([type, at, seq, key, data]) => ({
        type,
        at: new Date(at),
        seq,
        event_key: key,
        data,
      }))
      .sort(compareEventRows)
      .map(eventOfRow)
    const replayed = replayTicket(
      { id: row.id, accountId: row.account_id },
      events,
      contracts,
      registry,
      now,
    )
    status = replayed.outcome
    if (replayed.outcome === 'computed')
      clocks = replayed.clocks.map((c) => liveClock(clockView(c), now))
    tier = contracts ? (contractAt(contracts.timeline, now)?.tierId ?? null) : null
  }
  const month = monthSummary(row, now)
  return {
    asOf: formatInstant(now),
    ticket: {
      id: row.id,
      subject: row.subject,
      status: row.status,
      priority: row.priority,
      organizationId: row.organization_id,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    },
    account: accountPart(row, tier ?? month?.tier ?? null),
    clocksStatus: status,
    clocks,
    risk: riskOf(clocks),
    month,
    outages: outagesFor(row, now),
  }
}

// ---------------------------------------------------------------------------------------------
// Account detail

export async function accountSla(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  now: number,
  q: { months?: number | undefined; limit?: number | undefined; cursor?: string | undefined },
): Promise<AccountSla> {
  const account = await findAccount(db, tenantId, accountId)
  if (!account) throw new NotFound(`no account "${accountId}"`)
  const limit = q.limit ?? 50
  const after = q.cursor
    ? (() => {
        const [at, ticketId, metric, cycle] = decodeCursor(q.cursor, ['n', 'n', 's', 'n']) as [
          number,
          number,
          string,
          number,
        ]
        return { at: new Date(at), ticketId, metric, cycle }
      })()
    : undefined
  const registry = await loadRegistry(db, tenantId)
  const [contracts, months, breaches] = await Promise.all([
    loadAccountContracts(db, registry, [accountId]),
    selectAccountMonths(db, tenantId, accountId, q.months ?? 12),
    selectBreaches(db, tenantId, accountId, new Date(now), limit, after),
  ])
  const c = contracts.get(accountId)
  const inForce = c ? contractAt(c.timeline, now) : undefined
  const monthViews = months.map((m) => {
    const s = m.state as StoredAccountMonth
    return {
      month: m.month,
      tier: m.tier_id,
      budgetStatus: m.budget_status,
      worstBudgetPercent: m.worst_budget_percent,
      creditMinor: m.credit_minor,
      currency: m.currency,
      flags: m.flags,
      uptime: s.uptime,
      credit: s.credit,
      tickets: s.tickets,
      computedAt: m.computed_at.toISOString(),
    }
  })
  const last = breaches[breaches.length - 1]
  return {
    asOf: formatInstant(now),
    account: {
      id: account.id,
      name: account.name,
      organizationId: account.organization_id,
      timeZone: account.time_zone,
      components: account.components,
      regions: account.regions,
    },
    contract: inForce
      ? {
          tier: inForce.tierId,
          accountVersion: inForce.accountVersion,
          tierVersion: inForce.tierVersion,
          effectiveFrom: Number.isFinite(inForce.from) ? formatInstant(inForce.from) : null,
          until: Number.isFinite(inForce.until) ? formatInstant(inForce.until) : null,
          monthlyFee: inForce.monthlyFee,
          componentFees: { ...inForce.componentFees },
        }
      : null,
    months: monthViews,
    credits: monthViews.flatMap((m) =>
      m.credit
        ? [
            {
              month: m.month,
              totalMinor: m.credit.totalMinor,
              automaticMinor: m.credit.automaticMinor,
              onRequestMinor: m.credit.onRequestMinor,
              currency: m.credit.currency,
              claimDeadline: m.credit.claimDeadline,
              claimLastDate: m.credit.claimLastDate,
            },
          ]
        : [],
    ),
    breaches: {
      items: breaches.map((b) => {
        const v = b.report as ClockView
        return {
          ticketId: b.ticket_id,
          subject: b.subject,
          metric: b.metric,
          cycle: b.cycle,
          priority: v.priority,
          active: b.active,
          breachedAt: b.at.toISOString(),
          dueAt: v.dueAt,
          stoppedAt: v.stoppedAt,
        }
      }),
      next:
        breaches.length === limit && last
          ? encodeCursor([last.at.getTime(), last.ticket_id, last.metric, last.cycle])
          : null,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Portfolio

export interface PortfolioQuery {
  tier?: string | undefined
  flag?: string | undefined
  budget?: string | undefined
  month?: string | undefined
  sort?: PortfolioSort | undefined
  limit?: number | undefined
  cursor?: string | undefined
}

export async function portfolio(
  db: Kysely<Database>,
  tenantId: string,
  now: number,
  q: PortfolioQuery,
): Promise<Portfolio> {
  const sort = q.sort ?? 'credit'
  const limit = q.limit ?? 50
  const after = q.cursor
    ? (() => {
        const [key, accountId] = decodeCursor(q.cursor, [sort === 'name' ? 's' : 'n', 's']) as [
          string | number,
          string,
        ]
        return { key, accountId }
      })()
    : undefined
  const filter = {
    month: q.month,
    now: new Date(now),
    tier: q.tier,
    flag: q.flag,
    budget: q.budget,
  }
  const [rows, totals, missing] = await Promise.all([
    selectPortfolioPage(db, tenantId, filter, sort, limit, after),
    selectPortfolioTotals(db, tenantId, filter),
    countAccountsWithoutState(db, tenantId, filter),
  ])
  const counts = new Map(
    (
      await selectActiveClockCounts(
        db,
        tenantId,
        rows.map((r) => r.account_id),
        new Date(now),
      )
    ).map((c) => [c.account_id, c]),
  )
  const tiers = new Map<string | null, Portfolio['totals']['tiers'][number]>()
  for (const t of totals) {
    let e = tiers.get(t.tier_id)
    if (!e)
      tiers.set(
        t.tier_id,
        (e = {
          tier: t.tier_id,
          accounts: 0,
          approaching: 0,
          breached: 0,
          withBreachedClocks: 0,
          withClocksAtRisk: 0,
          credit: {},
        }),
      )
    e.accounts += t.accounts
    e.approaching += t.approaching
    e.breached += t.breached
    e.withBreachedClocks += t.clock_breached
    e.withClocksAtRisk += t.clock_at_risk
    if (t.currency !== null) e.credit[t.currency] = (e.credit[t.currency] ?? 0) + t.credit_minor
  }
  const last = rows[rows.length - 1]
  return {
    asOf: formatInstant(now),
    month: q.month ?? null,
    sort,
    items: rows.map((r) => ({
      account: { id: r.account_id, name: r.name },
      month: r.month,
      tier: r.tier_id,
      budgetStatus: r.budget_status,
      worstBudgetPercent: r.worst_budget_percent,
      creditMinor: r.credit_minor,
      currency: r.currency,
      flags: r.flags,
      clocks: {
        breached: counts.get(r.account_id)?.breached ?? 0,
        atRisk: counts.get(r.account_id)?.at_risk ?? 0,
      },
      computedAt: r.computed_at.toISOString(),
    })),
    next:
      rows.length === limit && last
        ? encodeCursor([sort === 'name' ? last.name : Number(last.sort_key), last.account_id])
        : null,
    totals: { tiers: [...tiers.values()], accountsWithoutState: missing },
  }
}
