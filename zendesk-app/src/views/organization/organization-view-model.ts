/**
 * The organization sidebar's logic, pure: the contract in force in plain terms (from the tier
 * profile, the account's overrides and the business calendar), and the uptime series per
 * commitment for the chart.
 */
import type {
  AccountSla,
  CalendarDefinition,
  CalendarView,
  ContractProfile,
  CreditSchedule,
  Metric,
  TierView,
} from '@sla-tracker/shared'

/**
 * Overrides on a tier profile, by the registry's merge rules (objects merge key by key; arrays
 * and scalars replace; `null` removes). The same rules as the engine's `mergeOverrides`, kept
 * here so the sidebar chunk does not pull in the engine and its schemas.
 */
export function applyOverrides(base: unknown, override: unknown): unknown {
  if (override === undefined) return base
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
  if (isObject(base) && isObject(override)) {
    const out: Record<string, unknown> = { ...base }
    for (const [k, v] of Object.entries(override)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue
      if (v === null) delete out[k]
      else out[k] = applyOverrides(base[k], v)
    }
    return out
  }
  return override
}

/**
 * The profile in force: the tier version the service names (`contract.tierVersion`, an index into
 * the versions, oldest first) with the account version's overrides applied.
 */
export function profileInForce(
  tier: TierView,
  tierVersion: number,
  overrides: Record<string, unknown> | null | undefined,
): ContractProfile | null {
  const v = tier.versions[tierVersion] ?? tier.versions[tier.versions.length - 1]
  if (!v) return null
  return (overrides ? applyOverrides(v.profile, overrides) : v.profile) as ContractProfile
}

/** The calendar version in force at `now` (the latest one that has started). */
export function calendarInForce(cal: CalendarView, now: number): CalendarDefinition | null {
  let found: CalendarDefinition | null = cal.versions[0]?.definition ?? null
  for (const v of cal.versions) {
    const from = v.effectiveFrom === null ? -Infinity : Date.parse(v.effectiveFrom)
    if (from <= now) found = v.definition
  }
  return found
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

/** Weekday names in the agent's language (2024-01-01 was a Monday). */
export function weekdayNames(locale: string): Record<(typeof DAYS)[number], string> {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' })
  return Object.fromEntries(DAYS.map((d, i) => [d, f.format(Date.UTC(2024, 0, 1 + i))])) as Record<
    (typeof DAYS)[number],
    string
  >
}

/** `['mon','tue','wed','thu','fri','sun']` → `Mon–Fri, Sun`. */
export function dayRanges(days: readonly string[], names: Record<string, string>): string {
  const idx = [...new Set(days)]
    .map((d) => DAYS.indexOf(d as (typeof DAYS)[number]))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < idx.length;) {
    let j = i
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++
    const a = names[DAYS[idx[i]!]!]!
    const b = names[DAYS[idx[j]!]!]!
    parts.push(j - i >= 2 ? `${a}\u2013${b}` : j === i ? a : `${a}, ${b}`)
    i = j + 1
  }
  return parts.join(', ')
}

/** "Mon–Fri 09:00–18:00, Sat 09:00–17:00", or null for round the clock. */
export function businessHoursText(def: CalendarDefinition, locale: string): string | null {
  if (def.hours === '24x7') return null
  const names = weekdayNames(locale)
  const byTime = new Map<string, string[]>()
  for (const h of def.hours) {
    const key = `${h.start}\u2013${h.end}`
    byTime.set(key, [...(byTime.get(key) ?? []), ...h.days])
  }
  return [...byTime.entries()].map(([time, days]) => `${dayRanges(days, names)} ${time}`).join(', ')
}

/** The four metrics in the order a contract states them (the engine's METRICS). */
export const METRIC_ORDER: readonly Metric[] = [
  'firstResponse',
  'nextResponse',
  'periodicUpdate',
  'resolution',
]

/** A metric's targets by priority, in the profile's priority order. */
export interface TargetLine {
  priority: string
  minutes: number
  basis: 'business' | 'calendar'
}

export function targetLines(profile: ContractProfile, metric: Metric): TargetLine[] {
  const byPriority = profile.targets[metric]
  if (!byPriority) return []
  return profile.priorities.flatMap((p) => {
    const target = byPriority[p.id]
    return target
      ? [{ priority: p.label ?? p.id, minutes: target.minutes, basis: target.basis }]
      : []
  })
}

/** The schedules of a profile's credit terms, for wording. */
export function creditSchedules(profile: ContractProfile): CreditSchedule[] {
  return profile.credits?.schedules ?? []
}

/** `YYYY-MM` of an instant in a zone. */
export function monthOf(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    timeZone,
  }).formatToParts(new Date(iso))
  const y = parts.find((p) => p.type === 'year')?.value ?? '1970'
  const m = parts.find((p) => p.type === 'month')?.value ?? '01'
  return `${y}-${m}`
}

/** One bar of the uptime chart. */
export interface UptimePoint {
  month: string
  /** The service's decimal string (`"99.8631"`). */
  percent: string
  value: number
  meets: boolean
  /** Month to date (the current month), not the whole month. */
  toDate: boolean
}

export interface UptimeSeries {
  commitmentId: string
  label: string
  target: string
  points: UptimePoint[]
}

/**
 * Uptime per commitment over the months given (newest first from the service), oldest first for
 * the chart, at most `count` months. The current month shows its month-to-date figure.
 */
export function uptimeSeries(
  months: AccountSla['months'],
  currentMonth: string,
  count = 7,
): UptimeSeries[] {
  const chosen = months.slice(0, count).reverse()
  const series = new Map<string, UptimeSeries>()
  for (const m of chosen) {
    for (const u of m.uptime) {
      if (!u.applicable) continue
      let s = series.get(u.commitmentId)
      if (!s) {
        s = {
          commitmentId: u.commitmentId,
          label: u.label ?? u.commitmentId,
          target: u.target,
          points: [],
        }
        series.set(u.commitmentId, s)
      }
      const toDate = m.month === currentMonth
      const percent = toDate ? u.monthToDatePercent : u.uptimePercent
      s.target = u.target
      s.points.push({
        month: m.month,
        percent,
        value: Number(percent),
        meets: u.meetsTarget,
        toDate,
      })
    }
  }
  return [...series.values()]
}

/**
 * The chart's lower bound: low enough to show every month and the target with room, so the
 * target line sits at or above the middle when everything is close to it (99.9 → 99.8).
 */
export function chartFloor(values: readonly number[], target: number): number {
  const gap = Math.max(100 - target, 0.01)
  const lowest = Math.min(target - gap, ...values)
  const floor = lowest - (lowest < target - gap ? gap * 0.25 : 0)
  return Math.max(0, floor)
}

/** Height fraction (0–1) of a value between the floor and 100%. */
export function barFraction(value: number, floor: number): number {
  if (floor >= 100) return 1
  return Math.min(1, Math.max(0, (value - floor) / (100 - floor)))
}
