import { parseDecimal, type Rational, cmp, rat, lt, gt, lte } from '../money/rational.js'
import { isValidTimeZone } from '../time/zone.js'
import { checkSchema } from '../validation/schema-check.js'
import { issue, joinPath, type Validated, type ValidationIssue } from '../validation/issues.js'
import {
  ContractProfileSchema,
  METRICS,
  type Charge,
  type ContractProfile,
  type CreditSchedule,
} from './profile.schema.js'

/** What a profile may refer to outside itself. */
export interface ProfileContext {
  /** Calendar ids that exist; when given, `calendar` must be one of them. */
  calendarIds?: ReadonlySet<string>
}

/** The exact value of a validated decimal field. Throws only on unvalidated input. */
export function decimalOf(value: string | number): Rational {
  const r = parseDecimal(value)
  if (!r) throw new RangeError(`not a decimal: ${String(value)}`)
  return r
}

const HUNDRED = rat(100)

function percentIssues(
  value: string | number | undefined,
  path: string,
  opts: { max?: Rational; allowZero?: boolean } = {},
): ValidationIssue[] {
  if (value === undefined) return []
  const r = parseDecimal(value)
  if (!r) return [issue(path, 'decimal', 'must be a decimal number such as 99.9')]
  const maxV = opts.max ?? HUNDRED
  if (opts.allowZero === false ? lte(r, rat(0)) : lt(r, rat(0)))
    return [
      issue(
        path,
        'range',
        opts.allowZero === false ? 'must be greater than 0' : 'must not be negative',
      ),
    ]
  if (gt(r, maxV)) return [issue(path, 'range', `must be at most ${String(maxV.n / maxV.d)}`)]
  return []
}

function chargeIssues(
  c: Charge | undefined,
  path: string,
  maxPercent?: Rational,
): ValidationIssue[] {
  if (c === undefined) return []
  const has = (c.percent !== undefined ? 1 : 0) + (c.amountMinor !== undefined ? 1 : 0)
  if (has !== 1)
    return [issue(path, 'one-of', 'must give exactly one of "percent" or "amountMinor"')]
  return percentIssues(c.percent, joinPath(path, 'percent'), { max: maxPercent ?? rat(1_000_000) })
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>()
  const dup = new Set<T>()
  for (const v of values) (seen.has(v) ? dup : seen).add(v)
  return [...dup]
}

/**
 * Validates a complete contract profile: its shape, then every rule that links fields (priority
 * references, calendar, percent ranges, band overlaps, schedule references).
 */
