/**
 * Effective dates of new or corrected versions: what the service requires (a date or an instant,
 * later than the previous version's), checked in the form before saving. The service checks the
 * order in every time zone; here a date-only value is compared as a date, which is what admins
 * enter.
 */
import { checkSchema, DateOrInstantSchema, issue, type ValidationIssue } from '@sla-tracker/shared'
import type { SaveMode } from './types.js'

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

export interface DateMessages {
  required: string
  format: string
  /** `{previous}` is replaced by the previous version's date. */
  order: string
}

/** Today's date (YYYY-MM-DD) in `zone` (the agent's), at `now`. */
export function todayIn(zone: string | undefined, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now)
  } catch {
    return now.toISOString().slice(0, 10)
  }
}

/** The day after a date (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** A sensible default for a new version: today, or the day after the latest version if later. */
export function defaultEffectiveFrom(latest: string | null, today: string): string {
  const latestDate = latest?.slice(0, 10)
  return latestDate && latestDate >= today ? nextDay(latestDate) : today
}

/**
 * Problems with the `effectiveFrom` a save would send. A new version needs a date later than the
 * latest version's; a correction of version 1 may leave it empty ("since always"), a correction
 * of a later version needs one later than the version before it.
 */
export function effectiveDateIssues(
  value: string,
  mode: SaveMode,
  versions: readonly { version: number; effectiveFrom: string | null }[],
  messages: DateMessages,
): ValidationIssue[] {
  const v = value.trim()
  const latest = versions.at(-1)
  const optional = mode === 'correct' && (latest?.version ?? 1) === 1
  if (v === '') return optional ? [] : [issue('effectiveFrom', 'required', messages.required)]
  if (checkSchema(DateOrInstantSchema, v).length > 0)
    return [issue('effectiveFrom', 'pattern', messages.format)]
  const previous = mode === 'new-version' ? latest?.effectiveFrom : versions.at(-2)?.effectiveFrom
  if (previous && DATE_ONLY.test(v) && DATE_ONLY.test(previous) && v <= previous)
    return [issue('effectiveFrom', 'order', messages.order.replace('{previous}', previous))]
  return []
}
