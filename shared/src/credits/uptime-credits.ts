/**
 * Uptime credits: bands ("below 99.9% and at or above 99.0%: 10%") and linear steps ("5% of the
 * monthly fee per 0.1% below target").
 */
import type { UptimeBandsSchedule, UptimeLinearSchedule } from '../contract/profile.schema.js'
import { decimalOf } from '../contract/validate-profile.js'
import {
  HUNDRED,
  ONE,
  div,
  gte,
  lt,
  mul,
  rat,
  sub,
  toFixed,
  type Rational,
} from '../money/rational.js'
import type { CreditFacts, UptimeFact } from './credit-facts.js'
import { formatCount, formatDecimal, formatList, formatPercent, rationalText } from './explain.js'
import {
  NO_CREDIT,
  applyPartialStep,
  chargeText,
  chargeTimes,
  partialStepText,
  quantityText,
} from './quantity.js'
import {
  assertWholeMs,
  type ScheduleContext,
  type ScheduleEvaluation,
} from './schedule-evaluation.js'

/**
 * The uptime fact of a commitment, or `undefined` when none was measured. Throws when the facts
 * hold two for the same commitment (an engine bug).
 */
export function uptimeFactFor(facts: CreditFacts, commitment: string): UptimeFact | undefined {
  const found = facts.uptime.filter((u) => u.commitmentId === commitment)
  if (found.length > 1)
    throw new RangeError(`the facts hold ${found.length} uptime measurements of "${commitment}"`)
  return found[0]
}

/**
 * Uptime in percent: `(periodMs − downtimeMs) ÷ periodMs × 100`, exact; `undefined` when the
 * period is empty. Throws when downtime exceeds the period (an engine bug).
 * @example uptimePercent(1_000_000, 1_000) // 99.9 (as a rational)
 */
export function uptimePercent(periodMs: number, downtimeMs: number): Rational | undefined {
  assertWholeMs(periodMs, 'periodMs')
  assertWholeMs(downtimeMs, 'downtimeMs')
  if (downtimeMs > periodMs)
    throw new RangeError(`downtime (${downtimeMs} ms) exceeds the period (${periodMs} ms)`)
  if (periodMs === 0) return undefined
  return mul(rat(periodMs - downtimeMs, periodMs), HUNDRED)
}

interface Measured {
  fact: UptimeFact | undefined
  uptime: Rational | undefined
  inputs: Record<string, string | number>
  steps: string[]
}

function measure(commitment: string, ctx: ScheduleContext): Measured {
  const fact = uptimeFactFor(ctx.facts, commitment)
  const inputs: Record<string, string | number> = { commitment }
  if (!fact)
    return {
      fact,
      uptime: undefined,
      inputs,
      steps: [`No uptime was measured for commitment "${commitment}": no credit`],
    }
  const what = fact.components.length > 0 ? formatList(fact.components) : `"${commitment}"`
  inputs.components = fact.components.join(', ')
  inputs.periodMs = fact.periodMs
  inputs.downtimeMs = fact.downtimeMs
  inputs.targetPercent = rationalText(fact.target)
  const uptime = uptimePercent(fact.periodMs, fact.downtimeMs)
  if (uptime === undefined)
    return {
      fact,
      uptime,
      inputs,
      steps: [
        `Nothing was measured for ${what}: the measured period is 0 ms long, so there is no uptime and no credit`,
      ],
    }
  inputs.uptimePercent = rationalText(uptime)
  const shown = formatPercent(uptime)
  // Dashboards show uptime to two decimals, truncated (never rounded up onto a target).
  const note =
    mul(uptime, HUNDRED).d === 1n ? '' : ` (${toFixed(uptime, 2, 'floor')}% to two decimals)`
  return {
    fact,
    uptime,
    inputs,
    steps: [
      `Uptime of ${what}: (${formatCount(fact.periodMs)} − ${formatCount(fact.downtimeMs)}) ÷ ${formatCount(fact.periodMs)} ms × 100 = ${shown}${note}`,
    ],
  }
}

