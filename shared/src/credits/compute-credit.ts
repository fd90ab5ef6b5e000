/**
 * Service credits: the contract's credit schedules applied to one account's measured month.
 *
 * Semantics (normative; docs and tests follow this block):
 *
 * Money and rounding
 * - Amounts are integer minor units in the currency of the monthly fee. Every percentage, ratio
 *   and partial step is an exact rational; the rounding rule is `credits.rounding` (default
 *   `half-up`). Each schedule's amount is computed exactly and rounded ONCE to minor units.
 * - A charge is `{ percent }` (of the schedule's fee base) or `{ amountMinor }` (fixed).
 *
 * Fee base (per schedule)
 * - `feeBase: 'monthly-fee'` (default): the contract's monthly fee.
 * - `'component-fee'`: the sum of the contract's component fees of the schedule's components,
 *   each component counted once: uptime schedules use the components of the commitment's
 *   UptimeFact; per-day-impacted uses `schedule.components ?? accountComponents`; (the validator
 *   forbids it on ticket schedules; should one arrive, the account's components are used). A
 *   component without a fee contributes 0 and a step says so.
 *
 * Schedule kinds
 * - uptime-bands: uptime% = (periodMs − downtimeMs) ÷ periodMs × 100, exact. A band applies when
 *   atLeast ≤ uptime < below (no lower bound without atLeast). No band → 0. periodMs 0 → 0
 *   ("nothing was measured"). No UptimeFact for the commitment → 0.
 * - uptime-linear: shortfall = target − uptime (points, the UptimeFact's target) when > 0;
 *   steps = shortfall ÷ per, then `partialStep` floor / ceil / prorate (exact); credit = steps ×
 *   charge (a fixed charge: steps × amount).
 * - per-miss: misses whose metric has a charge in `perMiss` (and whose priority is listed, when
 *   `priorities` is given) each earn their metric's charge. With `repeated`, when the number of
 *   those misses ≥ minMisses: `replace` → the escalated charge only; `add` → sum + escalated;
 *   `max` → the larger, compared as exact amounts before rounding (ties keep the sum).
 * - per-hour-delay: total = Σ delayBusinessMs or delayCalendarMs (per `basis`) over the misses
 *   of the listed metrics (and priorities); hours = total ÷ 3,600,000 exact; `partialHour`
 *   applies to the TOTAL; credit = hours × charge.
 * - per-day-impacted: distinct dates among impactedDays whose impact is listed and whose
 *   component ∈ (schedule.components ?? accountComponents); credit = days × charge.
 *
 * Schedule cap
 * - A percent cap on an all-percent schedule compares the exact percents; otherwise the exact
 *   amounts are compared (a percent cap being that percent of the schedule's fee base). The
 *   capped exact value is then rounded once. `uncappedMinor` is the uncapped value rounded once.
 *
 * Total
 * - subtotal = Σ schedule amounts. Overall cap `credits.cap`: a percent of the MONTHLY fee
 *   (rounded by the rule) or a fixed amount; total = min(subtotal, cap).
 * - Then `minimum`, when 0 < total < minimum: `waive-below` → 0; `raise-to` → the minimum, but
 *   never above the overall cap (a cap below the minimum wins: the total is raised to the cap).
 * - Amounts are kept within Number.MAX_SAFE_INTEGER (a larger exact amount is limited to it and
 *   a step says so); sums are taken in BigInt.
 *
 * Automatic and on-request parts
 * - A schedule's claim mode is `schedule.claim ?? 'automatic'`. When the total equals the sum of
 *   the schedule amounts, each part is the sum of its schedules. When the overall cap or the
 *   minimum changed the total, the total is shared in proportion to the two sums: on-request =
 *   floor(total × on-request sum ÷ subtotal), automatic = total − on-request (the rounding
 *   remainder goes to the automatic part, which the customer need not claim). Always
 *   automaticMinor + onRequestMinor === totalMinor.
 *
 * Claim window
 * - With `credits.claimWindowDays` = N, claims are accepted through the Nth local day (contract
 *   zone) after the period's last day; the deadline instant (exclusive) is 00:00 local of
 *   date(period.end) + N days. March 2026, 15 days → through 15 April, deadline 16 April 00:00.
 *   Without a window, the deadline is null.
 */
