/**
 * One account's month: the ticket clocks' breaches and delays as credit facts, uptime and error
 * budgets, credits, and the flags a CS manager acts on. The `evaluate` command and the service
 * both compute an account's state here.
 */
import {
  ALWAYS_OPEN,
  businessMsBetween,
  type BusinessCalendar,
} from '../calendar/business-calendar.js'
import type { ClockReport, ClockState } from '../clocks/replay.js'
import {
  contractAt,
  contractForPeriod,
  type ContractTimeline,
  type ResolvedContract,
} from '../contract/contracts.js'
import type { Account } from '../contract/profile.schema.js'
import { computeServiceCredit } from '../credits/compute-credit.js'
import type { MissFact } from '../credits/credit-facts.js'
import type { CreditResult } from '../credits/credit-result.js'
import type { MonthPeriod } from '../time/period.js'
import type { Incident, Maintenance } from '../uptime/incident.js'
import { computeAccountUptime, type CommitmentUptime } from '../uptime/uptime.js'

/** What a CS manager should look at (the portfolio filters by them). */
export const ACCOUNT_FLAGS = [
  'no-contract',
  'error-budget-approaching',
  'error-budget-breached',
  'fast-burn',
  'clock-at-risk',
  'clock-breached',
  'credit-owed',
] as const

export type AccountFlag = (typeof ACCOUNT_FLAGS)[number]

/** A ticket's replayed clocks, as input to its account's month. */
export interface TicketClockSet {
  ticketId: string
  /** Zendesk status; solved and closed tickets are not open. */
  status: string
  clocks: readonly ClockReport[]
}

export interface AccountPeriodInput {
  account: Pick<Account, 'id' | 'components' | 'regions'>
  timeline: ContractTimeline
  period: MonthPeriod
  now: number
  tickets: readonly TicketClockSet[]
  incidents: readonly Incident[]
  maintenance: readonly Maintenance[]
  calendarFor: (id: string, zone: string, at: number) => BusinessCalendar
}

export interface AccountPeriod {
  /** The terms judging the period, or `null` when no contract covers it. */
  contract: ResolvedContract | null
  measureFrom: number | null
  uptime: CommitmentUptime[]
  credit: CreditResult | null
  tickets: {
    total: number
    open: number
    clocks: Record<ClockState, number>
    /** Clocks breached within the period. */
    breachesInPeriod: number
  }
  flags: AccountFlag[]
}

/**
 * The credit facts of the account's breached clocks for a period: breaches in it (counted once, in
 * their month) and the part of any delay that falls in it.
 */
export function missesForPeriod(
  tickets: readonly TicketClockSet[],
  timeline: ContractTimeline,
  period: { start: number; end: number },
  now: number,
  calendarFor: AccountPeriodInput['calendarFor'],
): { misses: MissFact[]; breachesInPeriod: number } {
  const misses: MissFact[] = []
  let breachesInPeriod = 0
  for (const t of tickets) {
    for (const c of t.clocks) {
      if (c.breachedAt === null) continue
      // Late from the breach until the clock stopped (or now); the part inside the period counts.
      const lateUntil = Math.min(c.stoppedAt ?? now, now, period.end)
      const from = Math.max(c.breachedAt, period.start)
      const inPeriod = c.breachedAt >= period.start && c.breachedAt < period.end
      if (inPeriod) breachesInPeriod++
      else if (!(lateUntil > from)) continue
      const terms = contractAt(timeline, c.startedAt)
      const cal = terms?.profile.calendar
        ? calendarFor(terms.profile.calendar, terms.timeZone, c.startedAt)
        : ALWAYS_OPEN
      const until = Math.max(from, lateUntil)
      misses.push({
        ticketId: t.ticketId,
        metric: c.metric,
        priority: c.priority,
        cycle: c.cycle,
        dueAt: c.dueAt ?? c.breachedAt,
        breachedAt: c.breachedAt,
        breachedInPeriod: inPeriod,
        delayBusinessMs: businessMsBetween(cal, from, until),
        delayCalendarMs: until - from,
      })
    }
  }
  return { misses, breachesInPeriod }
}

/** Computes one account's month. */
export function computeAccountPeriod(input: AccountPeriodInput): AccountPeriod {
  const { account, timeline, period, now } = input
  const clocks: Record<ClockState, number> = { running: 0, paused: 0, met: 0, breached: 0 }
  let atRisk = false
  let activeBreach = false
  let open = 0
  for (const t of input.tickets) {
    if (t.status !== 'solved' && t.status !== 'closed') open++
    for (const c of t.clocks) {
      clocks[c.state]++
      if (c.active && c.state !== 'breached' && c.warningLevel >= 2) atRisk = true
      if (c.active && c.state === 'breached') activeBreach = true
    }
  }
  const { misses, breachesInPeriod } = missesForPeriod(
    input.tickets,
    timeline,
    period,
    now,
    input.calendarFor,
  )
  const judged = contractForPeriod(timeline, period)
  const flags: AccountFlag[] = []
  let uptime: CommitmentUptime[] = []
  let credit: CreditResult | null = null
  if (judged) {
    const u = computeAccountUptime({
      accountId: account.id,
      components: account.components,
      regions: account.regions,
      contract: judged.contract,
      period,
      measureFrom: judged.measureFrom,
      now,
      incidents: input.incidents,
      maintenance: input.maintenance,
    })
    uptime = u.commitments
    credit = computeServiceCredit({
      accountId: account.id,
      period,
      contract: judged.contract,
      accountComponents: account.components,
      uptime: u.facts,
      misses,
      impactedDays: u.impactedDays,
    })
    const applicable = u.commitments.filter((c) => c.applicable)
    if (applicable.some((c) => c.errorBudget.status === 'breached'))
      flags.push('error-budget-breached')
    else if (applicable.some((c) => c.errorBudget.status === 'approaching'))
      flags.push('error-budget-approaching')
    if (applicable.some((c) => c.fastBurn)) flags.push('fast-burn')
  } else flags.push('no-contract')
  if (activeBreach) flags.push('clock-breached')
  if (atRisk) flags.push('clock-at-risk')
  if (credit && credit.totalMinor > 0) flags.push('credit-owed')
  return {
    contract: judged?.contract ?? null,
    measureFrom: judged?.measureFrom ?? null,
    uptime,
    credit,
    tickets: { total: input.tickets.length, open, clocks, breachesInPeriod },
    flags,
  }
}
