/**
 * Time helpers for the Zendesk simulator: Zendesk speaks in whole seconds (Unix seconds for
 * `generated_timestamp`/`start_time`, ISO-8601 without fractions for `created_at`).
 */

/** Unix seconds of an epoch-millisecond instant. */
export function toUnix(ms: number): number {
  return Math.floor(ms / 1000)
}

/** `2021-03-25T05:09:27Z` — Zendesk's ISO-8601 form, whole seconds. */
export function toIso(ms: number): string {
  return new Date(toUnix(ms) * 1000).toISOString().replace('.000Z', 'Z')
}

/** Parses an ISO-8601 string to epoch ms, or undefined when it is not a date. */
export function parseIso(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}
