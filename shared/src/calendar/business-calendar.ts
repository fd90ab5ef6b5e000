/**
 * Business-time arithmetic on compiled calendars.
 *
 * A calendar is compiled, lazily and once per UTC year, into a sorted array of disjoint UTC
 * intervals of business time with prefix sums. Every query is then one or two binary searches:
 * exact to the millisecond across DST changes (a skipped wall-clock hour contributes nothing, a
 * repeated one counts twice) and in zones with 30- and 45-minute offsets.
 *
 * Semantics:
 * - A minute is business time when its local wall-clock time falls in a weekly interval of its
 *   local weekday and its local date is not a holiday. An interval that crosses midnight belongs
 *   to both dates for this purpose (Fri 22:00–06:00 is Fri 22:00–24:00 plus Sat 00:00–06:00, and
 *   a holiday on Saturday removes the Saturday part).
 * - `addBusinessMs(cal, t, d)` returns the earliest instant at which `d` of business time has
 *   passed since `t` (so adding the last 9 h of a 09:00–18:00 day ends at 18:00, not at 09:00
 *   the next business day).
 */
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  civilFromDays,
  daysFromCivil,
  isoWeekday,
  parseCivilDate,
  utcYearOf,
  utcYearStart,
} from '../time/civil.js'
import { MAX_YEAR, MIN_YEAR, localRangeToUtc, offsetSegments } from '../time/zone.js'
import type { CalendarDefinition } from './calendar.schema.js'
import { WEEKDAYS } from '../common.schema.js'

interface Chunk {
  from: number
  to: number
  starts: Float64Array
  ends: Float64Array
  /** Business ms in the chunk before `starts[i]`. */
  before: Float64Array
  total: number
  /** Per UTC day of the chunk: the number of intervals starting before that day (a jump table). */
  dayIndex: Int32Array
}

/** Minutes of a local day, `[start, end)` with `0 ≤ start < end ≤ 1440`. */
type DayInterval = [number, number]

/** A calendar ready for arithmetic. Create with {@link compileCalendar}. */
export interface BusinessCalendar {
  /** The IANA zone the weekly hours and holidays are read in. */
  readonly timeZone: string
  /** True when every instant is business time (24×7 without holidays). */
  readonly alwaysOpen: boolean
  /** @internal */
  readonly impl: CalendarImpl
}

class CalendarImpl {
  private readonly chunks = new Map<number, Chunk>()
  private last: Chunk | undefined
  private readonly holidayDays = new Set<number>()
  private readonly yearly: [number, number][] = []

  constructor(
    readonly timeZone: string,
    /** Index 1 (Mon) … 7 (Sun). */
    private readonly days: DayInterval[][],
    holidays: NonNullable<CalendarDefinition['holidays']>,
  ) {
    for (const h of holidays) {
      const from = parseCivilDate(h.date)
      const until = h.until === undefined ? from : parseCivilDate(h.until)
      if (!from || !until) continue // validated before compiling
      if (h.repeat === 'yearly') {
        this.yearly.push([from.month * 100 + from.day, until.month * 100 + until.day])
      } else {
        const d0 = daysFromCivil(from)
        const d1 = daysFromCivil(until)
        for (let d = d0; d <= d1; d++) this.holidayDays.add(d)
      }
    }
  }

  isHoliday(day: number): boolean {
    if (this.holidayDays.has(day)) return true
    if (this.yearly.length === 0) return false
    const c = civilFromDays(day)
    const md = c.month * 100 + c.day
    for (const [a, b] of this.yearly) {
      if (a <= b ? md >= a && md <= b : md >= a || md <= b) return true
    }
    return false
  }

  chunk(year: number): Chunk {
    let c = this.chunks.get(year)
    if (!c) {
      if (year < MIN_YEAR || year > MAX_YEAR) {
        throw new RangeError(`instant outside the supported years ${MIN_YEAR}–${MAX_YEAR}`)
      }
      c = this.compile(year)
      this.chunks.set(year, c)
    }
    return c
  }

  chunkAt(t: number): Chunk {
    const l = this.last
    if (l !== undefined && t >= l.from && t < l.to) return l
    const c = this.chunk(utcYearOf(t))
    this.last = c
    return c
  }