import { METRICS, type CreditSchedule, type CreditTerms } from '../contract/profile.schema.js'
import { formatMoney } from '../money/money.js'
import {
  HUNDRED,
  div,
  gt,
  isZero,
  mul,
  rat,
  round,
  type Rational,
  type RoundingRule,
} from '../money/rational.js'
import { claimDeadlineOf } from './claim-deadline.js'
import type { CreditFacts } from './credit-facts.js'
import type { ClaimMode, CreditResult, MinimumOutcome, ScheduleCredit } from './credit-result.js'
import { formatMoneyExact, formatPercent, rationalText, roundingText } from './explain.js'
import { feeBaseOf } from './fee-base.js'
import { evaluatePerDayImpacted } from './impact-credits.js'
import { chargePercent, exactAmountMinor, type CreditQuantity } from './quantity.js'
import type { ScheduleContext, ScheduleEvaluation } from './schedule-evaluation.js'
import { evaluatePerHourDelay, evaluatePerMiss } from './ticket-credits.js'
import { evaluateUptimeBands, evaluateUptimeLinear, uptimeFactFor } from './uptime-credits.js'

const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER)

/** Limits an amount to a safe integer. */
function safeMinor(b: bigint): number {
  return Number(b > MAX_MINOR ? MAX_MINOR : b)
}

function scheduleComponents(s: CreditSchedule, facts: CreditFacts): readonly string[] {
  switch (s.kind) {
    case 'uptime-bands':
    case 'uptime-linear':
      return uptimeFactFor(facts, s.commitment)?.components ?? []
    case 'per-day-impacted':
      return s.components ?? facts.accountComponents
    case 'per-miss':
    case 'per-hour-delay':
      return facts.accountComponents
  }
}

function evaluate(s: CreditSchedule, ctx: ScheduleContext): ScheduleEvaluation {
  switch (s.kind) {
    case 'uptime-bands':
      return evaluateUptimeBands(s, ctx)
    case 'uptime-linear':
      return evaluateUptimeLinear(s, ctx)
    case 'per-miss':
      return evaluatePerMiss(s, ctx)
    case 'per-hour-delay':
      return evaluatePerHourDelay(s, ctx)
    case 'per-day-impacted':
      return evaluatePerDayImpacted(s, ctx)
  }
}

/** Whether every charge of a schedule is a percent (so its credit is a percent of the fee base). */
function isPercentSchedule(s: CreditSchedule): boolean {
  switch (s.kind) {
    case 'uptime-bands':
      return s.bands.every((b) => b.credit.percent !== undefined)
    case 'uptime-linear':
    case 'per-hour-delay':
    case 'per-day-impacted':
      return s.credit.percent !== undefined
    case 'per-miss':
      return (
        METRICS.every((m) => s.perMiss[m] === undefined || s.perMiss[m].percent !== undefined) &&
        (s.repeated === undefined || s.repeated.credit.percent !== undefined)
      )
  }
}

/** The step that turns a quantity into an exact amount ("12.5% × $1,000.00 = $125.00"). */
function amountStep(
  q: CreditQuantity,
  feeMinor: bigint,
  exact: Rational,
  currency: string,
): string {
  const money = formatMoneyExact(exact, currency)
  if (isZero(q.percent)) return `Credit: ${money}`
  const pct = `${formatPercent(q.percent)} × ${formatMoneyExact(rat(feeMinor), currency)}`
  if (isZero(q.fixedMinor)) return `${pct} = ${money}`
  return `${pct} + ${formatMoneyExact(q.fixedMinor, currency)} = ${money}`
}

