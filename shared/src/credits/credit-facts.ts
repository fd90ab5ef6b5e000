/**
 * What the credit formulas read: facts about one account's period, already measured by the
 * uptime and clock engines. Credits are pure arithmetic over these facts.
 */
import type { ResolvedContract } from '../contract/contracts.js'
import type { Impact, Metric } from '../contract/profile.schema.js'
import type { Rational } from '../money/rational.js'
import type { MonthPeriod } from '../time/period.js'

/** Measured uptime of one commitment over the period. */
export interface UptimeFact {
  commitmentId: string
  /** The components counted: the commitment's components that the account uses. */
  components: readonly string[]
  /** The commitment's target in percent (e.g. 999/10 for 99.9%). */
  target: Rational
  /** Length of the measured period in ms (after time removed from the period, if the contract says so). */
  periodMs: number
  /** Downtime counted under the contract's definition, in whole ms. */
  downtimeMs: number
}

/**
 * A breached ticket clock relevant to the period: breached in it, or still late during it.
 * Delay accrues to the month it falls in, so a closed month's credit never changes.
 */
export interface MissFact {
  ticketId: string
  metric: Metric
  /** The profile priority the clock breached under. */
  priority: string
  /** 1-based cycle of repeating metrics (next response, periodic update); 1 otherwise. */
  cycle: number
  dueAt: number
  breachedAt: number
  /**
   * Whether the breach happened in the period (absent: yes). Only such misses count for per-miss
   * credits; a miss from an earlier month contributes only its delay in this one.
   */
  breachedInPeriod?: boolean
  /** Delay past the due instant that falls in the period, up to fulfilment (or now). */
  delayBusinessMs: number
  delayCalendarMs: number
}

/** A calendar day (contract zone) on which a component suffered a non-excluded incident of an impact. */
export interface ImpactedDayFact {
  /** `YYYY-MM-DD` in the contract's zone. */
  date: string
  component: string
  impact: Impact
}

/** Everything the credit formulas need for one account and one month. */
export interface CreditFacts {
  accountId: string
  period: MonthPeriod
  /** The terms judging the period (profile with `credits`, fees, zone). */
  contract: ResolvedContract
  /** Components the account uses. */
  accountComponents: readonly string[]
  uptime: readonly UptimeFact[]
  /** Breaches in the period, and earlier breaches still late during it. */
  misses: readonly MissFact[]
  impactedDays: readonly ImpactedDayFact[]
}