export function validateProfile(
  input: unknown,
  path = '',
  ctx: ProfileContext = {},
): Validated<ContractProfile> {
  const shape = checkSchema(ContractProfileSchema, input, path)
  if (shape.length > 0) return { ok: false, issues: shape }
  const p = input as ContractProfile
  const out: ValidationIssue[] = []
  const at = (...segs: (string | number)[]) => joinPath(path, ...segs)

  const ids = p.priorities.map((x) => x.id)
  for (const d of duplicates(ids))
    out.push(issue(at('priorities'), 'unique', `priority "${d}" is listed twice`))
  // Ticket priorities match ids and aliases case-insensitively, so uniqueness is case-insensitive too.
  const aliases = p.priorities.flatMap((x) =>
    [x.id, ...(x.aliases ?? [])].map((a) => a.toLowerCase()),
  )
  for (const d of duplicates(aliases))
    out.push(
      issue(
        at('priorities'),
        'unique',
        `"${d}" names more than one priority (ids and aliases must be unique)`,
      ),
    )
  const known = new Set(ids)
  if (p.defaultPriority !== undefined && !known.has(p.defaultPriority))
    out.push(
      issue(
        at('defaultPriority'),
        'reference',
        `"${p.defaultPriority}" is not one of the priorities: ${ids.join(', ')}`,
      ),
    )

  let needsCalendar = false
  for (const metric of METRICS) {
    const byPriority = p.targets[metric]
    if (!byPriority) continue
    for (const [prio, target] of Object.entries(byPriority)) {
      if (!known.has(prio))
        out.push(
          issue(
            at('targets', metric, prio),
            'reference',
            `"${prio}" is not one of the priorities: ${ids.join(', ')}`,
          ),
        )
      if (target.basis === 'business' || target.afterHours !== undefined) needsCalendar = true
    }
  }
  if (needsCalendar && p.calendar === undefined)
    out.push(
      issue(
        at('calendar'),
        'required',
        'is required: a target uses business time or an after-hours rule',
      ),
    )
  if (p.calendar !== undefined && ctx.calendarIds && !ctx.calendarIds.has(p.calendar))
    out.push(
      issue(
        at('calendar'),
        'reference',
        `"${p.calendar}" is not a known calendar (${[...ctx.calendarIds].join(', ') || 'none defined'})`,
      ),
    )
  for (const metric of METRICS) {
    const list = p.pauseOn?.[metric]
    if (list && duplicates(list).length > 0)
      out.push(issue(at('pauseOn', metric), 'unique', 'lists a status twice'))
    if (list && (list.includes('solved') || list.includes('closed')))
      out.push(
        issue(
          at('pauseOn', metric),
          'pause-status',
          'solved and closed stop clocks; they cannot be pause statuses',
        ),
      )
  }
  const thresholds = p.warningThresholds
  if (thresholds) {
    for (let i = 1; i < thresholds.length; i++)
      if (!(thresholds[i]! > thresholds[i - 1]!))
        out.push(issue(at('warningThresholds', i), 'order', 'thresholds must increase strictly'))
  }

  // Uptime
  const commitmentIds = new Set<string>()
  if (p.uptime) {
    const u = p.uptime
    for (const d of duplicates(u.commitments.map((c) => c.id)))
      out.push(issue(at('uptime', 'commitments'), 'unique', `commitment "${d}" is listed twice`))
    u.commitments.forEach((c, i) => {
      commitmentIds.add(c.id)
      const tp = at('uptime', 'commitments', i, 'target')
      const r = parseDecimal(c.target)
      if (!r) out.push(issue(tp, 'decimal', 'must be a decimal number such as 99.9'))
      else if (!(gt(r, rat(0)) && lt(r, HUNDRED)))
        out.push(issue(tp, 'range', 'must be above 0 and below 100 (percent)'))
    })
    const dt = u.downtime
    if (dt) {
      if (dt.method === 'slots' && dt.slotMinutes === undefined)
        out.push(
          issue(
            at('uptime', 'downtime', 'slotMinutes'),
            'required',
            'is required when method is "slots"',
          ),
        )
      if (dt.method !== 'slots' && (dt.slotMinutes !== undefined || dt.slotRule !== undefined))
        out.push(
          issue(
            at('uptime', 'downtime', 'method'),
            'consistency',
            'must be "slots" when slotMinutes or slotRule is given',
          ),
        )
      if (dt.slotRule === 'error-rate' && dt.errorRateThreshold === undefined)
        out.push(
          issue(
            at('uptime', 'downtime', 'errorRateThreshold'),
            'required',
            'is required when slotRule is "error-rate"',
          ),
        )
      out.push(
        ...percentIssues(dt.errorRateThreshold, at('uptime', 'downtime', 'errorRateThreshold'), {
          allowZero: false,
        }),
      )
      for (const k of ['major', 'partial', 'degraded'] as const)
        out.push(
          ...percentIssues(dt.impactWeights?.[k], at('uptime', 'downtime', 'impactWeights', k)),
        )
    }
    if (u.exclusions && duplicates(u.exclusions).length > 0)
      out.push(issue(at('uptime', 'exclusions'), 'unique', 'lists an exclusion twice'))
    out.push(
      ...percentIssues(u.approachingAtPercent, at('uptime', 'approachingAtPercent'), {
        allowZero: false,
      }),
    )
    u.maintenance?.windows.forEach((w, i) => {
      const wp = at('uptime', 'maintenance', 'windows', i)
      if (w.timeZone !== undefined && !isValidTimeZone(w.timeZone))
        out.push(
          issue(joinPath(wp, 'timeZone'), 'time-zone', `"${w.timeZone}" is not an IANA time zone`),
        )
      if (w.start === w.end) out.push(issue(wp, 'interval', 'start and end must differ'))
      if (w.start === '24:00')
        out.push(issue(joinPath(wp, 'start'), 'time-of-day', 'cannot be 24:00'))
    })
  }

  // Credits
  if (p.credits) {
    const c = p.credits
    for (const d of duplicates(c.schedules.map((s) => s.id)))
      out.push(issue(at('credits', 'schedules'), 'unique', `schedule id "${d}" is used twice`))
    c.schedules.forEach((s, i) =>
      out.push(
        ...scheduleIssues(s, at('credits', 'schedules', i), commitmentIds, known, !!p.uptime),
      ),
    )
    out.push(...chargeIssues(c.cap, at('credits', 'cap'), HUNDRED))
  }
  return out.length > 0 ? { ok: false, issues: out } : { ok: true, value: p }
}