function computeSchedule(
  s: CreditSchedule,
  facts: CreditFacts,
  currency: string,
  rule: RoundingRule,
): ScheduleCredit {
  const claim: ClaimMode = s.claim ?? 'automatic'
  const feeKind = s.feeBase ?? 'monthly-fee'
  const feeBase = feeBaseOf(
    feeKind,
    feeKind === 'component-fee' ? scheduleComponents(s, facts) : [],
    facts.contract,
  )
  const fee = feeBase.minor
  const ev = evaluate(s, { facts, currency, feeBase })
  const steps = [...feeBase.steps, ...ev.steps]
  const money = (r: Rational) => formatMoneyExact(r, currency)
  const withRounding = (text: string, exact: Rational) =>
    exact.d === 1n
      ? text
      : `${text}, ${roundingText(rule)} to ${formatMoney(safeMinor(round(exact, rule)), currency)}`

  const percentOnly = isPercentSchedule(s)
  const uncapped = exactAmountMinor(ev.quantity, fee)
  const amountText = amountStep(ev.quantity, fee, uncapped, currency)
  let final = uncapped
  let finalPercent: Rational | undefined = percentOnly ? ev.quantity.percent : undefined
  let capped = false
  let capMinor: number | null = null
  if (s.cap) {
    const capPercent = chargePercent(s.cap)
    const capExact =
      capPercent !== undefined
        ? div(mul(rat(fee), capPercent), HUNDRED)
        : rat(s.cap.amountMinor ?? 0)
    capped =
      percentOnly && capPercent !== undefined
        ? gt(ev.quantity.percent, capPercent)
        : gt(uncapped, capExact)
    capMinor = safeMinor(round(capExact, rule))
    const capText =
      capPercent !== undefined
        ? `${formatPercent(capPercent)} of ${feeBase.name} (${money(capExact)})`
        : money(capExact)
    if (capped) {
      final = capExact
      if (percentOnly) finalPercent = capPercent ?? div(mul(capExact, HUNDRED), rat(fee))
      steps.push(
        amountText,
        withRounding(
          `Capped at the schedule's maximum of ${capText}: ${money(uncapped)} → ${money(capExact)}`,
          capExact,
        ),
      )
    } else
      steps.push(withRounding(amountText, uncapped), `Within the schedule's maximum of ${capText}`)
  } else steps.push(withRounding(amountText, uncapped))

  const exactRounded = round(final, rule)
  if (exactRounded > MAX_MINOR)
    steps.push(
      `The amount exceeds the largest amount the engine represents; it is limited to ${formatMoney(Number.MAX_SAFE_INTEGER, currency)}`,
    )
  return {
    scheduleId: s.id,
    kind: s.kind,
    ...(s.label !== undefined ? { label: s.label } : {}),
    claim,
    feeBase: feeKind,
    feeBaseMinor: safeMinor(fee),
    feeBaseComponents: [...feeBase.components],
    inputs: ev.inputs,
    steps,
    percentOfFeeBase: finalPercent === undefined ? null : rationalText(finalPercent),
    capMinor,
    uncappedMinor: safeMinor(round(uncapped, rule)),
    amountMinor: safeMinor(exactRounded),
    capped,
  }
}

const scheduleName = (s: ScheduleCredit) =>
  s.label !== undefined ? `${s.label} (${s.scheduleId})` : s.scheduleId

/**
 * The service credit of one account for one month: every schedule of the contract's credit
 * terms applied to the measured facts, then the overall cap, the minimum and the claim window
 * (semantics in the comment at the top of this module). Without credit terms, no schedules and
 * a total of 0.
 * @example
 * // LeadFly platform availability, 99.9% target, "5% of the monthly fee per 0.1% below target,
 * // max 100%", prorated; monthly fee $1,000.00; a 30-day month with 151.2 minutes down:
 * // uptime 99.65% → 0.25 points below → 2.5 steps → 12.5% → $125.00
 * computeServiceCredit(facts).totalMinor // 12500
 */
