import { civilFromDays, daysFromCivil, isoWeekday, parseCivilDate } from '../time/civil.js'
import { isValidTimeZone } from '../time/zone.js'
import { checkSchema } from '../validation/schema-check.js'
import { issue, joinPath, type Validated, type ValidationIssue } from '../validation/issues.js'
import { CalendarSchema, type CalendarDefinition } from './calendar.schema.js'
import { weeklyDayIntervals } from './business-calendar.js'

/** The longest single holiday range accepted (a year and a day). */
export const MAX_HOLIDAY_DAYS = 366

/**
 * Validates a calendar definition: shape, a known IANA zone, real dates, non-empty intervals,
 * ranges in order. Returns every problem, each naming its field.
 */
export function validateCalendar(input: unknown, path = ''): Validated<CalendarDefinition> {
  const issues = checkSchema(CalendarSchema, input, path)
  if (issues.length > 0) return { ok: false, issues }
  const def = input as CalendarDefinition
  issues.push(...calendarSemanticIssues(def, path))
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: def }
}

function calendarSemanticIssues(def: CalendarDefinition, path: string): ValidationIssue[] {
  const out: ValidationIssue[] = []
  if (def.timeZone !== undefined && !isValidTimeZone(def.timeZone)) {
    out.push(
      issue(
        joinPath(path, 'timeZone'),
        'time-zone',
        `"${def.timeZone}" is not an IANA time zone (e.g. "America/New_York", "Asia/Kathmandu", "UTC")`,
      ),
    )
  }
  if (def.hours !== '24x7') {
    def.hours.forEach((iv, i) => {
      const p = joinPath(path, 'hours', i)
      if (iv.start === '24:00')
        out.push(
          issue(joinPath(p, 'start'), 'time-of-day', 'cannot be 24:00 (use 00:00 of the next day)'),
        )
      if (iv.start === iv.end)
        out.push(
          issue(
            p,
            'interval',
            `start and end are both ${iv.start}: an interval must not be empty (use 00:00–24:00 for a whole day)`,
          ),
        )
      if (new Set(iv.days).size !== iv.days.length)
        out.push(issue(joinPath(p, 'days'), 'unique', 'lists a day twice'))
    })
    const days = weeklyDayIntervals(def)
    if (days.every((d) => d.length === 0))
      out.push(issue(joinPath(path, 'hours'), 'interval', 'has no business time'))
  }
  ;(def.holidays ?? []).forEach((h, i) => {
    const p = joinPath(path, 'holidays', i)
    const from = parseCivilDate(h.date)
    const until = h.until === undefined ? from : parseCivilDate(h.until)
    if (!from) out.push(issue(joinPath(p, 'date'), 'date', `"${h.date}" is not a calendar date`))
    if (h.until !== undefined && !until)
      out.push(issue(joinPath(p, 'until'), 'date', `"${h.until}" is not a calendar date`))
    if (!from || !until) return
    if (h.repeat === 'yearly') {
      // A yearly range may wrap the new year; it may not cover the whole year.
      if (
        from.month === until.month &&
        from.day === until.day &&
        h.until !== undefined &&
        h.until !== h.date
      ) {
        out.push(
          issue(joinPath(p, 'until'), 'range', 'a yearly holiday may not cover a whole year'),
        )
      }
      return
    }
    const span = daysFromCivil(until) - daysFromCivil(from) + 1
    if (span < 1)
      out.push(issue(joinPath(p, 'until'), 'range', `must be on or after date ${h.date}`))
    else if (span > MAX_HOLIDAY_DAYS)
      out.push(
        issue(
          joinPath(p, 'until'),
          'range',
          `a holiday may span at most ${MAX_HOLIDAY_DAYS} days (this one spans ${span})`,
        ),
      )
  })
  if (out.length === 0 && (def.holidays?.length ?? 0) > 0) {
    out.push(...emptyYearIssues(def, path))
  }
  return out
}

/**
 * A calendar whose holidays leave a whole year without business time would make every due date
 * unreachable. Checks every year a dated holiday touches, plus a leap and a common year for the
 * yearly ones.
 */
function emptyYearIssues(def: CalendarDefinition, path: string): ValidationIssue[] {
  const days = weeklyDayIntervals(def)
  const dated = new Set<number>()
  const years = new Set<number>([2024, 2025])
  const yearly: [number, number][] = []
  for (const h of def.holidays ?? []) {
    const from = parseCivilDate(h.date)
    const until = h.until === undefined ? from : parseCivilDate(h.until)
    if (!from || !until) continue
    if (h.repeat === 'yearly') {
      yearly.push([from.month * 100 + from.day, until.month * 100 + until.day])
      continue
    }
    for (let d = daysFromCivil(from); d <= daysFromCivil(until); d++) {
      dated.add(d)
      years.add(civilFromDays(d).year)
    }
  }
  for (const year of [...years].sort((a, b) => a - b)) {
    let open = false
    const first = daysFromCivil({ year, month: 1, day: 1 })
    const last = daysFromCivil({ year, month: 12, day: 31 })
    for (let d = first; d <= last && !open; d++) {
      if (days[isoWeekday(d)]!.length === 0 || dated.has(d)) continue
      const c = civilFromDays(d)
      const md = c.month * 100 + c.day
      if (!yearly.some(([a, b]) => (a <= b ? md >= a && md <= b : md >= a || md <= b))) open = true
    }
    if (!open)
      return [
        issue(
          joinPath(path, 'holidays'),
          'no-business-time',
          `leave no business time in ${year}: no due date could ever be reached`,
        ),
      ]
  }
  return []
}
