/**
 * A credit before it becomes money: a percent of the schedule's fee base plus a fixed amount,
 * both exact. Charges (`{ percent }` or `{ amountMinor }`) multiply into quantities; a quantity
 * becomes an exact amount of minor units only once the fee base is known.
 */
import type { Charge, PartialStepRule } from '../contract/profile.schema.js'
import { decimalOf } from '../contract/validate-profile.js'
import { formatMoney } from '../money/money.js'
import {
  HUNDRED,
  ONE,
  ZERO,
  add,
  ceil,
  cmp,
  div,
  floor,
  isZero,
  mul,
  rat,
  type Rational,
} from '../money/rational.js'
import { formatDecimal, formatMoneyExact, formatPercent } from './explain.js'

/** An exact credit: `percent`% of the fee base plus `fixedMinor` minor units. */
export interface CreditQuantity {
  readonly percent: Rational
  readonly fixedMinor: Rational
}

/** No credit. */
export const NO_CREDIT: CreditQuantity = { percent: ZERO, fixedMinor: ZERO }

/** The exact percent of a percent charge, or `undefined` for a fixed amount. Throws on an unvalidated charge. */
export function chargePercent(charge: Charge): Rational | undefined {
  if (charge.percent !== undefined) return decimalOf(charge.percent)
  if (charge.amountMinor !== undefined) return undefined
  throw new RangeError('a charge needs "percent" or "amountMinor" (validate the profile first)')
}

/**
 * `factor` times a charge.
 * @example chargeTimes({ percent: 5 }, rat(344, 1000)) // { percent: 1.72, fixedMinor: 0 } (as rationals)
 */
export function chargeTimes(charge: Charge, factor: Rational): CreditQuantity {
  const p = chargePercent(charge)
  if (p !== undefined) return { percent: mul(p, factor), fixedMinor: ZERO }
  return { percent: ZERO, fixedMinor: mul(rat(charge.amountMinor ?? 0), factor) }
}

/** The sum of two quantities. */
export function addQuantities(a: CreditQuantity, b: CreditQuantity): CreditQuantity {
  return { percent: add(a.percent, b.percent), fixedMinor: add(a.fixedMinor, b.fixedMinor) }
}

/**
 * The exact amount in minor units of a quantity on a fee base: `fee × percent ÷ 100 + fixed`.
 * @example exactAmountMinor({ percent: rat(43, 25), fixedMinor: ZERO }, 100_000n) // 1720 (as a rational)
 */
export function exactAmountMinor(q: CreditQuantity, feeBaseMinor: bigint): Rational {
  return add(div(mul(rat(feeBaseMinor), q.percent), HUNDRED), q.fixedMinor)
}

/**
 * Orders two quantities by their exact amount on a fee base; equal amounts (a zero fee base)
 * are ordered by percent, then by fixed amount.
 */
export function compareQuantities(
  a: CreditQuantity,
  b: CreditQuantity,
  feeBaseMinor: bigint,
): -1 | 0 | 1 {
  return (
    cmp(exactAmountMinor(a, feeBaseMinor), exactAmountMinor(b, feeBaseMinor)) ||
    cmp(a.percent, b.percent) ||
    cmp(a.fixedMinor, b.fixedMinor)
  )
}

/**
 * A charge for people.
 * @example chargeText({ percent: '5' }, 'USD') // "5%"; chargeText({ amountMinor: 5000 }, 'USD') // "$50.00"
 */
export function chargeText(charge: Charge, currency: string): string {
  const p = chargePercent(charge)
  return p !== undefined ? formatPercent(p) : formatMoney(charge.amountMinor ?? 0, currency)
}

/**
 * A quantity for people, naming the fee base of its percent.
 * @example quantityText({ percent: rat(10), fixedMinor: rat(5000) }, 'USD', 'the monthly fee') // "10% of the monthly fee + $50.00"
 */
export function quantityText(q: CreditQuantity, currency: string, feeBaseName: string): string {
  const parts: string[] = []
  if (!isZero(q.percent)) parts.push(`${formatPercent(q.percent)} of ${feeBaseName}`)
  if (!isZero(q.fixedMinor)) parts.push(formatMoneyExact(q.fixedMinor, currency))
  return parts.length > 0 ? parts.join(' + ') : 'no credit'
}

/**
 * Applies a partial-step rule to a non-negative number of steps: `floor` drops the partial step,
 * `ceil` counts it in full, `prorate` keeps its exact fraction.
 * @example applyPartialStep(rat(5, 2), 'floor') // 2 (as a rational)
 */
export function applyPartialStep(steps: Rational, rule: PartialStepRule): Rational {
  switch (rule) {
    case 'floor':
      return rat(floor(steps))
    case 'ceil':
      return rat(ceil(steps))
    case 'prorate':
      return steps
  }
}

/**
 * A number of steps (or hours) and what the partial-step rule made of it, for people.
 * @example partialStepText(rat(5, 2), 'floor', 'step') // "2.5 steps; the partial step is dropped (floor) → 2 steps"
 */
export function partialStepText(raw: Rational, rule: PartialStepRule, unit: string): string {
  const plural = (r: Rational) => `${formatDecimal(r)} ${cmp(r, ONE) === 0 ? unit : `${unit}s`}`
  if (raw.d === 1n) return plural(raw)
  const applied = applyPartialStep(raw, rule)
  switch (rule) {
    case 'prorate':
      return `${plural(raw)}, prorated`
    case 'floor':
      return `${plural(raw)}; the partial ${unit} is dropped (floor) → ${plural(applied)}`
    case 'ceil':
      return `${plural(raw)}; the partial ${unit} counts in full (ceil) → ${plural(applied)}`
  }
}