export function computeServiceCredit(facts: CreditFacts): CreditResult {
  const contract = facts.contract
  const terms: CreditTerms | undefined = contract.profile.credits
  const currency = contract.monthlyFee.currency
  const monthlyFeeMinor = contract.monthlyFee.amountMinor
  const rule: RoundingRule = terms?.rounding ?? 'half-up'
  const money = (n: number) => formatMoney(n, currency)
  const head = {
    accountId: facts.accountId,
    month: facts.period.month,
    timeZone: contract.timeZone,
    currency,
    rounding: rule,
    monthlyFeeMinor,
  }
  const intro = `Service credits of account ${facts.accountId} for ${facts.period.month} (${contract.timeZone}), in ${currency}; each amount is exact until ${roundingText(rule)} once to whole minor units`
  if (!terms)
    return {
      ...head,
      schedules: [],
      subtotalMinor: 0,
      overallCapMinor: null,
      cappedByOverall: false,
      minimum: null,
      totalMinor: 0,
      automaticMinor: 0,
      onRequestMinor: 0,
      claimWindowDays: null,
      claimDeadline: null,
      claimDeadlineText: null,
      claimLastDate: null,
      explanation: [
        intro,
        'The contract has no credit terms: no credit is owed',
        `Total credit: ${money(0)}`,
      ],
    }

  const explanation = [intro]
  const schedules = terms.schedules.map((s) => computeSchedule(s, facts, currency, rule))
  let subtotalBig = 0n
  let automaticBig = 0n
  let onRequestBig = 0n
  for (const s of schedules) {
    const a = BigInt(s.amountMinor)
    subtotalBig += a
    if (s.claim === 'automatic') automaticBig += a
    else onRequestBig += a
    explanation.push(
      `${scheduleName(s)}: ${money(s.amountMinor)}${s.capped ? ' (at its cap)' : ''}, ${s.claim === 'automatic' ? 'automatic' : 'on request'}`,
    )
  }
  const subtotalMinor = safeMinor(subtotalBig)
  explanation.push(`Subtotal: ${money(subtotalMinor)}`)

  let total = subtotalMinor
  let overallCapMinor: number | null = null
  let cappedByOverall = false
  if (terms.cap) {
    const capPercent = chargePercent(terms.cap)
    const capExact =
      capPercent !== undefined
        ? div(mul(rat(monthlyFeeMinor), capPercent), HUNDRED)
        : rat(terms.cap.amountMinor ?? 0)
    overallCapMinor = safeMinor(round(capExact, rule))
    const capText =
      capPercent !== undefined
        ? `${formatPercent(capPercent)} of the monthly fee ${money(monthlyFeeMinor)} = ${formatMoneyExact(capExact, currency)}${capExact.d === 1n ? '' : `, ${roundingText(rule)} to ${money(overallCapMinor)}`}`
        : money(overallCapMinor)
    cappedByOverall = subtotalMinor > overallCapMinor
    if (cappedByOverall) total = overallCapMinor
    explanation.push(
      cappedByOverall
        ? `Overall cap: ${capText}; the subtotal is limited to ${money(overallCapMinor)}`
        : `Overall cap: ${capText}; the subtotal is within it`,
    )
  }

  let minimum: MinimumOutcome | null = null
  if (terms.minimum) {
    const m = terms.minimum
    const minText = `Minimum credit ${money(m.amountMinor)} (${m.rule})`
    let applied: MinimumOutcome['applied'] = 'none'
    if (total > 0 && total < m.amountMinor) {
      if (m.rule === 'waive-below') {
        applied = 'waived'
        explanation.push(`${minText}: ${money(total)} is below it, so it is waived`)
        total = 0
      } else {
        applied = 'raised'
        const raised =
          overallCapMinor === null ? m.amountMinor : Math.min(m.amountMinor, overallCapMinor)
        explanation.push(
          `${minText}: ${money(total)} is below it, so it is raised to ${money(raised)}${raised < m.amountMinor ? ' (no higher than the overall cap)' : ''}`,
        )
        total = raised
      }
    } else
      explanation.push(
        total === 0 ? `${minText}: nothing is owed, so it does not apply` : `${minText}: met`,
      )
    minimum = { amountMinor: m.amountMinor, rule: m.rule, applied }
  }

  let automaticMinor: number
  let onRequestMinor: number
  const totalBig = BigInt(total)
  if (totalBig === subtotalBig) {
    automaticMinor = Number(automaticBig)
    onRequestMinor = Number(onRequestBig)
  } else if (subtotalBig === 0n || totalBig === 0n) {
    automaticMinor = 0
    onRequestMinor = 0
  } else {
    const req = (totalBig * onRequestBig) / subtotalBig
    onRequestMinor = Number(req)
    automaticMinor = Number(totalBig - req)
    if (onRequestBig > 0n && automaticBig > 0n)
      explanation.push(
        `The total is shared in proportion to the automatic (${money(safeMinor(automaticBig))}) and on-request (${money(safeMinor(onRequestBig))}) schedules: on request ${money(total)} × ${money(safeMinor(onRequestBig))} ÷ ${money(subtotalMinor)}, rounded down, = ${money(onRequestMinor)}; the rest is automatic`,
      )
  }
  explanation.push(
    `Total credit: ${money(total)} (${money(automaticMinor)} automatic, ${money(onRequestMinor)} on request)`,
  )

  let claimDeadline: number | null = null
  let claimDeadlineText: string | null = null
  let claimLastDate: string | null = null
  const hasOnRequest = schedules.some((s) => s.claim === 'on-request')
  if (terms.claimWindowDays !== undefined) {
    const d = claimDeadlineOf(facts.period.end, contract.timeZone, terms.claimWindowDays)
    claimDeadline = d.deadline
    claimDeadlineText = d.deadlineText
    claimLastDate = d.lastDate
    explanation.push(
      `On-request credits must be claimed within ${terms.claimWindowDays} day${terms.claimWindowDays === 1 ? '' : 's'} after the month ends: through ${d.lastDate} (deadline ${d.deadlineText})`,
    )
  } else if (hasOnRequest)
    explanation.push('On-request credits must be claimed; the contract sets no claim window')

  return {
    ...head,
    schedules,
    subtotalMinor,
    overallCapMinor,
    cappedByOverall,
    minimum,
    totalMinor: total,
    automaticMinor,
    onRequestMinor,
    claimWindowDays: terms.claimWindowDays ?? null,
    claimDeadline,
    claimDeadlineText,
    claimLastDate,
    explanation,
  }
}
