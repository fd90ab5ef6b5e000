/**
 * Credits per day impacted: "5% of the monthly fee per day with a performance issue".
 */
import type { PerDayImpactedSchedule } from '../contract/profile.schema.js'
import { rat } from '../money/rational.js'
import { parseCivilDate } from '../time/civil.js'
import { formatList } from './explain.js'
import { chargeText, chargeTimes, quantityText } from './quantity.js'
import type { ScheduleContext, ScheduleEvaluation } from './schedule-evaluation.js'

/**
 * Per-day-impacted credits: the distinct dates (contract zone) on which a counted component
 * (`components`, default every component the account uses) had an incident of a counted impact;
 * credit = days × charge.
 * @example
 * // LeadFly performance issues, 5% per day: degraded on 3 and 9 March (twice on the 9th)
 * // → 2 days × 5% = 10% of the fee base
 */
export function evaluatePerDayImpacted(
  s: PerDayImpactedSchedule,
  ctx: ScheduleContext,
): ScheduleEvaluation {
  const components = s.components ?? ctx.facts.accountComponents
  const records = ctx.facts.impactedDays
  for (const d of records)
    if (!parseCivilDate(d.date))
      throw new RangeError(`an impacted day must be a date YYYY-MM-DD (got "${d.date}")`)
  const counted = records.filter(
    (d) => s.impacts.includes(d.impact) && components.includes(d.component),
  )
  const dates = [...new Set(counted.map((d) => d.date))].sort()
  const n = dates.length
  const quantity = chargeTimes(s.credit, rat(n))
  const scope = `impact ${formatList(s.impacts, 'none', 'or')} on ${formatList(components, 'no component', 'or')}`
  const steps = [
    n === 0
      ? `No day had an incident of ${scope} (${records.length} impacted-day record${records.length === 1 ? '' : 's'} in the period): no credit`
      : `Days with an incident of ${scope}: ${dates.join(', ')} — ${n} day${n === 1 ? '' : 's'} (from ${counted.length} of ${records.length} impacted-day records)`,
  ]
  if (n > 0)
    steps.push(
      `${n} × ${chargeText(s.credit, ctx.currency)} = ${quantityText(quantity, ctx.currency, ctx.feeBase.name)}`,
    )
  return {
    quantity,
    inputs: {
      impacts: s.impacts.join(', '),
      components: components.join(', '),
      recordsInPeriod: records.length,
      recordsCounted: counted.length,
      days: n,
      dates: dates.join(', '),
    },
    steps,
  }
}
