/**
 * What every per-kind credit formula receives and returns.
 */
import type { CreditFacts } from './credit-facts.js'
import type { FeeBase } from './fee-base.js'
import type { CreditQuantity } from './quantity.js'

/** The facts and fee base a schedule is evaluated against. */
export interface ScheduleContext {
  facts: CreditFacts
  /** Currency of every amount (the monthly fee's). */
  currency: string
  feeBase: FeeBase
}

/** A schedule's exact credit before its cap, with the inputs it read and the steps it took. */
export interface ScheduleEvaluation {
  quantity: CreditQuantity
  inputs: Record<string, string | number>
  steps: string[]
}

/** Throws when a measured number breaks the facts' invariants (whole, non-negative, safe). */
export function assertWholeMs(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a whole, non-negative number of ms (got ${value})`)
}
