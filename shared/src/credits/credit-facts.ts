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

/** A breached ticket clock. */
export interface MissFact {
  ticketId: string
  metric: Metric
  /** The profile priority of the ticket when the clock breached. */
  priority: string
  /** 1-based cycle of repeating metrics (next response, periodic update); 1 otherwise. */
  cycle: number
  dueAt: number
  breachedAt: number
  /** Delay past the due instant up to fulfilment (or up to the period end / now while unfulfilled). */
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
  /** Breaches with `breachedAt` in the period. */
  misses: readonly MissFact[]
  impactedDays: readonly ImpactedDayFact[]
}
