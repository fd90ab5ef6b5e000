/**
 * The dashboard's view-model: filter state → service query, the portfolio's orders and what each
 * column header says about them, totals over tiers, tones of statuses, and the incidents' and
 * maintenance windows' status, duration and affected accounts. Pure: `now` is a parameter.
 */
import { ACCOUNT_FLAGS, type AccountFlag } from '@sla-tracker/shared'
import type {
  AffectedAccount,
  IncidentListItem,
  MaintenanceStatus,
  Portfolio,
  PortfolioSort,
} from '@sla-tracker/shared'
import type { Query } from '../../service/service-api.js'

export const BUDGET_STATUSES = ['ok', 'approaching', 'breached'] as const
export type BudgetStatus = (typeof BUDGET_STATUSES)[number]

/** The portfolio's flags (the service's `flag` filter accepts exactly these). */
/** The flags the portfolio filters by: the engine's account flags. */
export const PORTFOLIO_FLAGS = ACCOUNT_FLAGS
export type PortfolioFlag = AccountFlag

export const PORTFOLIO_SORTS: readonly PortfolioSort[] = ['credit', 'budget', 'name']

/** Accounts per page of the portfolio. */
export const PORTFOLIO_PAGE_SIZE = 25

export interface PortfolioFilters {
  /** '' = every tier. */
  tier: string
  budget: BudgetStatus | ''
  flag: PortfolioFlag | ''
  sort: PortfolioSort
}

export const DEFAULT_FILTERS: PortfolioFilters = { tier: '', budget: '', flag: '', sort: 'credit' }

export type PortfolioItem = Portfolio['items'][number]
export type TierTotals = Portfolio['totals']['tiers'][number]

/** The query of one portfolio page: unset filters are left out, the cursor only when paging. */
export function portfolioQuery(
  f: PortfolioFilters,
  cursor?: string | null,
  limit = PORTFOLIO_PAGE_SIZE,
): Query {
  const q: Query = { sort: f.sort, limit }
  if (f.tier) q['tier'] = f.tier
  if (f.budget) q['budget'] = f.budget
  if (f.flag) q['flag'] = f.flag
  if (cursor) q['cursor'] = cursor
  return q
}

/** A stable key of what the filters ask for (a change means a new first page). */
export function filtersKey(f: PortfolioFilters): string {
  return [f.tier, f.budget, f.flag, f.sort].join('|')
}

export function hasActiveFilters(f: PortfolioFilters): boolean {
  return f.tier !== '' || f.budget !== '' || f.flag !== ''
}

/** Clears the filters and keeps the order. */
export function clearFilters(f: PortfolioFilters): PortfolioFilters {
  return { ...DEFAULT_FILTERS, sort: f.sort }
}

export function isBudgetStatus(v: string): v is BudgetStatus {
  return (BUDGET_STATUSES as readonly string[]).includes(v)
}

export function isPortfolioFlag(v: string): v is PortfolioFlag {
  return (PORTFOLIO_FLAGS as readonly string[]).includes(v)
}

export function isPortfolioSort(v: string): v is PortfolioSort {
  return (PORTFOLIO_SORTS as readonly string[]).includes(v)
}

/**
 * The tiers to offer in the tier filter. The service's totals cover the filtered accounts only,
 * so the tiers seen before are kept: filtering by one tier must not hide the others.
 */
export function knownTiers(previous: readonly string[], tiers: readonly TierTotals[]): string[] {
  const all = new Set(previous)
  for (const t of tiers) if (t.tier !== null) all.add(t.tier)
  return [...all].sort((a, b) => a.localeCompare(b))
}

/** The totals of every tier together (credit: minor units per currency). */
export type OverallTotals = Omit<TierTotals, 'tier'>

/** The sum of the tiers' totals; credit stays per currency (never added across currencies). */
export function overallTotals(tiers: readonly TierTotals[]): OverallTotals {
  const out: OverallTotals = {
    accounts: 0,
    approaching: 0,
    breached: 0,
    withBreachedClocks: 0,
    withClocksAtRisk: 0,
    credit: {},
  }
  for (const t of tiers) {
    out.accounts += t.accounts
    out.approaching += t.approaching
    out.breached += t.breached
    out.withBreachedClocks += t.withBreachedClocks
    out.withClocksAtRisk += t.withClocksAtRisk
    for (const [currency, minor] of Object.entries(t.credit))
      out.credit[currency] = (out.credit[currency] ?? 0) + minor
  }
  return out
}

