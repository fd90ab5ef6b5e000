/**
 * Support credits from breached ticket clocks: an amount per miss (with an escalation for
 * repeated misses) and an amount per hour of delay.
 */
import {
  METRICS,
  type Charge,
  type Metric,
  type PerHourDelaySchedule,
  type PerMissSchedule,
} from '../contract/profile.schema.js'
import { ONE, rat } from '../money/rational.js'
import type { MissFact } from './credit-facts.js'
import {
  formatCount,
  formatDecimal,
  formatHours,
  formatList,
  metricName,
  rationalText,
} from './explain.js'
import {
  NO_CREDIT,
  addQuantities,
  applyPartialStep,
  chargeText,
  chargeTimes,
  compareQuantities,
  partialStepText,
  quantityText,
  type CreditQuantity,
} from './quantity.js'
import {
  assertWholeMs,
  type ScheduleContext,
  type ScheduleEvaluation,
} from './schedule-evaluation.js'

const MS_PER_HOUR = 3_600_000

function priorityFilter(priorities: readonly string[] | undefined): (m: MissFact) => boolean {
  return (m) => priorities === undefined || priorities.includes(m.priority)
}

function missName(m: MissFact): string {
  return `Ticket ${m.ticketId}: ${metricName(m.metric)}${m.cycle > 1 ? ` #${m.cycle}` : ''} missed (priority ${m.priority})`
}

function countedText(
  n: number,
  of: number,
  metrics: readonly Metric[],
  priorities: readonly string[] | undefined,
): string {
  return `${n} of ${of} missed target${of === 1 ? '' : 's'} in the period ${n === 1 ? 'counts' : 'count'} (${formatList(metrics.map(metricName))}; priorities: ${priorities === undefined ? 'all' : formatList(priorities)})`
}

/**
 * Per-miss credits: every breached clock whose metric has a charge (and whose priority is
 * listed, when priorities are given) earns that charge. With `repeated`, once the number of
 * such misses reaches `minMisses`, the escalated charge `replace`s the sum, is `add`ed to it, or
 * the larger of the two (`max`, compared as exact amounts) applies.
 * @example
 * // TAI Enterprise: response 5%, resolution 10%, 2+ misses 15% (replace):
 * // one response and one resolution miss → 5% + 10% = 15% → replaced by 15%
 */
export function evaluatePerMiss(s: PerMissSchedule, ctx: ScheduleContext): ScheduleEvaluation {
  // A miss counts once, in the month it happened.
  const all = ctx.facts.misses.filter((m) => m.breachedInPeriod !== false)
  const metrics = METRICS.filter((m) => s.perMiss[m] !== undefined)
  const qualifying = all.filter(
    (m) => s.perMiss[m.metric] !== undefined && priorityFilter(s.priorities)(m),
  )
  const inputs: Record<string, string | number> = {
    missesInPeriod: all.length,
    missesCounted: qualifying.length,
    metrics: metrics.join(', '),
    priorities: s.priorities?.join(', ') ?? 'all',
  }
  const steps = [countedText(qualifying.length, all.length, metrics, s.priorities)]
  for (const m of qualifying)
    steps.push(`${missName(m)}: ${chargeText(s.perMiss[m.metric]!, ctx.currency)}`)
  let sum: CreditQuantity = NO_CREDIT
  const parts: string[] = []
  for (const metric of metrics) {
    const n = qualifying.filter((m) => m.metric === metric).length
    if (n === 0) continue
    const charge: Charge = s.perMiss[metric]!
    sum = addQuantities(sum, chargeTimes(charge, rat(n)))
    parts.push(
      `${n} ${metricName(metric)} miss${n === 1 ? '' : 'es'} × ${chargeText(charge, ctx.currency)}`,
    )
  }
  const sumText = quantityText(sum, ctx.currency, ctx.feeBase.name)
  steps.push(
    parts.length > 0
      ? `Per-miss sum: ${parts.join(' + ')} = ${sumText}`
      : 'No missed target earns a per-miss credit',
  )
  let quantity = sum
  const r = s.repeated
  if (r) {
    inputs.repeatedMinMisses = r.minMisses
    inputs.repeatedCombine = r.combine
    const n = qualifying.length
    if (n < r.minMisses) {
      steps.push(
        `${n} miss${n === 1 ? ' is' : 'es are'} fewer than the ${r.minMisses} that trigger the repeated-miss credit`,
      )
      inputs.repeatedApplied = 'no'
    } else {
      inputs.repeatedApplied = 'yes'
      const escalated = chargeTimes(r.credit, ONE)
      const escText = quantityText(escalated, ctx.currency, ctx.feeBase.name)
      const reached = `${n} misses reach the threshold of ${r.minMisses} for the repeated-miss credit (${escText})`
      switch (r.combine) {
        case 'replace':
          quantity = escalated
          steps.push(`${reached}; it replaces the per-miss sum: ${escText}`)
          break
        case 'add':
          quantity = addQuantities(sum, escalated)
          steps.push(
            `${reached}; it is added to the per-miss sum: ${sumText} + ${escText} = ${quantityText(quantity, ctx.currency, ctx.feeBase.name)}`,
          )
          break
        case 'max': {
          const escalatedWins = compareQuantities(escalated, sum, ctx.feeBase.minor) > 0
          quantity = escalatedWins ? escalated : sum
          steps.push(
            `${reached}; the larger of the per-miss sum (${sumText}) and the repeated-miss credit applies: ${escalatedWins ? escText : sumText}`,
          )
          break
        }
      }
    }
  }
  return { quantity, inputs, steps }
}

