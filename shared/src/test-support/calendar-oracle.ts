/**
 * A brute-force oracle for business time: walks UTC minute by minute, asks Intl for the local
 * wall time of each minute, and checks it against the calendar definition read directly (no code
 * shared with the engine). Slow by design; exact for minute-aligned instants, because zone
 * offsets change and business intervals start and end on whole minutes.
 */
import type { CalendarDefinition } from '../calendar/calendar.schema.js'

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const fmts = new Map<string, Intl.DateTimeFormat>()

function localOf(zone: string, t: number) {
  let f = fmts.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
    fmts.set(zone, f)
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]))
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: DAY_NAMES.indexOf(p.weekday!.toLowerCase().slice(0, 3)),
    minute: Number(p.hour) * 60 + Number(p.minute),
  }
}

function mins(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

function prevDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

function isHoliday(def: CalendarDefinition, date: string): boolean {
  for (const h of def.holidays ?? []) {
    const until = h.until ?? h.date
    if (h.repeat === 'yearly') {
      const md = date.slice(5)
      const a = h.date.slice(5)
      const b = until.slice(5)
      if (a <= b ? md >= a && md <= b : md >= a || md <= b) return true
    } else if (date >= h.date && date <= until) return true
  }
  return false
}

export function oracleIsBusinessMinute(def: CalendarDefinition, zone: string, t: number): boolean {
  const { date, weekday, minute } = localOf(zone, t)
  if (isHoliday(def, date)) return false
  if (def.hours === '24x7') return true
  const yesterday = DAY_NAMES[(weekday + 6) % 7]
  void prevDate
  for (const iv of def.hours) {
    const s = mins(iv.start)
    const e = mins(iv.end)
    if (e > s) {
      if (iv.days.includes(DAY_NAMES[weekday] as never) && minute >= s && minute < e) return true
    } else {
      // Crosses midnight: [s, 24:00) today, [00:00, e) on the day after a listed day.
      if (iv.days.includes(DAY_NAMES[weekday] as never) && minute >= s) return true
      if (iv.days.includes(yesterday as never) && minute < e) return true
    }
  }
  return false
}

export function oracleMinutesBetween(
  def: CalendarDefinition,
  zone: string,
  a: number,
  b: number,
): number {
  let n = 0
  for (let t = a; t < b; t += 60_000) if (oracleIsBusinessMinute(def, zone, t)) n++
  return n
}

/** Earliest instant at which `n` business minutes have passed since `t`; undefined past `limit`. */
export function oracleAddMinutes(
  def: CalendarDefinition,
  zone: string,
  t: number,
  n: number,
  limit = 60 * 24 * 120,
): number | undefined {
  if (n === 0) return t
  let count = 0
  for (let m = 0, x = t; m < limit; m++, x += 60_000) {
    if (oracleIsBusinessMinute(def, zone, x)) {
      count++
      if (count === n) return x + 60_000
    }
  }
  return undefined
}
