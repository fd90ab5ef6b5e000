/**
 * The read models the service answers and the Zendesk app shows: one definition for both sides.
 * Instants are ISO-8601 UTC strings; money is integer minor units with its currency.
 */
import type { AccountPeriod } from '../account/account-period.js'
import type { ClockView, CreditView, UptimeView } from '../scenario/evaluate.js'

/** How far a ticket's clocks are from their targets, worst first. */
export type RiskLevel = 'none' | 'watch' | 'at-risk' | 'breached'

/** Why a ticket has no clocks, or `computed`. */
export type ClockOutcome = 'computed' | 'no-account' | 'no-contract' | 'incomplete'

/** The portfolio's orders. */
export type PortfolioSort = 'credit' | 'budget' | 'name'

export interface LiveClock extends ClockView {
  /** Wall-clock minutes until the due instant (running clocks not yet breached), else null. */
  dueInMinutes: number | null
  /** Wall-clock minutes since the breach (active breached clocks), else null. */
  overdueMinutes: number | null
  risk: RiskLevel
  /** Why, in words (null when there is nothing to say). */
  reason: string | null
}

/** Why a stored month is stale: it is not the current month, or contracts changed since. */
export type StaleCode = 'other-month' | 'contracts-changed'

export interface MonthSummary {
  month: string
  computedAt: string
  ageMinutes: number
  stale: boolean
  /** Why it is stale, in words (English). */
  staleReasons: string[]
  /** The same reasons as codes, in the same order, for screens that word them themselves. */
  staleCodes: StaleCode[]
  tier: string | null
  budgetStatus: string | null
  flags: string[]
  uptime: {
    commitmentId: string
    label: string | null
    target: string
    applicable: boolean
    uptimePercent: string
    monthToDatePercent: string
    meetsTarget: boolean
    downtimeMinutes: number
    errorBudget: {
      allowedMinutes: number
      usedMinutes: number
      remainingMinutes: number
      percentUsed: string
      status: string
    }
  }[]
  credit: CreditView | null
}

export interface OutageView {
  kind: 'incident' | 'maintenance'
  id: string
  title: string | null
  impact: string
  components: string[]
  start: string
  end: string | null
  minutesSinceStart: number
}

export interface TicketSla {
  asOf: string
  ticket: {
    id: number
    subject: string | null
    status: string
    priority: string | null
    organizationId: number | null
    createdAt: string
    updatedAt: string
  } | null
  account: {
    id: string
    name: string
    tier: string | null
    organizationId: number | null
    timeZone: string
  } | null
  clocksStatus: ClockOutcome | 'no-ticket'
  clocks: LiveClock[]
  risk: { level: RiskLevel; reasons: string[] }
  month: MonthSummary | null
  outages: OutageView[]
}

export interface AccountSla {
  asOf: string
  account: {
    id: string
    name: string
    organizationId: number | null
    timeZone: string
    components: string[]
    regions: string[]
  }
  contract: {
    tier: string
    accountVersion: number
    tierVersion: number
    effectiveFrom: string | null
    until: string | null
    monthlyFee: { amountMinor: number; currency: string }
    componentFees: Record<string, number>
  } | null
  months: {
    month: string
    tier: string | null
    budgetStatus: string | null
    worstBudgetPercent: string | null
    creditMinor: number
    currency: string | null
    flags: string[]
    uptime: UptimeView[]
    credit: CreditView | null
    tickets: AccountPeriod['tickets']
    computedAt: string
  }[]
  credits: {
    month: string
    totalMinor: number
    automaticMinor: number
    onRequestMinor: number
    currency: string
    claimDeadline: string | null
    claimLastDate: string | null
  }[]
  breaches: {
    items: {
      ticketId: number
      subject: string | null
      metric: string
      cycle: number
      priority: string
      active: boolean
      breachedAt: string
      dueAt: string | null
      stoppedAt: string | null
    }[]
    next: string | null
  }
}

export interface Portfolio {
  asOf: string
  month: string | null
  sort: PortfolioSort
  items: {
    account: { id: string; name: string }
    month: string
    tier: string | null
    budgetStatus: string | null
    worstBudgetPercent: string | null
    creditMinor: number
    currency: string | null
    flags: string[]
    clocks: { breached: number; atRisk: number }
    computedAt: string
  }[]
  next: string | null
  totals: {
    tiers: {
      tier: string | null
      accounts: number
      approaching: number
      breached: number
      withBreachedClocks: number
      withClocksAtRisk: number
      credit: Record<string, number>
    }[]
    accountsWithoutState: number
  }
}
