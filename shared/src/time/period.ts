/**
 * Reporting periods: calendar months (and quarters) in a contract's zone.
 */
import { daysInMonth, type CivilDate } from './civil.js'
import { localDateOf, startOfLocalDay } from './instant.js'

/** A calendar month in a zone, as UTC instants `[start, end)`. */
export interface MonthPeriod {
  /** `YYYY-MM`. */
  month: string
  timeZone: string
  start: number
  end: number
  /** Days in the month (28–31). */
  days: number
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

/** Whether text is a month `YYYY-MM`. */
export function isMonth(text: string): boolean {
  return MONTH_RE.test(text)
}

/** The month `YYYY-MM` in `zone`. Throws on a malformed month (validate first). */
export function monthPeriod(month: string, zone: string): MonthPeriod {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  const year = Number(m[1])
  const mon = Number(m[2])
  const next: CivilDate =
    mon === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: mon + 1, day: 1 }
  return {
    month,
    timeZone: zone,
    start: startOfLocalDay(zone, { year, month: mon, day: 1 }),
    end: startOfLocalDay(zone, next),
    days: daysInMonth(year, mon),
  }
}

/** The month containing instant `t` in `zone`. */
export function monthOf(t: number, zone: string): MonthPeriod {
  const d = localDateOf(zone, t)
  return monthPeriod(`${d.year}-${String(d.month).padStart(2, '0')}`, zone)
}

/** The month after `p`. */
export function nextMonth(p: MonthPeriod): MonthPeriod {
  return monthOf(p.end, p.timeZone)
}
