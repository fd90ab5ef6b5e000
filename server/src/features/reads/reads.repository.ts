/**
 * SQL of the reads. The sidebar read is one statement (the ticket, its account, the account's
 * newest stored month, the ticket's events, and the tenant's open incidents and running
 * maintenance) so that it costs one round trip on indexed paths.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { StoredAccountMonth } from '../compute/materialize.js'

/** An event as the sidebar read returns it: [type, at (epoch ms), seq, key, data]. */
export type EventTuple = [string, number, number, string, Record<string, unknown>]

export interface OpenOutage {
  kind: 'incident' | 'maintenance'
  id: string
  title: string | null
  components: string[]
  regions: string[]
  impact: string
  start: number
  end: number | null
}

export interface AccountSnapshot {
  account_id: string | null
  account_name: string | null
  account_organization_id: number | null
  time_zone: string | null
  components: string[] | null
  regions: string[] | null
  registry_revision: number
  month: string | null
  tier_id: string | null
  budget_status: string | null
  worst_budget_percent: string | null
  credit_minor: number | null
  currency: string | null
  flags: string[] | null
  /** Part of the stored month: see `accountColumns`. */
  state: Pick<StoredAccountMonth, 'registryRevision' | 'credit' | 'uptime'> | null
  computed_at: Date | null
  outages: OpenOutage[]
}

export interface SidebarRow extends AccountSnapshot {
  id: number
  subject: string | null
  status: string
  priority: string | null
  organization_id: number | null
  created_at: Date
  updated_at: Date
  /**
   * The events as JSON text of `EventTuple`s: kept as text so that a cache of many tickets holds
   * one string per ticket, not thousands of small objects for the garbage collector to walk.
   */
  events: string
}

/**
 * The tenant's incidents and maintenance running at `now`, or starting before `until` (a cache's
 * horizon; readers filter by their own `now`), as JSON.
 */
const openOutages = (now: Date, until: Date = now) => sql<OpenOutage[]>`(
  select coalesce(json_agg(o order by o.start), '[]'::json) from (
    select 'incident' as kind, i.id, i.title, i.components, i.regions, i.impact,
           (extract(epoch from i.start_at) * 1000)::float8 as start,
           (extract(epoch from i.end_at) * 1000)::float8 as "end"
      from incidents i
     where i.tenant_id = tn.id and i.start_at <= ${until} and (i.end_at is null or i.end_at > ${now})
    union all
    select 'maintenance', m.id, m.title, m.components, m.regions, m.impact,
           (extract(epoch from m.start_at) * 1000)::float8,
           (extract(epoch from m.end_at) * 1000)::float8
      from maintenance_windows m
     where m.tenant_id = tn.id and m.start_at <= ${until} and m.end_at > ${now}
  ) o)`

/**
 * The account and its newest month. Of the month's state only what the sidebar shows travels:
 * the credit (with its calculation), the uptime per commitment without its per-incident
 * contributions and burn rates, and the registry revision it was computed at.
 */
const accountColumns = sql`
  a.id as account_id, a.name as account_name, a.organization_id as account_organization_id,
  a.time_zone, a.components, a.regions, tn.registry_revision,
  s.month, s.tier_id, s.budget_status, s.worst_budget_percent, s.credit_minor, s.currency,
  s.flags, s.computed_at,
  case when s.state is null then null else coalesce(s.sidebar, jsonb_build_object(
    'registryRevision', s.state->'registryRevision',
    'credit', s.state->'credit',
    'uptime', coalesce(
      (select jsonb_agg(u - 'contributions' - 'burnRates')
         from jsonb_array_elements(s.state->'uptime') u), '[]'::jsonb)
  )) end as state`

const newestState = sql`left join lateral (
    select * from account_states s
     where s.tenant_id = a.tenant_id and s.account_id = a.id
     order by s.month desc limit 1
  ) s on true`

/** Everything the sidebar shows about one ticket, or `undefined` when the tenant has no such ticket. */
export async function selectSidebar(
  db: Kysely<Database>,
  tenantId: string,
  ticketId: number,
  now: Date,
  outagesUntil: Date = now,
): Promise<SidebarRow | undefined> {
  const r = await sql<SidebarRow>`/* prepared:sidebar */
    select t.id, t.subject, t.status, t.priority, t.organization_id, t.created_at, t.updated_at,
           ${accountColumns},
           (select coalesce(json_agg(json_build_array(e.type, (extract(epoch from e.at) * 1000)::float8,
                                                      e.seq, e.event_key, e.data)
                                     order by e.at, e.seq), '[]'::json)
              from ticket_events e where e.tenant_id = t.tenant_id and e.ticket_id = t.id)::text as events,
           ${openOutages(now, outagesUntil)} as outages
      from tickets t
      join tenants tn on tn.id = t.tenant_id
      left join accounts a on a.tenant_id = t.tenant_id and a.id = t.account_id
      ${newestState}
     where t.tenant_id = ${tenantId} and t.id = ${ticketId}`.execute(db)
  return r.rows[0]
}