  private compile(year: number): Chunk {
    const from = utcYearStart(year)
    const to = utcYearStart(year + 1)
    const segs = offsetSegments(this.timeZone, from - 2 * MS_PER_DAY, to + 2 * MS_PER_DAY)
    const ranges: [number, number][] = []
    const dFrom = Math.floor(from / MS_PER_DAY) - 1
    const dTo = Math.floor(to / MS_PER_DAY) + 1
    for (let d = dFrom; d <= dTo; d++) {
      const intervals = this.days[isoWeekday(d)]!
      if (intervals.length === 0 || this.isHoliday(d)) continue
      const base = d * MS_PER_DAY
      for (const [s, e] of intervals) {
        localRangeToUtc(segs, base + s * MS_PER_MINUTE, base + e * MS_PER_MINUTE, ranges)
      }
    }
    // Day by day the ranges are in order, except around a backward offset change: the first
    // pass of a repeated wall time comes before the second pass of an earlier wall range.
    // (Sorting ranges that are already in order is one linear pass.)
    ranges.sort((x, y) => x[0] - y[0])
    const starts: number[] = []
    const ends: number[] = []
    for (const [s0, e0] of ranges) {
      const s = Math.max(s0, from)
      const e = Math.min(e0, to)
      if (e <= s) continue
      const n = ends.length
      if (n > 0 && ends[n - 1]! >= s) ends[n - 1] = Math.max(ends[n - 1]!, e)
      else {
        starts.push(s)
        ends.push(e)
      }
    }
    const before = new Float64Array(starts.length)
    let acc = 0
    for (let i = 0; i < starts.length; i++) {
      before[i] = acc
      acc += ends[i]! - starts[i]!
    }
    const days = Math.round((to - from) / MS_PER_DAY)
    const dayIndex = new Int32Array(days + 1)
    for (let d = 0, i = 0; d <= days; d++) {
      const dayStart = from + d * MS_PER_DAY
      while (i < starts.length && starts[i]! < dayStart) i++
      dayIndex[d] = i
    }
    return {
      from,
      to,
      starts: Float64Array.from(starts),
      ends: Float64Array.from(ends),
      before,
      total: acc,
      dayIndex,
    }
  }
}

/** Index of the last interval starting at or before `t`, or −1. */
function lastStartAtOrBefore(c: Chunk, t: number): number {
  // Jump to the first interval of t's UTC day, then step: a day holds only a few intervals.
  const s = c.starts
  const n = s.length
  let i = c.dayIndex[Math.floor((t - c.from) / MS_PER_DAY)] ?? n
  while (i < n && s[i]! <= t) i++
  return i - 1
}

/** Business ms in `[c.from, t)`. */
function cumIn(c: Chunk, t: number): number {
  return cumAt(c, lastStartAtOrBefore(c, t), t)
}

/** Business ms in `[c.from, t)`, given `i = lastStartAtOrBefore(c, t)`. */
function cumAt(c: Chunk, i: number, t: number): number {
  if (i < 0) return 0
  const end = c.ends[i]!
  return c.before[i]! + (t < end ? t : end) - c.starts[i]!
}

/** First index whose cumulative end reaches `target` (`before[i] + len[i] >= target`). */
function firstReaching(c: Chunk, target: number, hint = 0): number {
  // Gallop from the hint (due instants are usually a few intervals ahead), then bisect.
  const { starts, ends, before } = c
  const n = starts.length
  let lo = hint < 0 ? 0 : hint > n ? n : hint
  if (lo < n && before[lo]! + (ends[lo]! - starts[lo]!) >= target) return lo
  let step = 1
  let hi = lo + step
  while (hi < n && before[hi]! + (ends[hi]! - starts[hi]!) < target) {
    lo = hi + 1
    step *= 2
    hi = lo + step
  }
  if (hi > n) hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before[mid]! + (ends[mid]! - starts[mid]!) >= target) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** First index whose cumulative end exceeds `target`. */
function firstExceeding(c: Chunk, target: number): number {
  let lo = 0
  let hi = c.starts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (c.before[mid]! + (c.ends[mid]! - c.starts[mid]!) > target) hi = mid
    else lo = mid + 1
  }
  return lo
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

