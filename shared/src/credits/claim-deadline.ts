/**
 * The claim window of `on-request` credits, in the contract's zone.
 */
import { civilFromDays, daysFromCivil, formatCivilDate } from '../time/civil.js'
import { formatInstantInZone, localDateOf, startOfLocalDay } from '../time/instant.js'

/** When on-request credits of a period must be claimed by. */
export interface ClaimDeadline {
  /** Epoch ms of the deadline (exclusive): 00:00 in the zone of the first day after the window. */
  deadline: number
  /** ISO 8601 text of the deadline with the zone's offset (`2026-04-16T00:00:00-04:00`). */
  deadlineText: string
  /** Last local date (`YYYY-MM-DD`) on which a claim is accepted. */
  lastDate: string
}

/**
 * The claim deadline of a period ending at `periodEnd` (exclusive): claims are accepted for
 * `windowDays` local days after the period's last day, so the deadline (exclusive) is 00:00
 * local on `date(periodEnd) + windowDays`.
 * @example
 * // March 2026 in America/New_York, 15 days: claims through 15 April;
 * // deadline 2026-04-16T00:00:00-04:00 = 2026-04-16T04:00:00Z
 * claimDeadlineOf(monthPeriod('2026-03', 'America/New_York').end, 'America/New_York', 15)
 */
export function claimDeadlineOf(
  periodEnd: number,
  zone: string,
  windowDays: number,
): ClaimDeadline {
  const firstAfter = daysFromCivil(localDateOf(zone, periodEnd)) + windowDays
  const deadline = startOfLocalDay(zone, civilFromDays(firstAfter))
  return {
    deadline,
    deadlineText: formatInstantInZone(deadline, zone),
    lastDate: formatCivilDate(civilFromDays(firstAfter - 1)),
  }
}
