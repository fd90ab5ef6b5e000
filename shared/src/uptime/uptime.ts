/**
 * Monthly uptime per account and commitment, under the contract's definition of downtime.
 *
 * Pipeline for one commitment (components = the commitment's components the account uses):
 * 1. Incidents touching those components (and the account's regions) become outage spans
 *    weighted by impact (`impactWeights`, default major 100%, partial 100%, degraded 0%). An
 *    incident flagged force-majeure, customer-caused or third-party is left out when the
 *    contract honours that flag (default: all three) — only for the accounts named in
 *    `excludedFor` when the incident names some (e.g. the customer who caused it).
 * 2. Maintenance is excluded only when it was announced at least `noticeMinutes` before it
 *    started, is not emergency work, and only for its part inside the contract's maintenance
 *    windows, up to `monthlyAllowanceMinutes` per month taken in time order. Excluded
 *    maintenance masks all downtime during it; the rest of the maintenance is an outage (impact
 *    `major` unless the maintenance says otherwise). Without maintenance terms, maintenance is
 *    downtime.
 * 3. Outage runs shorter than `minConsecutiveMinutes` are dropped.
 * 4. `continuous`: downtime = Σ duration × weight. `slots`: the period (from its start) is cut into
 *    `slotMinutes` slots; a slot is down if any part of it is down (`any-downtime`, counted with
 *    the highest weight in it) or if an outage in it reaches the error-rate threshold
 *    (`error-rate`, counted in full).
 * 5. Uptime = (period − downtime) / period, exactly. The period is the whole month (or from the
 *    contract's start, for a contract beginning mid-month); downtime is counted up to `now`, so
 *    month-to-date figures assume no further downtime. With `excludedTime: removed-from-period`,
 *    excluded time is taken out of the period as well.
 * 6. Error budget = (1 − target) × period; "approaching" at ≥ `approachingAtPercent` (default 80)
 *    of it used, "breached" when downtime exceeds it (uptime below target).
 */
import {
  businessIntervals,
  compileCalendar,
  type BusinessCalendar,
} from '../calendar/business-calendar.js'
import type { ResolvedContract } from '../contract/contracts.js'
import {
  DEFAULT_IMPACT_WEIGHTS,
  EXCLUSION_KINDS,
  type ExclusionKind,
  type Impact,
  type UptimeCommitment,
  type UptimeTerms,
} from '../contract/profile.schema.js'
import { decimalOf } from '../contract/validate-profile.js'
import type { ImpactedDayFact, UptimeFact } from '../credits/credit-facts.js'
import {
  HUNDRED,
  ONE,
  ZERO,
  add,
  div,
  gt,
  gte,
  isZero,
  max as rmax,
  mul,
  rat,
  round,
  sub,
  toFixed,
  toNumber,
  type Rational,
} from '../money/rational.js'
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  formatCivilDate,
  civilFromDays,
} from '../time/civil.js'
import { toLocalMs } from '../time/zone.js'
import type { MonthPeriod } from '../time/period.js'
import { touchesAccount, type Incident, type Maintenance } from './incident.js'

/** Windows (minutes) over which burn rates are reported. */
export const DEFAULT_BURN_WINDOWS_MINUTES: readonly number[] = [5, 30, 60, 360, 1440, 4320]
/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, for a 30-day budget): a fast burn
 * is 2% of the budget in an hour (14.4×) or 5% in six hours (6×), confirmed by a short window
 * (1/12 of the long one) burning as fast, so an outage that has ended stops alerting.
 */
export const FAST_BURN_RULES: readonly {
  longMinutes: number
  shortMinutes: number
  rate: number
}[] = [
  { longMinutes: 60, shortMinutes: 5, rate: 14.4 },
  { longMinutes: 360, shortMinutes: 30, rate: 6 },
]
export const DEFAULT_APPROACHING_AT_PERCENT = '80'