function scheduleIssues(
  s: CreditSchedule,
  path: string,
  commitments: ReadonlySet<string>,
  priorities: ReadonlySet<string>,
  hasUptime: boolean,
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  out.push(...chargeIssues(s.cap, joinPath(path, 'cap'), HUNDRED))
  const prioIssues = (list: readonly string[] | undefined) =>
    (list ?? []).forEach((x, i) => {
      if (!priorities.has(x))
        out.push(
          issue(
            joinPath(path, 'priorities', i),
            'reference',
            `"${x}" is not one of the priorities`,
          ),
        )
    })
  switch (s.kind) {
    case 'uptime-bands':
    case 'uptime-linear':
      if (!commitments.has(s.commitment))
        out.push(
          issue(
            joinPath(path, 'commitment'),
            'reference',
            hasUptime
              ? `"${s.commitment}" is not an uptime commitment of this profile`
              : 'needs uptime commitments in the profile',
          ),
        )
      break
    default:
      break
  }
  switch (s.kind) {
    case 'uptime-bands': {
      const parsed: { below: Rational; atLeast: Rational | undefined; i: number }[] = []
      s.bands.forEach((b, i) => {
        const bp = joinPath(path, 'bands', i)
        out.push(...percentIssues(b.below, joinPath(bp, 'below'), { allowZero: false }))
        out.push(...percentIssues(b.atLeast, joinPath(bp, 'atLeast')))
        out.push(...chargeIssues(b.credit, joinPath(bp, 'credit')))
        const below = parseDecimal(b.below)
        const atLeast = b.atLeast === undefined ? undefined : parseDecimal(b.atLeast)
        if (below && (b.atLeast === undefined || atLeast)) {
          if (atLeast && !lt(atLeast, below))
            out.push(
              issue(joinPath(bp, 'atLeast'), 'range', `must be below "below" (${String(b.below)})`),
            )
          else parsed.push({ below, atLeast, i })
        }
      })
      // Half-open bands [atLeast, below) must not overlap.
      const sorted = [...parsed].sort((x, y) => cmp(x.below, y.below))
      for (let k = 1; k < sorted.length; k++) {
        const lower = sorted[k - 1]!
        const upper = sorted[k]!
        const upperFloor = upper.atLeast
        if (upperFloor === undefined || lt(upperFloor, lower.below))
          out.push(
            issue(
              joinPath(path, 'bands', upper.i),
              'overlap',
              `overlaps band ${lower.i} (bands are half-open: below "below", at or above "atLeast")`,
            ),
          )
      }
      break
    }
    case 'uptime-linear':
      out.push(...percentIssues(s.per, joinPath(path, 'per'), { allowZero: false }))
      out.push(...chargeIssues(s.credit, joinPath(path, 'credit')))
      break
    case 'per-miss':
      for (const m of METRICS) out.push(...chargeIssues(s.perMiss[m], joinPath(path, 'perMiss', m)))
      if (s.repeated)
        out.push(...chargeIssues(s.repeated.credit, joinPath(path, 'repeated', 'credit')))
      prioIssues(s.priorities)
      break
    case 'per-hour-delay':
      out.push(...chargeIssues(s.credit, joinPath(path, 'credit')))
      if (duplicates(s.metrics).length > 0)
        out.push(issue(joinPath(path, 'metrics'), 'unique', 'lists a metric twice'))
      prioIssues(s.priorities)
      break
    case 'per-day-impacted':
      out.push(...chargeIssues(s.credit, joinPath(path, 'credit')))
      break
  }
  if (
    s.feeBase === 'component-fee' &&
    s.kind !== 'uptime-bands' &&
    s.kind !== 'uptime-linear' &&
    s.kind !== 'per-day-impacted'
  )
    out.push(
      issue(
        joinPath(path, 'feeBase'),
        'consistency',
        '"component-fee" applies only to uptime and per-day-impacted schedules',
      ),
    )
  return out
}
