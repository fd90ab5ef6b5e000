/**
 * Imports a Zendesk business-hours schedule (`GET /api/v2/business_hours/schedules/{id}`) and its
 * holidays (`…/holidays`) as a calendar definition.
 *
 * Zendesk intervals are minutes since Sunday 00:00 in the schedule's zone (0–10080); an interval
 * never crosses midnight in Zendesk, but the importer splits one that does. Zone names are the
 * Rails names Zendesk uses ("Eastern Time (US & Canada)"), mapped to IANA; an IANA name passes
 * through.
 */
import { MINUTES_PER_DAY, MINUTES_PER_WEEK } from '../time/civil.js'
import { isValidTimeZone } from '../time/zone.js'
import { issue, joinPath, type Validated, type ValidationIssue } from '../validation/issues.js'
import type { CalendarDefinition, Holiday, WeeklyInterval } from './calendar.schema.js'
import { validateCalendar } from './validate-calendar.js'
import { ZENDESK_TIME_ZONES } from './zendesk-time-zones.js'
import type { Weekday } from '../common.schema.js'

/** Wire shape of a Zendesk schedule (the fields the importer reads). */
export interface ZendeskScheduleWire {
  id?: number
  name?: string
  time_zone: string
  intervals: { start_time: number; end_time: number }[]
}

/** Wire shape of a Zendesk schedule holiday. */
export interface ZendeskHolidayWire {
  id?: number
  name?: string
  start_date: string
  end_date: string
}

/** Sunday-first, as Zendesk counts. */
const SUNDAY_FIRST: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/**
 * IANA zone for a Zendesk zone name (`"Eastern Time (US & Canada)"` → `America/New_York`), or
 * `undefined` when the name is neither a known Zendesk name nor an IANA zone.
 */
export function ianaZoneForZendesk(name: string): string | undefined {
  const mapped = ZENDESK_TIME_ZONES[name]
  if (mapped !== undefined) return mapped
  return isValidTimeZone(name) ? name : undefined
}

function hhmm(minutes: number): string {
  if (minutes === MINUTES_PER_DAY) return '24:00'
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/**
 * Converts a Zendesk schedule and its holidays into a validated calendar definition. Every
 * problem (unknown zone, interval out of the week, end before start, bad holiday dates) is
 * reported with its path in the Zendesk payload.
 * @example
 * importZendeskSchedule({ time_zone: 'Eastern Time (US & Canada)', intervals: [{ start_time: 1980, end_time: 2460 }] })
 * // → { ok: true, value: { timeZone: 'America/New_York', hours: [{ days: ['mon'], start: '09:00', end: '17:00' }] } }
 */
export function importZendeskSchedule(
  schedule: ZendeskScheduleWire,
  holidays: readonly ZendeskHolidayWire[] = [],
): Validated<CalendarDefinition> {
  const issues: ValidationIssue[] = []
  const timeZone =
    typeof schedule.time_zone === 'string' ? ianaZoneForZendesk(schedule.time_zone) : undefined
  if (timeZone === undefined) {
    issues.push(
      issue(
        'time_zone',
        'time-zone',
        `"${String(schedule.time_zone)}" is neither a Zendesk time-zone name nor an IANA zone`,
      ),
    )
  }
  if (!Array.isArray(schedule.intervals) || schedule.intervals.length === 0) {
    issues.push(issue('intervals', 'min-items', 'must list at least one interval'))
  }
  // Pieces per (start, end) within a day, collecting the weekdays that share them.
  const byTimes = new Map<string, { start: string; end: string; days: Weekday[] }>()
  ;(Array.isArray(schedule.intervals) ? schedule.intervals : []).forEach((iv, i) => {
    const p = joinPath('intervals', i)
    const { start_time: s, end_time: e } = iv ?? ({} as { start_time: number; end_time: number })
    let bad = false
    for (const [k, v] of [
      ['start_time', s],
      ['end_time', e],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v > MINUTES_PER_WEEK) {
        issues.push(
          issue(
            joinPath(p, k),
            'range',
            `must be a whole number of minutes from 0 to ${MINUTES_PER_WEEK} (Sunday 00:00 = 0)`,
          ),
        )
        bad = true
      }
    }
    if (bad) return
    if (e <= s) {
      issues.push(issue(joinPath(p, 'end_time'), 'range', `must be after start_time ${s}`))
      return
    }
    for (let t = s; t < e;) {
      const day = Math.floor(t / MINUTES_PER_DAY)
      const dayEnd = Math.min(e, (day + 1) * MINUTES_PER_DAY)
      const key = `${t - day * MINUTES_PER_DAY}-${dayEnd - day * MINUTES_PER_DAY}`
      const entry = byTimes.get(key) ?? {
        start: hhmm(t - day * MINUTES_PER_DAY),
        end: hhmm(dayEnd - day * MINUTES_PER_DAY),
        days: [],
      }
      const wd = SUNDAY_FIRST[day % 7]!
      if (!entry.days.includes(wd)) entry.days.push(wd)
      byTimes.set(key, entry)
      t = dayEnd
    }
  })
  const hol: Holiday[] = holidays.map((h) => {
    const out: Holiday = { date: h.start_date }
    if (h.name) out.name = h.name.slice(0, 200)
    if (h.end_date !== h.start_date) out.until = h.end_date
    return out
  })
  if (issues.length > 0) return { ok: false, issues }
  const hours: WeeklyInterval[] = [...byTimes.values()]
  const def: CalendarDefinition = { timeZone: timeZone!, hours }
  if (schedule.name) def.name = schedule.name.slice(0, 200)
  if (schedule.id !== undefined) def.id = `zendesk-${schedule.id}`
  if (hol.length > 0) def.holidays = hol
  const checked = validateCalendar(def)
  if (!checked.ok) {
    // Point holiday problems back at the Zendesk payload's names.
    return {
      ok: false,
      issues: checked.issues.map((x) => ({
        ...x,
        path: x.path
          .replace(/^holidays\[(\d+)\]\.date/, 'holidays[$1].start_date')
          .replace(/^holidays\[(\d+)\]\.until/, 'holidays[$1].end_date'),
      })),
    }
  }
  return checked
}
