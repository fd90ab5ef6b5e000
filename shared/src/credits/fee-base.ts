/**
 * The fee a schedule's percentages apply to: the account's monthly fee, or the fees of the
 * service components the schedule is about.
 */
import type { ResolvedContract } from '../contract/contracts.js'
import { formatMoney } from '../money/money.js'
import { formatCount, formatList } from './explain.js'

/** Which fee a schedule's percentages apply to. */
export type FeeBaseKind = 'monthly-fee' | 'component-fee'

/** A schedule's fee base and how it was found. */
export interface FeeBase {
  kind: FeeBaseKind
  /** Exact sum in minor units (a sum of component fees may exceed a safe integer). */
  minor: bigint
  /** How the fee base reads in a sentence ("the monthly fee", "the fee of platform and api"). */
  name: string
  /** Components whose fees were summed (`component-fee` only). */
  components: readonly string[]
  steps: string[]
}

/**
 * The fee base of a schedule. `monthly-fee` is the contract's monthly fee; `component-fee` is
 * the sum of the contract's component fees for `components` (each counted once; a component
 * without a fee contributes 0, and a step says so).
 * @example feeBaseOf('monthly-fee', [], contract) // { minor: 100000n, name: 'the monthly fee', … }
 */
export function feeBaseOf(
  kind: FeeBaseKind,
  components: readonly string[],
  contract: ResolvedContract,
): FeeBase {
  const currency = contract.monthlyFee.currency
  if (kind === 'monthly-fee') {
    const minor = BigInt(contract.monthlyFee.amountMinor)
    return {
      kind,
      minor,
      name: 'the monthly fee',
      components: [],
      steps: [
        `Fee base: the monthly fee, ${formatMoney(contract.monthlyFee.amountMinor, currency)}`,
      ],
    }
  }
  const unique = [...new Set(components)]
  if (unique.length === 0)
    return {
      kind,
      minor: 0n,
      name: 'the component fee',
      components: [],
      steps: [
        `Fee base: the fees of the affected components; none is affected, so ${formatMoney(0, currency)}`,
      ],
    }
  let minor = 0n
  const parts: string[] = []
  const missing: string[] = []
  for (const c of unique) {
    const fee = contract.componentFees[c]
    if (fee === undefined) {
      missing.push(c)
      parts.push(`${c} (no fee set: ${formatMoney(0, currency)})`)
    } else {
      minor += BigInt(fee)
      parts.push(`${c} (${formatMoney(fee, currency)})`)
    }
  }
  const total =
    minor <= BigInt(Number.MAX_SAFE_INTEGER)
      ? formatMoney(Number(minor), currency)
      : `${formatCount(minor)} minor units`
  const steps = [`Fee base: the fees of ${formatList(parts)} = ${total}`]
  if (missing.length > 0)
    steps.push(
      `The contract sets no fee for ${formatList(missing)}; ${missing.length === 1 ? 'it contributes' : 'they contribute'} nothing to the fee base`,
    )
  return {
    kind,
    minor,
    name: `the fee of ${formatList(unique)}`,
    components: unique,
    steps,
  }
}
