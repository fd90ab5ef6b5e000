/**
 * What a credit computation returns: every amount, every input it read and every step it took,
 * as plain JSON (numbers and strings; exact values as decimal or fraction strings, see
 * `rationalText`).
 */
import type { CreditSchedule } from '../contract/profile.schema.js'
import type { RoundingRule } from '../money/rational.js'
import type { FeeBaseKind } from './fee-base.js'

/** How a credit is paid: owed without asking, or only when the customer claims it in time. */
export type ClaimMode = 'automatic' | 'on-request'

/** One schedule's credit. */
export interface ScheduleCredit {
  scheduleId: string
  kind: CreditSchedule['kind']
  label?: string
  claim: ClaimMode
  feeBase: FeeBaseKind
  /** The fee the schedule's percentages apply to, in minor units. */
  feeBaseMinor: number
  /** Components whose fees make the fee base (`component-fee` only; empty otherwise). */
  feeBaseComponents: string[]
  /** The facts and terms the schedule read (counts in numbers, exact values as strings). */
  inputs: Record<string, string | number>
  /** Sentences with the real numbers, in order, from the fee base to the rounded amount. */
  steps: string[]
  /**
   * The credit after the schedule's cap as an exact percent of the fee base (`"12.5"`,
   * `"35/18"`); `null` when the schedule has fixed-amount charges.
   */
  percentOfFeeBase: string | null
  /** The schedule's cap in minor units (a percent cap is rounded by the rule), or `null`. */
  capMinor: number | null
  /** The amount before the schedule's cap, rounded once. */
  uncappedMinor: number
  /** The amount after the schedule's cap, rounded once. */
  amountMinor: number
  /** Whether the schedule's cap lowered the amount. */
  capped: boolean
}

/** What the contract's minimum amount did to the total. */
export interface MinimumOutcome {
  amountMinor: number
  rule: 'waive-below' | 'raise-to'
  /** `waived`: the total was below the minimum and became 0; `raised`: it was raised; `none`: untouched. */
  applied: 'none' | 'waived' | 'raised'
}

/** The service credit of one account for one month. */
export interface CreditResult {
  accountId: string
  /** `YYYY-MM`. */
  month: string
  /** The contract's zone. */
  timeZone: string
  currency: string
  rounding: RoundingRule
  monthlyFeeMinor: number
  schedules: ScheduleCredit[]
  /** Sum of the schedules' amounts. */
  subtotalMinor: number
  /** The overall cap in minor units (a percent cap is a percent of the monthly fee, rounded by the rule), or `null`. */
  overallCapMinor: number | null
  /** Whether the overall cap lowered the subtotal. */
  cappedByOverall: boolean
  minimum: MinimumOutcome | null
  /** The credit owed: the subtotal after the overall cap and the minimum. */
  totalMinor: number
  /** Part of the total owed without asking. `automaticMinor + onRequestMinor === totalMinor`. */
  automaticMinor: number
  /** Part of the total owed only when claimed within the window. */
  onRequestMinor: number
  claimWindowDays: number | null
  /** Epoch ms before which on-request credits must be claimed (exclusive), or `null` without a window. */
  claimDeadline: number | null
  /** The deadline as ISO 8601 text with the contract zone's offset. */
  claimDeadlineText: string | null
  /** The last local date (`YYYY-MM-DD`) on which a claim is accepted. */
  claimLastDate: string | null
  /** The whole computation in sentences, for a CS manager to read to the customer. */
  explanation: string[]
}