export interface UptimeInput {
  accountId: string
  components: readonly string[]
  regions?: readonly string[] | undefined
  /** The terms judging the period (see `contractForPeriod`). */
  contract: ResolvedContract
  period: MonthPeriod
  /** Start of measurement: the period start, or the contract's start within the period. */
  measureFrom?: number
  now: number
  incidents: readonly Incident[]
  maintenance: readonly Maintenance[]
}

/** How one incident or maintenance counted. */
export interface EventContribution {
  source: 'incident' | 'maintenance'
  id: string
  impact: Impact
  /** Wall time of the event inside the measured window. */
  overlapMs: number
  /** Part of that time excluded by a contract rule. */
  excludedMs: number
  notes: string[]
}

export type BudgetStatus = 'ok' | 'approaching' | 'breached'

export interface ErrorBudget {
  /** Allowed downtime in the period: (1 − target) × period, in ms (rounded to the ms). */
  allowedMs: number
  usedMs: number
  /** Allowed minus used; negative once breached. */
  remainingMs: number
  /** Used as a percent of allowed, two decimals (floored). */
  percentUsed: string
  status: BudgetStatus
  approachingAtPercent: string
}

export interface BurnRate {
  windowMinutes: number
  /** Budget consumption speed: 1 = exactly the pace that uses the budget by month end. */
  rate: number
}

export interface CommitmentUptime {
  commitmentId: string
  label?: string
  target: string
  /** Counted components (the commitment's that the account uses). */
  components: string[]
  /** False when the account uses none of the commitment's components. */
  applicable: boolean
  month: string
  measuredFrom: number
  /** The earlier of now and the period end. */
  measuredUntil: number
  periodMs: number
  elapsedMs: number
  downtimeMs: number
  excludedMs: number
  /** Uptime over the whole period with the downtime so far, 4 decimals, floored. */
  uptimePercent: string
  /** Uptime over the elapsed part of the period, 4 decimals, floored. */
  monthToDatePercent: string
  meetsTarget: boolean
  errorBudget: ErrorBudget
  burnRates: BurnRate[]
  fastBurn: boolean
  contributions: EventContribution[]
  /** The downtime definition applied, in words. */
  method: string
}

export interface AccountUptime {
  commitments: CommitmentUptime[]
  /** Inputs for the credit formulas. */
  facts: UptimeFact[]
  impactedDays: ImpactedDayFact[]
}

interface Span {
  start: number
  end: number
  weight: Rational
  errorRate: Rational
}

interface Segment {
  start: number
  end: number
  weight: Rational
  errorRate: Rational
}

const maintenanceCalendars = new Map<string, BusinessCalendar>()

function windowCalendar(
  w: NonNullable<UptimeTerms['maintenance']>['windows'][number],
): BusinessCalendar {
  const zone = w.timeZone ?? 'UTC'
  const key = `${zone}|${w.days.join(',')}|${w.start}|${w.end}`
  let cal = maintenanceCalendars.get(key)
  if (!cal) {
    cal = compileCalendar({ timeZone: zone, hours: [{ days: w.days, start: w.start, end: w.end }] })
    maintenanceCalendars.set(key, cal)
  }
  return cal
}

/** Sorted, merged union of intervals. */
function union(intervals: [number, number][]): [number, number][] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last && last[1] >= s) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

function overlapMs(list: readonly [number, number][], s: number, e: number): number {
  let sum = 0
  for (const [a, b] of list) {
    const x = Math.max(a, s)
    const y = Math.min(b, e)
    if (y > x) sum += y - x
  }
  return sum
}