function bandText(b: UptimeBandsSchedule['bands'][number], currency: string): string {
  const lower =
    b.atLeast === undefined ? '' : `at or above ${formatPercent(decimalOf(b.atLeast))} and `
  return `${lower}below ${formatPercent(decimalOf(b.below))}: ${chargeText(b.credit, currency)}`
}

/**
 * Uptime bands: the credit of the band with `atLeast ≤ uptime < below` (no lower bound when
 * `atLeast` is absent); no band, no measured uptime or no fact → no credit.
 * @example
 * // S3-style table, uptime (1,000,000 − 10,000) ÷ 1,000,000 = 99%:
 * // "below 99.9% and at or above 99%" applies → 10% of the fee base
 */
export function evaluateUptimeBands(
  s: UptimeBandsSchedule,
  ctx: ScheduleContext,
): ScheduleEvaluation {
  const m = measure(s.commitment, ctx)
  if (m.uptime === undefined) return { quantity: NO_CREDIT, inputs: m.inputs, steps: m.steps }
  const u = m.uptime
  const band = s.bands.find(
    (b) => (b.atLeast === undefined || gte(u, decimalOf(b.atLeast))) && lt(u, decimalOf(b.below)),
  )
  if (!band) {
    const table = s.bands.map((b) => bandText(b, ctx.currency)).join('; ')
    m.steps.push(`${formatPercent(u)} is in no credit band (${table}): no credit`)
    m.inputs.band = 'none'
    return { quantity: NO_CREDIT, inputs: m.inputs, steps: m.steps }
  }
  const quantity = chargeTimes(band.credit, ONE)
  m.inputs.band = bandText(band, ctx.currency)
  const lower =
    band.atLeast === undefined ? '' : ` and at or above ${formatPercent(decimalOf(band.atLeast))}`
  m.steps.push(
    `${formatPercent(u)} is below ${formatPercent(decimalOf(band.below))}${lower}: the band's credit is ${quantityText(quantity, ctx.currency, ctx.feeBase.name)}`,
  )
  return { quantity, inputs: m.inputs, steps: m.steps }
}

/**
 * Linear steps below the target: `steps = (target − uptime) ÷ per`, floored, ceiled or
 * prorated by `partialStep`; credit = steps × charge. Uptime at or above the target earns nothing.
 * @example
 * // Target 99.9%, uptime 99.65%, 5% per 0.1 points:
 * // 0.25 ÷ 0.1 = 2.5 steps → prorate 12.5%, floor 10%, ceil 15% of the fee base
 */
export function evaluateUptimeLinear(
  s: UptimeLinearSchedule,
  ctx: ScheduleContext,
): ScheduleEvaluation {
  const m = measure(s.commitment, ctx)
  const per = decimalOf(s.per)
  m.inputs.per = rationalText(per)
  m.inputs.partialStep = s.partialStep
  if (m.uptime === undefined || m.fact === undefined)
    return { quantity: NO_CREDIT, inputs: m.inputs, steps: m.steps }
  const target = m.fact.target
  if (gte(m.uptime, target)) {
    m.steps.push(`${formatPercent(m.uptime)} meets the ${formatPercent(target)} target: no credit`)
    m.inputs.shortfallPoints = '0'
    return { quantity: NO_CREDIT, inputs: m.inputs, steps: m.steps }
  }
  const shortfall = sub(target, m.uptime)
  const raw = div(shortfall, per)
  const counted = applyPartialStep(raw, s.partialStep)
  const quantity = chargeTimes(s.credit, counted)
  m.inputs.shortfallPoints = rationalText(shortfall)
  m.inputs.steps = rationalText(raw)
  m.inputs.stepsCounted = rationalText(counted)
  m.steps.push(
    `${formatDecimal(shortfall)} points below the ${formatPercent(target)} target; at ${formatDecimal(per)} points a step that is ${partialStepText(raw, s.partialStep, 'step')}`,
    `${formatDecimal(counted)} × ${chargeText(s.credit, ctx.currency)} = ${quantityText(quantity, ctx.currency, ctx.feeBase.name)}`,
  )
  return { quantity, inputs: m.inputs, steps: m.steps }
}