/** Credit per currency, in currency order, leaving out zero amounts. */
export function creditEntries(credit: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(credit)
    .filter(([, minor]) => minor !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
}

/** Tiers in the order the cards show them: by name, accounts without a tier last. */
export function orderedTiers(tiers: readonly TierTotals[]): TierTotals[] {
  return [...tiers].sort((a, b) =>
    a.tier === null ? 1 : b.tier === null ? -1 : a.tier.localeCompare(b.tier),
  )
}

/** Appends a page, dropping accounts already shown (a row moving between pages). */
export function appendPage(items: readonly PortfolioItem[], page: readonly PortfolioItem[]) {
  const seen = new Set(items.map((i) => i.account.id))
  return [...items, ...page.filter((i) => !seen.has(i.account.id))]
}

/** The portfolio column each order sorts. */
export type SortColumn = 'name' | 'budget' | 'credit'

/**
 * `aria-sort` of a column: the service sorts credit and budget highest first, names A→Z;
 * other columns are not sorted.
 */
export function ariaSortOf(sort: PortfolioSort, column: SortColumn): 'asc' | 'desc' | undefined {
  if (sort !== column) return undefined
  return sort === 'name' ? 'asc' : 'desc'
}

export type Tone = 'green' | 'yellow' | 'red' | 'grey'

export function budgetTone(status: string | null): Tone {
  switch (status) {
    case 'ok':
      return 'green'
    case 'approaching':
      return 'yellow'
    case 'breached':
      return 'red'
    default:
      return 'grey'
  }
}

export function flagTone(flag: string): Tone {
  switch (flag) {
    case 'error-budget-breached':
    case 'clock-breached':
    case 'credit-owed':
      return 'red'
    case 'error-budget-approaching':
    case 'clock-at-risk':
    case 'fast-burn':
      return 'yellow'
    default:
      return 'grey'
  }
}

/** The message key of a known status or flag, else null (shown as the service sent it). */
export function knownKey(group: 'budget' | 'flag' | 'impact', value: string): string | null {
  const known: Record<typeof group, readonly string[]> = {
    budget: BUDGET_STATUSES,
    flag: PORTFOLIO_FLAGS,
    impact: ['major', 'partial', 'degraded'],
  }
  return known[group].includes(value) ? `dashboard.${group}.${value}` : null
}

// --- incidents and maintenance ----------------------------------------------------------------

export type OutageStatus = 'ongoing' | 'resolved' | MaintenanceStatus

export function incidentStatus(i: IncidentListItem): OutageStatus {
  return i.ongoing || i.end === null ? 'ongoing' : 'resolved'
}

export function statusTone(s: OutageStatus): Tone {
  switch (s) {
    case 'ongoing':
      return 'red'
    case 'in-progress':
      return 'yellow'
    case 'scheduled':
      return 'grey'
    default:
      return 'green'
  }
}

export function impactTone(impact: string): Tone {
  return impact === 'major' ? 'red' : impact === 'partial' ? 'yellow' : 'grey'
}

/**
 * How long an outage lasts: to its end, or so far (`now`) when it is still running; null for one
 * that has not started.
 */
export function outageDurationMs(start: string, end: string | null, now: number): number | null {
  const s = Date.parse(start)
  if (Number.isNaN(s) || s > now) return end === null ? null : Math.max(0, Date.parse(end) - s)
  const e = end === null ? now : Math.min(Date.parse(end), now)
  return Math.max(0, e - s)
}

/** Whether the duration shown is still growing. */
export function outageRunning(start: string, end: string | null, now: number): boolean {
  const s = Date.parse(start)
  return s <= now && (end === null || Date.parse(end) > now)
}

/**
 * The recent list without what the open list already shows (one list is queried with
 * `open=true`, the other without, and both contain the open ones).
 */
export function withoutIds<T extends { id: string }>(items: readonly T[], shown: readonly T[]) {
  const ids = new Set(shown.map((i) => i.id))
  return items.filter((i) => !ids.has(i.id))
}

/** The first `max` affected accounts by name, and how many more there are. */
export function affectedSummary(
  accounts: readonly AffectedAccount[],
  max = 5,
): { shown: AffectedAccount[]; more: number } {
  const sorted = [...accounts].sort((a, b) => a.name.localeCompare(b.name))
  return { shown: sorted.slice(0, max), more: Math.max(0, sorted.length - max) }
}