/** Elementary segments of down time after masking, with the highest weight and error rate. */
function segmentsOf(
  spans: readonly Span[],
  masks: readonly [number, number][],
  from: number,
  to: number,
): Segment[] {
  const cuts = new Set<number>([from, to])
  for (const s of spans) {
    if (s.start > from && s.start < to) cuts.add(s.start)
    if (s.end > from && s.end < to) cuts.add(s.end)
  }
  for (const [a, b] of masks) {
    if (a > from && a < to) cuts.add(a)
    if (b > from && b < to) cuts.add(b)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const out: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!
    const b = points[i + 1]!
    if (masks.some(([x, y]) => x <= a && y >= b)) continue
    let weight = ZERO
    let errorRate = ZERO
    let any = false
    for (const s of spans) {
      if (s.start <= a && s.end >= b) {
        any = true
        weight = rmax(weight, s.weight)
        errorRate = rmax(errorRate, s.errorRate)
      }
    }
    if (any) out.push({ start: a, end: b, weight, errorRate })
  }
  return out
}

function formatMinutes(ms: number): string {
  const m = ms / MS_PER_MINUTE
  return `${Number.isInteger(m) ? m : m.toFixed(2)} min`
}

function exclusionsOf(terms: UptimeTerms | undefined): ReadonlySet<ExclusionKind> {
  return new Set(terms?.exclusions ?? EXCLUSION_KINDS)
}

function isExcludedFor(
  incident: Incident,
  accountId: string,
  honoured: ReadonlySet<ExclusionKind>,
): boolean {
  if (!incident.exclusion || !honoured.has(incident.exclusion)) return false
  return (
    !incident.excludedFor ||
    incident.excludedFor.length === 0 ||
    incident.excludedFor.includes(accountId)
  )
}

/**
 * Computes uptime, error budget and burn rates for every commitment of the account's contract,
 * plus the facts the credit formulas need.
 * @example
 * // 99.9% of a 30-day month allows 43.2 minutes; 35 minutes down by day 12 uses 81% → approaching.
 */
export function computeAccountUptime(input: UptimeInput): AccountUptime {
  const terms = input.contract.profile.uptime
  const from = Math.max(input.measureFrom ?? input.period.start, input.period.start)
  const until = Math.max(from, Math.min(input.now, input.period.end))
  const honoured = exclusionsOf(terms)
  const commitments: CommitmentUptime[] = []
  const facts: UptimeFact[] = []
  for (const c of terms?.commitments ?? []) {
    const r = commitmentUptime(input, terms!, c, from, until, honoured)
    commitments.push(r.result)
    if (r.fact) facts.push(r.fact)
  }
  return { commitments, facts, impactedDays: impactedDays(input, from, until, honoured) }
}