/**
 * Per-hour-of-delay credits: the delays (business or calendar, per `basis`) of the qualifying
 * misses are summed; the total in hours is floored, ceiled or prorated by `partialHour`;
 * credit = hours × charge.
 * @example
 * // LeadFly: 2% of the monthly fee per hour of delay. Delays 1 h 30 min + 45 min = 2.25 h
 * // → prorate 4.5%, floor 4%, ceil 6% of the fee base
 */
export function evaluatePerHourDelay(
  s: PerHourDelaySchedule,
  ctx: ScheduleContext,
): ScheduleEvaluation {
  const all = ctx.facts.misses
  const metrics = METRICS.filter((m) => s.metrics.includes(m))
  const qualifying = all.filter(
    (m) => s.metrics.includes(m.metric) && priorityFilter(s.priorities)(m),
  )
  // Delay accrues to the month it falls in (the facts carry the part within the period).
  const delayOf = (m: MissFact) => (s.basis === 'business' ? m.delayBusinessMs : m.delayCalendarMs)
  let total = 0n
  const steps = [
    `${countedText(qualifying.length, all.length, metrics, s.priorities)}; delay in ${s.basis} time`,
  ]
  for (const m of qualifying) {
    const d = delayOf(m)
    assertWholeMs(d, `the ${s.basis} delay of ticket ${m.ticketId}`)
    total += BigInt(d)
    steps.push(
      `${missName(m)}: ${formatHours(d)} late${m.breachedInPeriod === false ? ' in this period (missed in an earlier one)' : ''}`,
    )
  }
  const hours = rat(total, MS_PER_HOUR)
  const counted = applyPartialStep(hours, s.partialHour)
  const quantity = chargeTimes(s.credit, counted)
  steps.push(
    `Total delay: ${formatCount(total)} ms ÷ ${formatCount(MS_PER_HOUR)} ms an hour = ${partialStepText(hours, s.partialHour, 'hour')}`,
    `${formatDecimal(counted)} × ${chargeText(s.credit, ctx.currency)} = ${quantityText(quantity, ctx.currency, ctx.feeBase.name)}`,
  )
  return {
    quantity,
    inputs: {
      missesInPeriod: all.length,
      missesCounted: qualifying.length,
      metrics: metrics.join(', '),
      priorities: s.priorities?.join(', ') ?? 'all',
      basis: s.basis,
      partialHour: s.partialHour,
      totalDelayMs: Number(total),
      hours: rationalText(hours),
      hoursCounted: rationalText(counted),
    },
    steps,
  }
}
