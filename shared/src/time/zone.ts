/**
 * IANA time-zone rules, read from the ECMAScript `Intl` API (the only source of zone data the
 * engine uses, so the server, the app and the tests all agree with the runtime's tzdata).
 *
 * Offsets are turned into piecewise-constant segments per UTC year and cached per zone, so
 * the expensive `Intl` calls happen once per zone-year, never on the hot path of business-time
 * arithmetic.
 */
import { MS_PER_DAY, MS_PER_HOUR, utcYearOf, utcYearStart } from './civil.js'

/** A span of UTC time over which a zone's offset from UTC is constant. */
export interface OffsetSegment {
  /** First instant (epoch ms, inclusive). */
  start: number
  /** End instant (epoch ms, exclusive). */
  end: number
  /** Local wall time minus UTC, in ms (e.g. −5 h for New York in winter). */
  offset: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

/**
 * Whether `zone` names an IANA time zone known to the runtime (e.g. `America/New_York`,
 * `Asia/Kathmandu`, `UTC`). Abbreviations such as `EST` or Windows names are not accepted
 * unless the runtime knows them as IANA identifiers.
 */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

/**
 * The zone's offset (local minus UTC, in ms) at an instant, straight from `Intl`. Slow (a few
 * microseconds); the engine uses {@link offsetSegments} instead.
 */
export function offsetAtUncached(zone: string, utcMs: number): number {
  const seconds = Math.floor(utcMs / 1000) * 1000
  const parts = formatterFor(zone).formatToParts(new Date(seconds))
  let year = 0
  let month = 1
  let day = 1
  let hour = 0
  let minute = 0
  let second = 0
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        year = Number(p.value)
        break
      case 'month':
        month = Number(p.value)
        break
      case 'day':
        day = Number(p.value)
        break
      case 'hour':
        hour = Number(p.value)
        break
      case 'minute':
        minute = Number(p.value)
        break
      case 'second':
        second = Number(p.value)
        break
      default:
        break
    }
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC maps years 0–99 to 1900–1999; the engine works within 1900–2300 (see MIN_YEAR).
  return wall - seconds
}

/** Years the engine accepts for instants; wide enough for any contract, narrow enough to bound work. */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2300

const SAMPLE_STEP = 6 * MS_PER_HOUR

/** Per zone, per UTC year: the offset segments covering that year exactly. */
const yearSegments = new Map<string, Map<number, OffsetSegment[]>>()

function computeYearSegments(zone: string, year: number): OffsetSegment[] {
  const from = utcYearStart(year)
  const to = utcYearStart(year + 1)
  const segments: OffsetSegment[] = []
  let segStart = from
  let current = offsetAtUncached(zone, from)
  let t = from
  while (t < to) {
    const next = Math.min(t + SAMPLE_STEP, to)
    const o = next < to ? offsetAtUncached(zone, next) : current
    if (o !== current) {
      // Bisect (whole seconds) for the first instant with the new offset. Zones change offset
      // at most once in six hours, so one change lies between the two samples.
      let lo = Math.floor(t / 1000)
      let hi = Math.floor(next / 1000)
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2)
        if (offsetAtUncached(zone, mid * 1000) === current) lo = mid
        else hi = mid
      }
      const change = hi * 1000
      segments.push({ start: segStart, end: change, offset: current })
      segStart = change
      current = o
    }
    t = next
  }
  segments.push({ start: segStart, end: to, offset: current })
  return segments
}

function segmentsOfYear(zone: string, year: number): OffsetSegment[] {
  let byYear = yearSegments.get(zone)
  if (!byYear) {
    byYear = new Map()
    yearSegments.set(zone, byYear)
  }
  let segs = byYear.get(year)
  if (!segs) {
    segs = computeYearSegments(zone, year)
    byYear.set(year, segs)
  }
  return segs
}

/**
 * The constant-offset segments of `zone` that overlap `[from, to)`, in order, clipped to it and
 * with equal neighbours merged.
 */
export function offsetSegments(zone: string, from: number, to: number): OffsetSegment[] {
  const out: OffsetSegment[] = []
  if (!(to > from)) return out
  const y0 = utcYearOf(from)
  const y1 = utcYearOf(to - 1)
  for (let y = y0; y <= y1; y++) {
    for (const s of segmentsOfYear(zone, y)) {
      const start = Math.max(s.start, from)
      const end = Math.min(s.end, to)
      if (end <= start) continue
      const last = out[out.length - 1]
      if (last && last.end === start && last.offset === s.offset) last.end = end
      else out.push({ start, end, offset: s.offset })
    }
  }
  return out
}

/** The zone's offset (local minus UTC, ms) at an instant. */
export function offsetAt(zone: string, utcMs: number): number {
  const segs = segmentsOfYear(zone, utcYearOf(utcMs))
  // Few segments per year (usually 1 or 3): a linear scan is fastest.
  for (const s of segs) if (utcMs < s.end) return s.offset
  return segs[segs.length - 1]!.offset
}

/** Local wall-clock time at an instant, expressed as "epoch ms as if the wall clock were UTC". */
export function toLocalMs(zone: string, utcMs: number): number {
  return utcMs + offsetAt(zone, utcMs)
}

/**
 * The instant at which the wall clock of `zone` shows `localMs` ("epoch ms as if UTC").
 * Disambiguation follows Temporal's `compatible`: a wall time repeated by a backward change
 * resolves to the earlier instant; a wall time skipped by a forward change resolves to the
 * instant the same distance after the change (02:30 in a 02:00→03:00 gap becomes 03:30).
 */
export function fromLocalMs(zone: string, localMs: number): number {
  const segs = offsetSegments(zone, localMs - 2 * MS_PER_DAY, localMs + 2 * MS_PER_DAY)
  let best: number | undefined
  for (const s of segs) {
    const t = localMs - s.offset
    if (t >= s.start && t < s.end && (best === undefined || t < best)) best = t
  }
  if (best !== undefined) return best
  // In a gap: use the offset in force just before the change.
  for (let i = 1; i < segs.length; i++) {
    const before = segs[i - 1]!
    const after = segs[i]!
    const gapStartLocal = after.start + before.offset
    const gapEndLocal = after.start + after.offset
    if (localMs >= gapStartLocal && localMs < gapEndLocal) return localMs - before.offset
  }
  // Unreachable for real zones; keep the arithmetic total.
  return localMs - offsetAt(zone, localMs)
}

/**
 * The UTC ranges during which the wall clock of `zone` shows a time in `[localFrom, localTo)`.
 * Exact across offset changes: a skipped wall time contributes nothing and a repeated one
 * contributes both passes (so the result may be two ranges). Appends to `out`, which is then not
 * necessarily sorted: the caller sorts before merging.
 */
export function localRangeToUtc(
  segments: readonly OffsetSegment[],
  localFrom: number,
  localTo: number,
  out: [number, number][],
): void {
  for (const s of segments) {
    const start = Math.max(s.start, localFrom - s.offset)
    const end = Math.min(s.end, localTo - s.offset)
    if (end > start) {
      // Merge only with a range that starts no later: after a backward change the first pass of
      // this wall range can precede the second pass of the previous one (already in `out`).
      const last = out[out.length - 1]
      if (last && last[0] <= start && last[1] >= start) last[1] = Math.max(last[1], end)
      else out.push([start, end])
    }
  }
}