/**
 * Per ISO weekday (index 1–7), the merged local-minute intervals of a calendar's weekly hours.
 * Intervals crossing midnight are split between the two days.
 */
export function weeklyDayIntervals(def: Pick<CalendarDefinition, 'hours'>): DayInterval[][] {
  const days: DayInterval[][] = [[], [], [], [], [], [], [], []]
  if (def.hours === '24x7') {
    for (let wd = 1; wd <= 7; wd++) days[wd]!.push([0, 1440])
    return days
  }
  for (const iv of def.hours) {
    const s = toMinutes(iv.start)
    const e = toMinutes(iv.end)
    for (const name of iv.days) {
      const wd = WEEKDAYS.indexOf(name) + 1
      if (e > s) days[wd]!.push([s, e])
      else {
        if (s < 1440) days[wd]!.push([s, 1440])
        if (e > 0) days[(wd % 7) + 1]!.push([0, e])
      }
    }
  }
  for (let wd = 1; wd <= 7; wd++) {
    const list = days[wd]!.sort((a, b) => a[0] - b[0])
    const merged: DayInterval[] = []
    for (const iv of list) {
      const last = merged[merged.length - 1]
      if (last && last[1] >= iv[0]) last[1] = Math.max(last[1], iv[1])
      else merged.push([iv[0], iv[1]])
    }
    days[wd] = merged
  }
  return days
}

/**
 * Compiles a validated calendar definition. `fallbackTimeZone` applies when the definition has
 * no `timeZone` (a template read in the customer's zone). Compiled calendars cache their work:
 * keep and reuse them.
 */
export function compileCalendar(
  def: CalendarDefinition,
  fallbackTimeZone = 'UTC',
): BusinessCalendar {
  const timeZone = def.timeZone ?? fallbackTimeZone
  const holidays = def.holidays ?? []
  const alwaysOpen = def.hours === '24x7' && holidays.length === 0
  return {
    timeZone,
    alwaysOpen,
    impl: new CalendarImpl(timeZone, weeklyDayIntervals(def), holidays),
  }
}

/** A 24×7 calendar: business time is wall-clock time. */
export const ALWAYS_OPEN: BusinessCalendar = compileCalendar({ hours: '24x7', timeZone: 'UTC' })

/**
 * Business time in ms between two instants (negative when `to` precedes `from`).
 * @example
 * // Mon–Fri 09:00–18:00 UTC: Friday 17:00 → Monday 10:00 is 2 h.
 * businessMsBetween(cal, Date.parse('2026-03-06T17:00Z'), Date.parse('2026-03-09T10:00Z')) // 7_200_000
 */
export function businessMsBetween(cal: BusinessCalendar, from: number, to: number): number {
  if (cal.alwaysOpen) return to - from
  if (to < from) return -businessMsBetween(cal, to, from)
  const impl = cal.impl
  const ca = impl.chunkAt(from)
  if (to < ca.to) return cumIn(ca, to) - cumIn(ca, from)
  let sum = ca.total - cumIn(ca, from)
  let y = utcYearOf(ca.to)
  for (;;) {
    const c = impl.chunk(y)
    if (to < c.to) return sum + cumIn(c, to)
    sum += c.total
    y++
  }
}

/**
 * A position on a calendar's business-time line, for walking forward through time-ordered
 * instants (a ticket's events) with one lookup per step instead of two. Create with
 * {@link businessCursor}; {@link advanceBusinessCursor} returns the business ms since the last
 * position.
 */
export interface BusinessCursor {
  readonly cal: BusinessCalendar
  /** @internal */ t: number
  /** @internal */ chunk: Chunk | undefined
  /** @internal */ cum: number
}

/** A cursor at instant `t`. */
export function businessCursor(cal: BusinessCalendar, t: number): BusinessCursor {
  if (cal.alwaysOpen) return { cal, t, chunk: undefined, cum: 0 }
  const chunk = cal.impl.chunkAt(t)
  return { cal, t, chunk, cum: cumIn(chunk, t) }
}

/**
 * Moves the cursor to `t` and returns the business ms from its previous instant to `t` (as
 * {@link businessMsBetween}, negative when moving back).
 */
