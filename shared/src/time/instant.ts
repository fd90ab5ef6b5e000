/**
 * Parsing and formatting of instants at the edges of the engine. Inside, instants are epoch ms.
 */
import {
  MS_PER_DAY,
  daysFromCivil,
  parseCivilDate,
  civilFromDays,
  formatCivilDate,
  type CivilDate,
} from './civil.js'
import { fromLocalMs, toLocalMs, MIN_YEAR, MAX_YEAR } from './zone.js'

/**
 * Years accepted in input instants and dates: one year inside the engine's range at each end, so
 * that arithmetic from any input (a target of up to a year, a month's end) stays within it.
 */
export const INPUT_MIN_YEAR = MIN_YEAR + 1
export const INPUT_MAX_YEAR = MAX_YEAR - 1

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Epoch ms of an ISO 8601 instant with an explicit offset (`Z` or `±HH:MM`); `undefined` when the
 * text is not one, names an impossible date or time, or lies outside the supported years.
 */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT_RE.exec(text)
  if (!m) return undefined
  const date = parseCivilDate(`${m[1]}-${m[2]}-${m[3]}`)
  if (!date || date.year < INPUT_MIN_YEAR || date.year > INPUT_MAX_YEAR) return undefined
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'))
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offset = 0
  const z = m[8]!
  if (z !== 'Z') {
    const oh = Number(z.slice(1, 3))
    const om = Number(z.slice(4, 6))
    if (oh > 18 || om > 59) return undefined
    offset = (z[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  }
  return (
    daysFromCivil(date) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset
  )
}

/**
 * Epoch ms of a date (`YYYY-MM-DD`, meaning 00:00 in `zone`) or an ISO instant; `undefined`
 * when it is neither.
 */
export function parseDateOrInstant(text: string, zone: string): number | undefined {
  if (text.length === 10) {
    const d = parseCivilDate(text)
    if (!d || d.year < INPUT_MIN_YEAR || d.year > INPUT_MAX_YEAR) return undefined
    return startOfLocalDay(zone, d)
  }
  return parseInstant(text)
}

/** The first instant of a local date in `zone` (00:00, or the first existing time after a gap). */
export function startOfLocalDay(zone: string, date: CivilDate): number {
  return fromLocalMs(zone, daysFromCivil(date) * MS_PER_DAY)
}

/** The local date of an instant in `zone`. */
export function localDateOf(zone: string, t: number): CivilDate {
  return civilFromDays(Math.floor(toLocalMs(zone, t) / MS_PER_DAY))
}

/** `YYYY-MM-DD` of an instant in `zone`. */
export function localDateString(zone: string, t: number): string {
  return formatCivilDate(localDateOf(zone, t))
}

/** ISO 8601 UTC text (`2026-03-02T09:15:00.000Z`) of an instant. */
export function formatInstant(t: number): string {
  return new Date(t).toISOString()
}

/** ISO 8601 text of an instant in a zone, with its offset (`2026-03-02T04:15:00-05:00`). */
export function formatInstantInZone(t: number, zone: string): string {
  const local = toLocalMs(zone, t)
  const offsetMin = Math.round((local - t) / 60_000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const iso = new Date(local).toISOString().slice(0, 19)
  return `${iso}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
