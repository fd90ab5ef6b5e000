/**
 * Contract versions and the terms in force at an instant.
 *
 * An account's contract is a list of versions (tier, fee, overrides), each effective from a
 * date; a tier's profile is itself versioned. The terms in force at an instant are the account
 * version in force then, on the tier version in force then, merged (see merge.ts). A
 * date-only `effectiveFrom` means 00:00 in the account's contract zone.
 */
import { isCurrency, type Money } from '../money/money.js'
import { parseDateOrInstant } from '../time/instant.js'
import { isValidTimeZone } from '../time/zone.js'
import { checkSchema } from '../validation/schema-check.js'
import { issue, joinPath, type Validated, type ValidationIssue } from '../validation/issues.js'
import { mergeOverrides } from './merge.js'
import {
  AccountSchema,
  TierSchema,
  type Account,
  type ContractProfile,
  type Tier,
} from './profile.schema.js'
import { validateProfile, type ProfileContext } from './validate-profile.js'

/** The terms in force over `[from, until)` for one account. */
export interface ResolvedContract {
  accountId: string
  tierId: string
  /** The contract's zone (months, days, date-only dates). */
  timeZone: string
  profile: ContractProfile
  monthlyFee: Money
  componentFees: Readonly<Record<string, number>>
  /** First instant (−Infinity: since always). */
  from: number
  /** End (exclusive; Infinity: open-ended). */
  until: number
  /** Index of the account version and of the tier version, for explanations. */
  accountVersion: number
  tierVersion: number
}

/** An account's contract history as contiguous pieces, in time order. */
export interface ContractTimeline {
  accountId: string
  timeZone: string
  pieces: ResolvedContract[]
}

/** Validates a tier template: shape, every version's profile, versions in order. */
export function validateTier(input: unknown, path = '', ctx: ProfileContext = {}): Validated<Tier> {
  const shape = checkSchema(TierSchema, input, path)
  if (shape.length > 0) return { ok: false, issues: shape }
  const tier = input as Tier
  const out: ValidationIssue[] = []
  tier.versions.forEach((v, i) => {
    const r = validateProfile(v.profile, joinPath(path, 'versions', i, 'profile'), ctx)
    if (!r.ok) out.push(...r.issues)
  })
  out.push(...versionOrderIssues(tier.versions, joinPath(path, 'versions'), 'UTC'))
  return out.length > 0 ? { ok: false, issues: out } : { ok: true, value: tier }
}

function versionOrderIssues(
  versions: readonly { effectiveFrom?: string | undefined }[],
  path: string,
  zone: string,
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  let prev = -Infinity
  versions.forEach((v, i) => {
    const p = joinPath(path, i, 'effectiveFrom')
    if (v.effectiveFrom === undefined) {
      if (i > 0) out.push(issue(p, 'required', 'is required on every version but the first'))
      return
    }
    const t = parseDateOrInstant(v.effectiveFrom, zone)
    if (t === undefined) {
      out.push(
        issue(p, 'date', `"${v.effectiveFrom}" is not a real date or instant (years 1901–2299)`),
      )
      return
    }
    if (!(t > prev))
      out.push(
        issue(
          p,
          'order',
          'versions must be in order of effectiveFrom, each later than the one before',
        ),
      )
    prev = t
  })
  return out
}

/** Validates an account's own fields (not yet the merged contracts; see {@link buildContractTimeline}). */
export function validateAccount(input: unknown, path = ''): Validated<Account> {
  const shape = checkSchema(AccountSchema, input, path)
  if (shape.length > 0) return { ok: false, issues: shape }
  const a = input as Account
  const out: ValidationIssue[] = []
  const zone = a.timeZone ?? 'UTC'
  if (a.timeZone !== undefined && !isValidTimeZone(a.timeZone))
    out.push(
      issue(joinPath(path, 'timeZone'), 'time-zone', `"${a.timeZone}" is not an IANA time zone`),
    )
  a.contracts.forEach((c, i) => {
    if (!isCurrency(c.monthlyFee.currency))
      out.push(
        issue(
          joinPath(path, 'contracts', i, 'monthlyFee', 'currency'),
          'currency',
          `"${c.monthlyFee.currency}" is not an ISO 4217 currency`,
        ),
      )
    for (const comp of Object.keys(c.componentFees ?? {}))
      if (!a.components.includes(comp))
        out.push(
          issue(
            joinPath(path, 'contracts', i, 'componentFees', comp),
            'reference',
            `"${comp}" is not a component the account uses`,
          ),
        )
  })
  out.push(
    ...versionOrderIssues(
      a.contracts,
      joinPath(path, 'contracts'),
      isValidTimeZone(zone) ? zone : 'UTC',
    ),
  )
  return out.length > 0 ? { ok: false, issues: out } : { ok: true, value: a }
}

function resolveFrom(effectiveFrom: string | undefined, zone: string): number {
  return effectiveFrom === undefined ? -Infinity : (parseDateOrInstant(effectiveFrom, zone) ?? NaN)
}

/**
 * Builds an account's contract timeline from its versions and the tier templates, validating
 * every merged profile. Issues point at the account version whose overrides break the profile.
 */