export function advanceBusinessCursor(cur: BusinessCursor, t: number): number {
  const from = cur.t
  cur.t = t
  if (cur.cal.alwaysOpen) return t - from
  const prev = cur.chunk
  if (prev !== undefined && t >= prev.from && t < prev.to) {
    const cum = cumIn(prev, t)
    const d = cum - cur.cum
    cur.cum = cum
    return d
  }
  const chunk = cur.cal.impl.chunkAt(t)
  cur.chunk = chunk
  cur.cum = cumIn(chunk, t)
  return businessMsBetween(cur.cal, from, t)
}

/** Business time in minutes between two instants (fractional when they are not whole minutes). */
export function businessMinutesBetween(cal: BusinessCalendar, from: number, to: number): number {
  return businessMsBetween(cal, from, to) / MS_PER_MINUTE
}

/**
 * The instant at which `ms` of business time has passed since `from`: the earliest such instant
 * for `ms ≥ 0`, the latest for `ms < 0` (subtraction). `ms = 0` returns `from`.
 * @example
 * // Mon–Fri 09:00–18:00 UTC: 2 business hours after Friday 17:00 is Monday 10:00.
 * addBusinessMs(cal, Date.parse('2026-03-06T17:00Z'), 7_200_000) // Date.parse('2026-03-09T10:00Z')
 */
export function addBusinessMs(cal: BusinessCalendar, from: number, ms: number): number {
  if (ms === 0 || cal.alwaysOpen) return from + ms
  const impl = cal.impl
  let c = impl.chunkAt(from)
  let hint = lastStartAtOrBefore(c, from)
  let target = cumAt(c, hint, from) + ms
  if (ms > 0) {
    for (;;) {
      if (target <= c.total) {
        const i = firstReaching(c, target, hint)
        return c.starts[i]! + (target - c.before[i]!)
      }
      target -= c.total
      c = impl.chunk(utcYearOf(c.to))
      hint = 0
    }
  }
  for (;;) {
    if (target > 0) {
      const i = firstExceeding(c, target)
      if (i < c.starts.length) return c.starts[i]! + (target - c.before[i]!)
      return c.to
    }
    if (target === 0 && c.starts.length > 0) return c.starts[0]!
    c = impl.chunk(utcYearOf(c.from) - 1)
    target += c.total
  }
}

/** {@link addBusinessMs} in minutes. */
export function addBusinessMinutes(cal: BusinessCalendar, from: number, minutes: number): number {
  return addBusinessMs(cal, from, minutes * MS_PER_MINUTE)
}

/** Whether the instant is business time. */
export function isBusinessTime(cal: BusinessCalendar, at: number): boolean {
  if (cal.alwaysOpen) return true
  const c = cal.impl.chunkAt(at)
  const i = lastStartAtOrBefore(c, at)
  return i >= 0 && at < c.ends[i]!
}

/** `at` itself when it is business time, otherwise the start of the next business interval. */
export function nextBusinessStart(cal: BusinessCalendar, at: number): number {
  if (cal.alwaysOpen) return at
  let c = cal.impl.chunkAt(at)
  const i = lastStartAtOrBefore(c, at)
  if (i >= 0 && at < c.ends[i]!) return at
  if (i + 1 < c.starts.length) return c.starts[i + 1]!
  for (;;) {
    c = cal.impl.chunk(utcYearOf(c.to))
    if (c.starts.length > 0) return c.starts[0]!
  }
}

/** The business intervals (UTC) overlapping `[from, to)`, clipped to it. For explanations and tests. */
export function businessIntervals(
  cal: BusinessCalendar,
  from: number,
  to: number,
): [number, number][] {
  const out: [number, number][] = []
  if (!(to > from)) return out
  if (cal.alwaysOpen) return [[from, to]]
  let y = utcYearOf(from)
  for (;;) {
    const c = cal.impl.chunk(y)
    let i = Math.max(0, lastStartAtOrBefore(c, from))
    for (; i < c.starts.length && c.starts[i]! < to; i++) {
      const s = Math.max(c.starts[i]!, from)
      const e = Math.min(c.ends[i]!, to)
      if (e <= s) continue
      const last = out[out.length - 1]
      if (last && last[1] === s) last[1] = e
      else out.push([s, e])
    }
    if (to <= c.to) return out
    y++
  }
}