/** The account part of the sidebar for an organization (a ticket not synced yet). */
export async function selectOrganizationSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  organizationId: number,
  now: Date,
): Promise<AccountSnapshot | undefined> {
  const r = await sql<AccountSnapshot>`
    select ${accountColumns}, ${openOutages(now)} as outages
      from accounts a
      join tenants tn on tn.id = a.tenant_id
      ${newestState}
     where a.tenant_id = ${tenantId} and a.organization_id = ${organizationId}`.execute(db)
  return r.rows[0]
}

// ---------------------------------------------------------------------------------------------
// Account detail

export function findAccount(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<Row<'accounts'> | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function selectAccountMonths(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  limit: number,
): Promise<Row<'account_states'>[]> {
  return db
    .selectFrom('account_states')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .orderBy('month', 'desc')
    .limit(limit)
    .execute()
}

export interface BreachRow {
  ticket_id: number
  subject: string | null
  metric: string
  cycle: number
  state: string
  active: boolean
  breached_at: Date | null
  due_at: Date | null
  /** The breach instant: stored, or the due instant of a running clock past it. */
  at: Date
  report: unknown
}

/**
 * Breached clocks of an account, newest breach first: those stored as breached and running ones
 * whose due instant has passed since their last replay. Keyset after (at, ticket, metric, cycle).
 */
export async function selectBreaches(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  now: Date,
  limit: number,
  after?: { at: Date; ticketId: number; metric: string; cycle: number },
): Promise<BreachRow[]> {
  const at = sql<Date>`coalesce(c.breached_at, c.due_at)`
  const r = await sql<BreachRow>`
    select c.ticket_id, t.subject, c.metric, c.cycle, c.state, c.active, c.breached_at, c.due_at,
           ${at} as at, c.report
      from ticket_clocks c
      join tickets t on t.tenant_id = c.tenant_id and t.id = c.ticket_id
     where c.tenant_id = ${tenantId} and c.account_id = ${accountId}
       and (c.breached_at is not null or (c.active and c.state = 'running' and c.due_at < ${now}))
       ${
         after
           ? sql`and (${at}, c.ticket_id, c.metric, c.cycle) < (${after.at}, ${after.ticketId}, ${after.metric}, ${after.cycle})`
           : sql``
       }
     order by ${at} desc, c.ticket_id desc, c.metric desc, c.cycle desc
     limit ${limit}`.execute(db)
  return r.rows
}

// ---------------------------------------------------------------------------------------------
// Portfolio

export type { PortfolioSort } from '@sla-tracker/shared'
import type { PortfolioSort } from '@sla-tracker/shared'

export interface PortfolioFilter {
  /** A month `YYYY-MM`, or each account's current month (in its zone) at `now`. */
  month: string | undefined
  now: Date
  tier?: string | undefined
  flag?: string | undefined
  budget?: string | undefined
}

export interface PortfolioRow {
  account_id: string
  name: string
  month: string
  tier_id: string | null
  budget_status: string | null
  worst_budget_percent: string | null
  credit_minor: number
  currency: string | null
  flags: string[]
  computed_at: Date
  sort_key: string | number
}

function portfolioWhere(tenantId: string, f: PortfolioFilter) {
  return sql`s.tenant_id = ${tenantId}
    and ${
      f.month !== undefined
        ? sql`s.month = ${f.month}`
        : sql`s.month = to_char(${f.now}::timestamptz at time zone a.time_zone, 'YYYY-MM')`
    }
    ${f.tier !== undefined ? sql`and s.tier_id = ${f.tier}` : sql``}
    ${f.flag !== undefined ? sql`and s.flags ? ${f.flag}` : sql``}
    ${f.budget !== undefined ? sql`and s.budget_status = ${f.budget}` : sql``}`
}

const SORT_KEY = {
  credit: sql`s.credit_minor`,
  budget: sql`coalesce(s.worst_budget_percent::numeric, -1)`,
  name: sql`a.name`,
} as const

/** One page of the portfolio, keyset-paginated on (sort key, account id). */
export async function selectPortfolioPage(
  db: Kysely<Database>,
  tenantId: string,
  f: PortfolioFilter,
  sort: PortfolioSort,
  limit: number,
  after?: { key: string | number; accountId: string },
): Promise<PortfolioRow[]> {
  const key = SORT_KEY[sort]
  // credit and budget: highest first; name: alphabetical. Ties by account id, ascending.
  const desc = sort !== 'name'
  const keyset = after
    ? desc
      ? sql`and (${key} < ${after.key} or (${key} = ${after.key} and s.account_id > ${after.accountId}))`
      : sql`and (${key} > ${after.key} or (${key} = ${after.key} and s.account_id > ${after.accountId}))`
    : sql``
  const r = await sql<PortfolioRow>`
    select s.account_id, a.name, s.month, s.tier_id, s.budget_status, s.worst_budget_percent,
           s.credit_minor, s.currency, s.flags, s.computed_at, ${key} as sort_key
      from account_states s
      join accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id
     where ${portfolioWhere(tenantId, f)} ${keyset}
     order by ${key} ${desc ? sql`desc` : sql`asc`}, s.account_id asc
     limit ${limit}`.execute(db)
  return r.rows
}

export interface PortfolioTotalRow {
  tier_id: string | null
  currency: string | null
  accounts: number
  approaching: number
  breached: number
  clock_breached: number
  clock_at_risk: number
  credit_minor: number
}

/** Totals per tier and currency over the filtered accounts (all pages). */
export async function selectPortfolioTotals(
  db: Kysely<Database>,
  tenantId: string,
  f: PortfolioFilter,
): Promise<PortfolioTotalRow[]> {
  const r = await sql<PortfolioTotalRow>`
    select s.tier_id, s.currency,
           count(*)::int as accounts,
           (count(*) filter (where s.budget_status = 'approaching'))::int as approaching,
           (count(*) filter (where s.budget_status = 'breached'))::int as breached,
           (count(*) filter (where s.flags ? 'clock-breached'))::int as clock_breached,
           (count(*) filter (where s.flags ? 'clock-at-risk'))::int as clock_at_risk,
           coalesce(sum(s.credit_minor), 0)::float8 as credit_minor
      from account_states s
      join accounts a on a.tenant_id = s.tenant_id and a.id = s.account_id
     where ${portfolioWhere(tenantId, f)}
     group by s.tier_id, s.currency
     order by s.tier_id, s.currency`.execute(db)
  return r.rows
}

/** Accounts of the tenant with no stored state for the month. */
export async function countAccountsWithoutState(
  db: Kysely<Database>,
  tenantId: string,
  f: PortfolioFilter,
): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from accounts a
     where a.tenant_id = ${tenantId}
       and not exists (
         select 1 from account_states s
          where s.tenant_id = a.tenant_id and s.account_id = a.id
            and ${
              f.month !== undefined
                ? sql`s.month = ${f.month}`
                : sql`s.month = to_char(${f.now}::timestamptz at time zone a.time_zone, 'YYYY-MM')`
            })`.execute(db)
  return r.rows[0]?.n ?? 0
}

export interface ClockCountRow {
  account_id: string
  breached: number
  at_risk: number
}

/**
 * Live counts of the accounts' active clocks: breached (stored as breached, or running past their
 * due instant) and at risk (warning level 2 or more at their last replay, not breached).
 */
export async function selectActiveClockCounts(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[],
  now: Date,
): Promise<ClockCountRow[]> {
  if (accountIds.length === 0) return []
  const late = sql`(c.breached_at is not null or (c.state = 'running' and c.due_at < ${now}))`
  const r = await sql<ClockCountRow>`
    select c.account_id,
           (count(*) filter (where ${late}))::int as breached,
           (count(*) filter (where not ${late} and c.warning_level >= 2))::int as at_risk
      from ticket_clocks c
     where c.tenant_id = ${tenantId} and c.active and c.account_id = any(${[...accountIds]}::text[])
     group by c.account_id`.execute(db)
  return r.rows
}

// ---------------------------------------------------------------------------------------------
// The sidebar's parts, for the read cache (see sidebar-cache.ts): what changes with the ticket,
// with its account, and with the tenant.

/** An account and its newest month, without the tenant's outages. */
export async function selectAccountSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
): Promise<AccountSnapshot | undefined> {
  const r = await sql<AccountSnapshot>`/* prepared:sidebar-account */
    select ${accountColumns}, '[]'::json as outages
      from accounts a
      join tenants tn on tn.id = a.tenant_id
      ${newestState}
     where a.tenant_id = ${tenantId} and a.id = ${accountId}`.execute(db)
  return r.rows[0]
}

/** The tenant's registry revision and outages running at `now` or starting before `until`. */
export async function selectTenantSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
  until: Date,
): Promise<{ registry_revision: number; outages: OpenOutage[] } | undefined> {
  const r = await sql<{
    registry_revision: number
    outages: OpenOutage[]
  }>`/* prepared:sidebar-tenant */
    select tn.registry_revision, ${openOutages(now, until)} as outages
      from tenants tn where tn.id = ${tenantId}`.execute(db)
  return r.rows[0]
}
