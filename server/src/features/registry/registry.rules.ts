/**
 * The registry's rules that are not the engine's: version order checked in every zone, the
 * contract in force now, re-checking accounts against changed tiers, and structural equality
 * (an import that changes nothing writes nothing). Pure functions of their arguments.
 */
import {
  buildContractTimeline,
  issue,
  joinPath,
  parseCivilDate,
  parseDateOrInstant,
  type Account,
  type Tier,
  type ValidationIssue,
} from '@sla-tracker/shared'

/**
 * Zones in which an `effectiveFrom` order is checked. A date-only value means midnight in the
 * zone that reads it, so a date next to an instant can swap places across zones; the two extreme
 * offsets (UTC+14 and UTC−12) bound every zone.
 */
const ORDER_ZONES = ['UTC', 'Etc/GMT-14', 'Etc/GMT+12'] as const

/**
 * Order problems of a version list's `effectiveFrom`s: version 1 may (or, with `firstUndated`,
 * must) go without one; every later one needs one, strictly later than the one before in every
 * zone. `pathOf(i)` names the field of version index `i`.
 */
export function effectiveFromIssues(
  froms: readonly (string | null | undefined)[],
  pathOf: (index: number) => string,
  opts: { firstUndated?: boolean } = {},
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  froms.forEach((from, i) => {
    const path = pathOf(i)
    if (from === null || from === undefined) {
      if (i > 0) out.push(issue(path, 'required', 'is required on every version but the first'))
      return
    }
    if (i === 0 && opts.firstUndated) {
      out.push(issue(path, 'first-version', 'the first version applies since always: leave it out'))
      return
    }
    if (parseDateOrInstant(from, 'UTC') === undefined) {
      out.push(issue(path, 'date', `"${from}" is not a real date or instant (years 1901–2299)`))
      return
    }
    const prev = froms[i - 1]
    if (i === 0 || prev === null || prev === undefined) return
    const later = ORDER_ZONES.every((zone) => {
      const a = parseDateOrInstant(prev, zone)
      const b = parseDateOrInstant(from, zone)
      return a === undefined || (b !== undefined && b > a)
    })
    if (!later)
      out.push(
        issue(
          path,
          'order',
          `must be later than the previous version's effectiveFrom "${prev}" (in every time zone)`,
        ),
      )
  })
  return out
}

/** A real calendar date `YYYY-MM-DD`, or an issue. */
export function dateIssues(value: string | null | undefined, path: string): ValidationIssue[] {
  if (value === null || value === undefined) return []
  return parseCivilDate(value) ? [] : [issue(path, 'date', `"${value}" is not a calendar date`)]
}

/**
 * Index of the contract version in force at `now` (the last one whose `effectiveFrom` has
 * passed, read in the account's zone), or -1 when none is in force yet.
 */
export function versionInForce(
  contracts: readonly { effectiveFrom?: string | null | undefined }[],
  zone: string,
  now: number,
): number {
  let found = -1
  contracts.forEach((c, i) => {
    const from =
      c.effectiveFrom === null || c.effectiveFrom === undefined
        ? -Infinity
        : (parseDateOrInstant(c.effectiveFrom, zone) ?? Infinity)
    if (from <= now) found = i
  })
  return found
}

/** Path of a stored account in a report: `accounts[id=northwind]`. */
export function storedAccountPath(id: string): string {
  return `accounts[id=${id}]`
}

/**
 * Builds the contract timeline of every account against `tiers` and the calendar ids, returning
 * every problem under the account's path (`pathOf`). Used to refuse a tier or calendar change
 * that would break an account's merged profile.
 */
export function accountTimelineIssues(
  accounts: readonly Account[],
  tiers: ReadonlyMap<string, Tier>,
  calendarIds: ReadonlySet<string>,
  pathOf: (account: Account) => string = (a) => storedAccountPath(a.id),
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  for (const account of accounts) {
    const r = buildContractTimeline(account, tiers, pathOf(account), { calendarIds })
    if (!r.ok) out.push(...r.issues)
  }
  return out
}

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]))
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined)
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined)
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && sameJson(ao[k], bo[k]))
}

/** Deepest nesting accepted in a body (profiles need about ten levels). */
export const MAX_DEPTH = 64

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor'])

/** Whether a text holds a character PostgreSQL cannot store (NUL, an unpaired surrogate). */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text)
}

/**
 * Problems of a parsed body that no schema catches but storage would trip on: text PostgreSQL
 * cannot store, nesting deeper than {@link MAX_DEPTH}, and prototype keys. Walks iteratively (a
 * hostile body cannot overflow the stack); reports at most 20 problems.
 */
export function storableIssues(value: unknown, base = ''): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: base, depth: 0 }]
  while (stack.length > 0 && out.length < 20) {
    const { v, path, depth } = stack.pop()!
    if (typeof v === 'string') {
      if (hasUnstorableText(v))
        out.push(
          issue(
            path,
            'text',
            'contains a NUL character or an unpaired surrogate, which cannot be stored',
          ),
        )
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (depth >= MAX_DEPTH) {
      out.push(issue(path, 'depth', `is nested more than ${MAX_DEPTH} levels deep`))
      continue
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: joinPath(path, i), depth: depth + 1 }))
      continue
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = joinPath(path, k)
      if (FORBIDDEN_KEYS.has(k) || hasUnstorableText(k))
        out.push(issue(p, 'key', `"${k.replace(UNSTORABLE, '?')}" is not an acceptable key`))
      else stack.push({ v: x, path: p, depth: depth + 1 })
    }
  }
  return out
}