export function buildContractTimeline(
  account: Account,
  tiers: ReadonlyMap<string, Tier>,
  path = '',
  ctx: ProfileContext = {},
): Validated<ContractTimeline> {
  const zone = account.timeZone ?? 'UTC'
  const out: ValidationIssue[] = []
  const pieces: ResolvedContract[] = []
  account.contracts.forEach((version, i) => {
    const vp = joinPath(path, 'contracts', i)
    const from = resolveFrom(version.effectiveFrom, zone)
    const next = account.contracts[i + 1]
    const until = next ? resolveFrom(next.effectiveFrom, zone) : Infinity
    const tier = tiers.get(version.tier)
    if (!tier) {
      out.push(
        issue(
          joinPath(vp, 'tier'),
          'reference',
          `"${version.tier}" is not a known tier (${[...tiers.keys()].join(', ')})`,
        ),
      )
      return
    }
    // Tier versions were checked in order in UTC; a date-only date read in this account's zone
    // may not keep that order next to an instant: check again here.
    for (let j = 1; j < tier.versions.length; j++) {
      if (
        !(
          resolveFrom(tier.versions[j]!.effectiveFrom, zone) >
          resolveFrom(tier.versions[j - 1]!.effectiveFrom, zone)
        )
      )
        out.push(
          issue(
            joinPath(vp, 'tier'),
            'order',
            `tier "${tier.id}" version ${j} does not start after version ${j - 1} in this account's zone ${zone}`,
          ),
        )
    }
    tier.versions.forEach((tv, j) => {
      const tFrom = resolveFrom(tv.effectiveFrom, zone)
      const tNext = tier.versions[j + 1]
      const tUntil = tNext ? resolveFrom(tNext.effectiveFrom, zone) : Infinity
      const pFrom = Math.max(from, tFrom)
      const pUntil = Math.min(until, tUntil)
      if (!(pUntil > pFrom)) return
      const merged = mergeOverrides(tv.profile, version.overrides)
      const checked = validateProfile(merged, joinPath(vp, 'overrides'), ctx)
      if (!checked.ok) {
        out.push(
          ...checked.issues.map((x) => ({
            ...x,
            message: `${x.message} (in the merged profile of tier "${tier.id}" version ${j})`,
          })),
        )
        return
      }
      pieces.push({
        accountId: account.id,
        tierId: tier.id,
        timeZone: zone,
        profile: checked.value,
        monthlyFee: version.monthlyFee,
        componentFees: version.componentFees ?? {},
        from: pFrom,
        until: pUntil,
        accountVersion: i,
        tierVersion: j,
      })
    })
  })
  if (out.length > 0) return { ok: false, issues: out }
  pieces.sort((a, b) => a.from - b.from)
  return { ok: true, value: { accountId: account.id, timeZone: zone, pieces } }
}

/** The terms in force at `t`, or `undefined` when no contract covers it. */
export function contractAt(timeline: ContractTimeline, t: number): ResolvedContract | undefined {
  const ps = timeline.pieces
  // Pieces are few; scan from the end (the latest terms are the most used).
  for (let i = ps.length - 1; i >= 0; i--) {
    const p = ps[i]!
    if (t >= p.from) return t < p.until ? p : undefined
  }
  return undefined
}

/** Per profile: ticket priority values already resolved (profiles are immutable once validated). */
const priorityCache = new WeakMap<ContractProfile, Map<string, string | undefined>>()

/**
 * The profile's priority for a ticket priority value: an id or alias (case-insensitive), else the
 * profile's `defaultPriority`, else `undefined` (no targets apply).
 */
export function resolvePriority(
  profile: ContractProfile,
  value: string | null | undefined,
): string | undefined {
  if (value === null || value === undefined || value === '') return profile.defaultPriority
  let cache = priorityCache.get(profile)
  if (!cache) {
    cache = new Map()
    priorityCache.set(profile, cache)
  }
  if (cache.has(value)) return cache.get(value)
  const v = value.toLowerCase()
  let found: string | undefined
  for (const p of profile.priorities) {
    if (p.id.toLowerCase() === v || p.aliases?.some((a) => a.toLowerCase() === v)) {
      found = p.id
      break
    }
  }
  const resolved = found ?? profile.defaultPriority
  // Bounded: a profile sees a handful of distinct ticket priority values.
  if (cache.size < 256) cache.set(value, resolved)
  return resolved
}
/**
 * The terms that judge a reporting period, and the instant measurement starts: the terms in
 * force at the period's start; or, for a contract that begins during the period, its first
 * terms from their start (the period is then measured from that instant). A version taking
 * effect mid-period judges the periods that start after it. `undefined` when no contract covers
 * any part of the period.
 */
export function contractForPeriod(
  timeline: ContractTimeline,
  period: { start: number; end: number },
): { contract: ResolvedContract; measureFrom: number } | undefined {
  const atStart = contractAt(timeline, period.start)
  if (atStart) return { contract: atStart, measureFrom: period.start }
  for (const p of timeline.pieces) {
    if (p.from >= period.start && p.from < period.end) return { contract: p, measureFrom: p.from }
  }
  return undefined
}
