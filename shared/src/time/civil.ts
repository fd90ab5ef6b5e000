/**
 * Proleptic-Gregorian civil-date arithmetic on day numbers (days since 1970-01-01), after
 * Howard Hinnant's `days_from_civil` / `civil_from_days`. Exact integer arithmetic, no Date.
 */

/** Milliseconds in one minute, hour and (calendar, not local) day. */
export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000
export const MINUTES_PER_DAY = 1440
export const MINUTES_PER_WEEK = 10_080

/** A calendar date without a zone. `month` is 1–12. */
export interface CivilDate {
  year: number
  month: number
  day: number
}

/**
 * Day number (days since 1970-01-01) of a civil date.
 * @example daysFromCivil({ year: 1970, month: 1, day: 2 }) // 1
 */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Civil date of a day number. Inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function isoWeekday(days: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((days + 3) % 7) + 7) % 7) + 1
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parses `YYYY-MM-DD`; `undefined` when the text is not a real calendar date. */
export function parseCivilDate(text: string): CivilDate | undefined {
  const m = DATE_RE.exec(text)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return { year, month, day }
}

/** Formats a civil date as `YYYY-MM-DD`. */
export function formatCivilDate({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** UTC year of an epoch-millisecond instant, without allocating a Date. */
export function utcYearOf(ms: number): number {
  return civilFromDays(Math.floor(ms / MS_PER_DAY)).year
}

/** Epoch ms of 00:00 UTC on 1 January of `year`. */
export function utcYearStart(year: number): number {
  return daysFromCivil({ year, month: 1, day: 1 }) * MS_PER_DAY
}