function commitmentUptime(
  input: UptimeInput,
  terms: UptimeTerms,
  c: UptimeCommitment,
  from: number,
  until: number,
  honoured: ReadonlySet<ExclusionKind>,
): { result: CommitmentUptime; fact?: UptimeFact } {
  const components = c.components.filter((x) => input.components.includes(x))
  const target = decimalOf(c.target)
  const dt = terms.downtime ?? {}
  const weights: Record<Impact, Rational> = {
    major: decimalOf(dt.impactWeights?.major ?? DEFAULT_IMPACT_WEIGHTS.major),
    partial: decimalOf(dt.impactWeights?.partial ?? DEFAULT_IMPACT_WEIGHTS.partial),
    degraded: decimalOf(dt.impactWeights?.degraded ?? DEFAULT_IMPACT_WEIGHTS.degraded),
  }
  const contributions: EventContribution[] = []
  const spans: Span[] = []
  const excludedIntervals: [number, number][] = []

  // 1. Incidents.
  for (const inc of input.incidents) {
    if (!touchesAccount(inc, components, input.regions)) continue
    const s = Math.max(inc.start, from)
    const e = Math.min(inc.end ?? until, until)
    if (!(e > s)) continue
    const contribution: EventContribution = {
      source: 'incident',
      id: inc.id,
      impact: inc.impact,
      overlapMs: e - s,
      excludedMs: 0,
      notes: [],
    }
    contributions.push(contribution)
    if (isExcludedFor(inc, input.accountId, honoured)) {
      contribution.excludedMs = e - s
      contribution.notes.push(`excluded: ${inc.exclusion!}`)
      excludedIntervals.push([s, e])
      continue
    }
    if (inc.exclusion) {
      contribution.notes.push(
        honoured.has(inc.exclusion)
          ? `flagged ${inc.exclusion}, but not for this account`
          : `flagged ${inc.exclusion}, but this contract does not exclude ${inc.exclusion} incidents`,
      )
    }
    const w = weights[inc.impact]
    if (isZero(w))
      contribution.notes.push(`${inc.impact} impact counts 0% of its time under this contract`)
    else if (!isZero(sub(w, HUNDRED)))
      contribution.notes.push(`${inc.impact} impact counts ${toFixed(w, 0)}% of its time`)
    const errorRate = inc.errorRatePercent ?? (inc.impact === 'major' ? HUNDRED : ZERO)
    spans.push({ start: s, end: e, weight: div(w, HUNDRED), errorRate })
  }

  // 2. Maintenance.
  const mt = terms.maintenance
  const eligibleWindows: {
    m: Maintenance
    contribution: EventContribution
    inWindow: [number, number][]
  }[] = []
  for (const m of [...input.maintenance].sort((a, b) => a.start - b.start)) {
    if (!touchesAccount(m, components, input.regions)) continue
    const s = Math.max(m.start, from)
    const e = Math.min(m.end, until)
    if (!(e > s)) continue
    const impact = m.impact ?? 'major'
    const contribution: EventContribution = {
      source: 'maintenance',
      id: m.id,
      impact,
      overlapMs: e - s,
      excludedMs: 0,
      notes: [],
    }
    contributions.push(contribution)
    let inWindow: [number, number][] = []
    if (!mt) contribution.notes.push('not excluded: the contract has no maintenance exclusion')
    else if (m.emergency) contribution.notes.push('not excluded: emergency maintenance')
    else if (m.announcedAt === null) contribution.notes.push('not excluded: not announced')
    else if (m.announcedAt > m.start - mt.noticeMinutes * MS_PER_MINUTE) {
      const hours = (m.start - m.announcedAt) / MS_PER_HOUR
      contribution.notes.push(
        `not excluded: announced ${hours < 0 ? 'after it started' : `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h before`}; the contract requires ${mt.noticeMinutes / 60} h notice`,
      )
    } else {
      inWindow = union(mt.windows.flatMap((w) => businessIntervals(windowCalendar(w), s, e)))
      const outside = e - s - overlapMs(inWindow, s, e)
      if (outside > 0)
        contribution.notes.push(
          `${formatMinutes(outside)} outside the maintenance window counted as downtime`,
        )
    }
    eligibleWindows.push({ m, contribution, inWindow })
    // Everything not masked below counts as an outage of the maintenance's impact.
    const w = weights[impact]
    spans.push({
      start: s,
      end: e,
      weight: div(w, HUNDRED),
      errorRate: impact === 'major' ? HUNDRED : ZERO,
    })
  }
  // Allowance: in time order over the union of excludable time.
  const excludable = union(eligibleWindows.flatMap((x) => x.inWindow))
  let allowance =
    mt?.monthlyAllowanceMinutes === undefined
      ? Infinity
      : mt.monthlyAllowanceMinutes * MS_PER_MINUTE
  const masks: [number, number][] = []
  for (const [s, e] of excludable) {
    if (allowance <= 0) break
    const take = Math.min(e - s, allowance)
    masks.push([s, s + take])
    allowance -= take
  }
  for (const x of eligibleWindows) {
    const inside = x.inWindow.reduce((sum, [a, b]) => sum + (b - a), 0)
    const masked = x.inWindow.reduce((sum, [a, b]) => sum + overlapMs(masks, a, b), 0)
    x.contribution.excludedMs = masked
    if (masked > 0)
      x.contribution.notes.push(
        `${formatMinutes(masked)} excluded as announced maintenance inside the window`,
      )
    if (inside > masked)
      x.contribution.notes.push(
        `${formatMinutes(inside - masked)} beyond the monthly allowance of ${mt!.monthlyAllowanceMinutes ?? 0} min counted as downtime`,
      )
  }

  // 3–4. Count.
  const method = dt.method ?? 'continuous'
  const threshold =
    dt.errorRateThreshold === undefined ? undefined : decimalOf(dt.errorRateThreshold)
  const errorRule = method === 'slots' && dt.slotRule === 'error-rate'
  const isDown = (seg: Segment) =>
    errorRule ? gte(seg.errorRate, threshold!) : gt(seg.weight, ZERO)
  // Time taken out of the period cannot be downtime either.
  const removed = terms.excludedTime === 'removed-from-period'
  const countingMasks = removed ? union([...masks, ...excludedIntervals]) : masks
  let segments = segmentsOf(spans, countingMasks, from, until).filter(isDown)
  const minRun = (dt.minConsecutiveMinutes ?? 0) * MS_PER_MINUTE
  let droppedShort = 0
  if (minRun > 0) {
    const kept: Segment[] = []
    let run: Segment[] = []
    const flush = () => {
      const len = run.length > 0 ? run[run.length - 1]!.end - run[0]!.start : 0
      if (len >= minRun) kept.push(...run)
      else droppedShort += len
      run = []
    }
    for (const seg of segments) {
      if (run.length > 0 && run[run.length - 1]!.end !== seg.start) flush()
      run.push(seg)
    }
    flush()
    segments = kept
  }

  const periodStart = from
  const periodEnd = input.period.end
  let downtime = ZERO
  if (method === 'slots') {
    const slot = (dt.slotMinutes ?? 5) * MS_PER_MINUTE
    const slotWeights = new Map<number, Rational>()
    for (const seg of segments) {
      const k0 = Math.floor((seg.start - input.period.start) / slot)
      const k1 = Math.floor((seg.end - 1 - input.period.start) / slot)
      const w = errorRule ? ONE : seg.weight
      for (let k = k0; k <= k1; k++) slotWeights.set(k, rmax(slotWeights.get(k) ?? ZERO, w))
    }
    for (const [k, w] of slotWeights) {
      const s = Math.max(input.period.start + k * slot, periodStart)
      const e = Math.min(input.period.start + (k + 1) * slot, periodEnd)
      downtime = add(downtime, mul(rat(e - s), w))
    }
  } else {
    for (const seg of segments) downtime = add(downtime, mul(rat(seg.end - seg.start), seg.weight))
  }
  const excludedMs = union([...excludedIntervals, ...masks]).reduce(
    (sum, [x, y]) => sum + (y - x),
    0,
  )
  let periodMs = Math.max(0, periodEnd - periodStart)
  if (removed) periodMs = Math.max(0, periodMs - excludedMs)
  // Whole slots may reach into time removed from the period; downtime never exceeds the period.
  const downtimeMs = Math.min(Number(round(downtime, 'half-up')), periodMs)
  const elapsedMs = Math.max(
    0,
    until - periodStart - (terms.excludedTime === 'removed-from-period' ? excludedMs : 0),
  )

  // 5–6. Uptime and error budget.
  const uptime =
    periodMs > 0 ? div(mul(rat(periodMs - downtimeMs), HUNDRED), rat(periodMs)) : HUNDRED
  const mtd =
    elapsedMs > 0
      ? div(mul(rat(Math.max(0, elapsedMs - downtimeMs)), HUNDRED), rat(elapsedMs))
      : HUNDRED
  const allowed = div(mul(rat(periodMs), sub(HUNDRED, target)), HUNDRED)
  const used = rat(downtimeMs)
  const approachingAt = decimalOf(terms.approachingAtPercent ?? DEFAULT_APPROACHING_AT_PERCENT)
  // allowed is 0 only for an empty period (targets are below 100%): nothing is used then.
  const percentUsed = isZero(allowed) ? ZERO : div(mul(used, HUNDRED), allowed)
  const status: BudgetStatus = gt(used, allowed)
    ? 'breached'
    : gte(percentUsed, approachingAt)
      ? 'approaching'
      : 'ok'
  const budgetShare = sub(ONE, div(target, HUNDRED))
  const burnRates = DEFAULT_BURN_WINDOWS_MINUTES.map((windowMinutes) => {
    const w = windowMinutes * MS_PER_MINUTE
    const ws = until - w
    let down = ZERO
    for (const seg of segments) {
      const s = Math.max(seg.start, ws)
      const e = Math.min(seg.end, until)
      if (e > s)
        down = add(down, mul(rat(e - s), method === 'slots' && errorRule ? ONE : seg.weight))
    }
    const rate = isZero(budgetShare) ? 0 : toNumber(div(div(down, rat(w)), budgetShare))
    return { windowMinutes, rate: Math.round(rate * 100) / 100 }
  })
  const rateOf = (minutes: number) => burnRates.find((b) => b.windowMinutes === minutes)?.rate ?? 0
  const fastBurn = FAST_BURN_RULES.some(
    (r) => rateOf(r.longMinutes) >= r.rate && rateOf(r.shortMinutes) >= r.rate,
  )

  const methodText =
    method === 'slots'
      ? `${dt.slotMinutes ?? 5}-minute slots, a slot is down ${errorRule ? `when an outage in it reaches a ${toFixed(threshold!, 2)}% error rate` : 'if any part of it is down'}`
      : 'continuous minutes'
  const notes = [
    methodText,
    ...(minRun > 0
      ? [
          `outages shorter than ${dt.minConsecutiveMinutes} consecutive minutes are not counted${droppedShort > 0 ? ` (${formatMinutes(droppedShort)} dropped)` : ''}`,
        ]
      : []),
  ]
  const result: CommitmentUptime = {
    commitmentId: c.id,
    ...(c.label !== undefined ? { label: c.label } : {}),
    target: String(c.target),
    components,
    applicable: components.length > 0 && periodMs > 0,
    month: input.period.month,
    measuredFrom: periodStart,
    measuredUntil: until,
    periodMs,
    elapsedMs,
    downtimeMs,
    excludedMs,
    uptimePercent: toFixed(uptime, 4, 'floor'),
    monthToDatePercent: toFixed(mtd, 4, 'floor'),
    meetsTarget: gte(uptime, target),
    errorBudget: {
      allowedMs: Number(round(allowed, 'half-up')),
      usedMs: downtimeMs,
      remainingMs: Number(round(sub(allowed, used), 'half-up')),
      percentUsed: toFixed(percentUsed, 2, 'floor'),
      status,
      approachingAtPercent: String(terms.approachingAtPercent ?? DEFAULT_APPROACHING_AT_PERCENT),
    },
    burnRates,
    fastBurn,
    contributions,
    method: notes.join('; '),
  }
  if (!result.applicable) return { result }
  return { result, fact: { commitmentId: c.id, components, target, periodMs, downtimeMs } }
}

function impactedDays(
  input: UptimeInput,
  from: number,
  until: number,
  honoured: ReadonlySet<ExclusionKind>,
): ImpactedDayFact[] {
  const zone = input.contract.timeZone
  const seen = new Set<string>()
  const out: ImpactedDayFact[] = []
  for (const inc of input.incidents) {
    if (!touchesAccount(inc, input.components, input.regions)) continue
    if (isExcludedFor(inc, input.accountId, honoured)) continue
    const s = Math.max(inc.start, from)
    const e = Math.min(inc.end ?? until, until)
    if (!(e > s)) continue
    const d0 = Math.floor(toLocalMs(zone, s) / MS_PER_DAY)
    const d1 = Math.floor(toLocalMs(zone, e - 1) / MS_PER_DAY)
    for (let d = d0; d <= d1; d++) {
      const date = formatCivilDate(civilFromDays(d))
      for (const component of inc.components) {
        if (!input.components.includes(component)) continue
        const key = `${date}|${component}|${inc.impact}`
        if (seen.has(key)) continue
        seen.add(key)
        out.push({ date, component, impact: inc.impact })
      }
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}
