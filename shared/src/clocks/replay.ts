/**
 * Ticket SLA clocks: a fold over a ticket's events under the contract in force.
 *
 * Metrics
 * - first response: from creation by an end user (or, for a ticket an agent created, from the
 *   first end-user comment) to the first public agent reply;
 * - next response: from the oldest end-user comment not yet answered (after the first reply) to
 *   the next public agent reply — one cycle per customer turn;
 * - periodic update: from each public agent reply to the next, while the ticket is not solved;
 * - resolution: from creation to solved; reopening resumes it with its elapsed time.
 * Internal notes never satisfy a reply metric. Solving stops every clock.
 *
 * Rules
 * - Each clock takes its terms (targets, calendar, pause statuses, warning thresholds) from the
 *   contract version in force when it started.
 * - A clock pauses while the ticket is in one of its metric's pause statuses.
 * - A priority change re-targets the active clocks (running or paused) and keeps their elapsed
 *   time; if the new target is already exceeded, the clock breaches at the change. A breached
 *   clock keeps the target and priority it breached under. A clock whose new priority has no
 *   target is not reported (the obligation lapsed) unless it had already breached.
 * - A ticket created as solved (imported history) starts and stops its clocks at once.
 * - The due instant is the earliest instant at which the elapsed time reaches the target (a
 *   9-business-hour target started at 09:00 on a 09:00–18:00 day is due at 18:00 that day). A
 *   clock is met when it stops at or before its due instant and breached once time passes it
 *   while the clock runs (so a reply on Saturday to a target due Friday 18:00 is a breach, even
 *   though no business time passed in between).
 * - A target with `afterHours` uses those terms when the clock starts outside business hours.
 */
import {
  ALWAYS_OPEN,
  addBusinessMs,
  advanceBusinessCursor,
  businessCursor,
  type BusinessCursor,
  businessMsBetween,
  isBusinessTime,
  type BusinessCalendar,
} from '../calendar/business-calendar.js'
import { resolvePriority, type ResolvedContract } from '../contract/contracts.js'
import {
  DEFAULT_PAUSE_ON,
  DEFAULT_WARNING_THRESHOLDS,
  type Basis,
  type Metric,
  type TicketStatus,
} from '../contract/profile.schema.js'
import { MS_PER_MINUTE } from '../time/civil.js'
import type { TicketEvent } from './ticket-events.js'

export type ClockState = 'running' | 'paused' | 'met' | 'breached'

/** What a clock reports. Instants are epoch ms; durations ms. */
export interface ClockReport {
  metric: Metric
  /** 1-based cycle for next response and periodic update; 1 for first response and resolution. */
  cycle: number
  state: ClockState
  /** Still counting (not stopped by a reply or by solving). A breached clock may still be active. */
  active: boolean
  /** Profile priority the target comes from. */
  priority: string
  basis: Basis
  targetMs: number
  /** True when the after-hours target applies (the clock started outside business hours). */
  afterHours: boolean
  startedAt: number
  stoppedAt: number | null
  stoppedBy: 'agent-reply' | 'solved' | null
  /** Elapsed in the target's basis (business or calendar time). */
  elapsedMs: number
  /** Wall-clock time the clock has run (excluding pauses). */
  elapsedCalendarMs: number
  /** Target minus elapsed, in the target's basis; negative when over. */
  remainingMs: number
  /** Earliest instant at which the target is reached: for a paused clock `null` (it moves). */
  dueAt: number | null
  breachedAt: number | null
  /** Elapsed as a percent of the target, two decimals. */
  percentUsed: number
  /** How many warning thresholds are reached (0 = none). */
  warningLevel: number
  /** The highest threshold reached, in percent; `null` when none. */
  warningThreshold: number | null
  /** Which contract terms apply: indexes of the account version and tier version. */
  terms: { accountVersion: number; tierVersion: number; from: number }
}

export interface TicketClocks {
  status: TicketStatus
  /** The ticket's priority as given (before mapping to the profile). */
  priority: string | null
  clocks: ClockReport[]
}

export interface ReplayOptions {
  /** The terms in force at an instant; `undefined` when no contract covers it (no clock starts). */
  contractAt: (t: number) => ResolvedContract | undefined
  /**
   * The compiled calendar `id` read in `zone` (the contract's zone when the calendar has none),
   * in the version in force at `at` (the clock's start) when calendars are versioned.
   */
  calendarFor: (id: string, zone: string, at: number) => BusinessCalendar
  now: number
}

interface Clock {
  metric: Metric
  cycle: number
  contract: ResolvedContract
  cal: BusinessCalendar
  pauseOn: readonly TicketStatus[]
  thresholds: readonly number[]
  startedAt: number
  /** The clock started outside business hours. */
  afterHours: boolean
  /** The current target is the after-hours one. */
  afterHoursTarget: boolean
  priority: string | undefined
  basis: Basis
  /** `-1` when the current priority has no target for this metric. */
  targetMs: number
  elB: number
  elC: number
  running: boolean
  active: boolean
  stoppedAt: number
  stoppedBy: 'agent-reply' | 'solved' | null
  breachedAt: number
}

const SOLVED_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['solved', 'closed'])

function targetFor(c: Clock, rawPriority: string | null): void {
  const profile = c.contract.profile
  const prio = resolvePriority(profile, rawPriority)
  c.priority = prio
  const t = prio === undefined ? undefined : profile.targets[c.metric]?.[prio]
  if (!t) {
    c.targetMs = -1
    return
  }
  const terms = c.afterHours && t.afterHours ? t.afterHours : t
  c.afterHoursTarget = terms !== t
  c.targetMs = terms.minutes * MS_PER_MINUTE
  c.basis = terms.basis
}

function dueFrom(c: Clock, at: number): number {
  const el = c.basis === 'business' ? c.elB : c.elC
  const rest = c.targetMs - el
  if (rest <= 0) return at
  return c.basis === 'business' ? addBusinessMs(c.cal, at, rest) : at + rest
}

interface ProfileFacts {
  /** Metrics with at least one target. */
  metrics: Set<Metric>
  /** Some target has an after-hours alternative (only then is the start instant checked). */
  afterHours: boolean
}

/** Facts about a profile the fold asks for at every clock start (profiles are immutable once validated). */
const profileFacts = new WeakMap<object, ProfileFacts>()
function factsOf(profile: ResolvedContract['profile']): ProfileFacts {
  let f = profileFacts.get(profile)
  if (!f) {
    f = { metrics: new Set(), afterHours: false }
    for (const m of Object.keys(profile.targets) as Metric[]) {
      const byPriority = profile.targets[m]
      if (!byPriority) continue
      const targets = Object.values(byPriority)
      if (targets.length > 0) f.metrics.add(m)
      if (targets.some((t) => t.afterHours !== undefined)) f.afterHours = true
    }
    profileFacts.set(profile, f)
  }
  return f
}

/** The fold's state for one ticket. A class, so replaying allocates no closures per ticket. */
class Replay {
  readonly clocks: Clock[] = []
  status: TicketStatus = 'new'
  priority: string | null = null
  solved = false
  anyAgentReply = false
  firstStarted = false
  /** An end-user message is waiting for a public agent reply. */
  awaiting = false
  first: Clock | undefined
  next: Clock | undefined
  periodic: Clock | undefined
  resolution: Clock | undefined
  nextCycle = 0
  periodicCycle = 0
  prevT = Number.NaN
  /** Business-time cursor of the calendar most clocks share (one lookup per event). */
  cursor: BusinessCursor | undefined

  constructor(readonly opts: ReplayOptions) {}

  start(metric: Metric, at: number, cycle: number): Clock | undefined {
    const contract = this.opts.contractAt(at)
    if (!contract) return undefined
    const profile = contract.profile
    const facts = factsOf(profile)
    if (!facts.metrics.has(metric)) return undefined
    const cal =
      profile.calendar === undefined
        ? ALWAYS_OPEN
        : this.opts.calendarFor(profile.calendar, contract.timeZone, at)
    const pauseOn = profile.pauseOn?.[metric] ?? DEFAULT_PAUSE_ON[metric]
    const c: Clock = {
      metric,
      cycle,
      contract,
      cal,
      pauseOn,
      thresholds: profile.warningThresholds ?? DEFAULT_WARNING_THRESHOLDS,
      startedAt: at,
      afterHours: facts.afterHours && profile.calendar !== undefined && !isBusinessTime(cal, at),
      afterHoursTarget: false,
      priority: undefined,
      basis: 'calendar',
      targetMs: -1,
      elB: 0,
      elC: 0,
      running: !pauseOn.includes(this.status),
      active: true,
      stoppedAt: -1,
      stoppedBy: null,
      breachedAt: -1,
    }
    targetFor(c, this.priority)
    this.clocks.push(c)
    if (this.cursor === undefined || this.cursor.cal !== cal) this.cursor = businessCursor(cal, at)
    return c
  }

  stop(c: Clock | undefined, at: number, by: 'agent-reply' | 'solved'): void {
    if (!c || !c.active) return
    c.active = false
    c.stoppedAt = at
    c.stoppedBy = by
  }

  /** Moves every active clock from the previous event to `t`, recording breaches. */
  advance(t: number): void {
    const prevT = this.prevT
    if (t === prevT) return
    this.prevT = t
    if (Number.isNaN(prevT)) return
    const dC = t - prevT
    const cursor = this.cursor
    const cursorCal = cursor?.cal
    const cursorDB = cursor === undefined ? 0 : advanceBusinessCursor(cursor, t)
    const clocks = this.clocks
    for (let i = 0; i < clocks.length; i++) {
      const c = clocks[i]!
      if (!c.active || !c.running) continue
      const dB = c.cal === cursorCal ? cursorDB : businessMsBetween(c.cal, prevT, t)
      if (c.breachedAt < 0 && c.targetMs >= 0) {
        const business = c.basis === 'business'
        const newEl = business ? c.elB + dB : c.elC + dC
        if (newEl > c.targetMs) c.breachedAt = dueFrom(c, prevT)
        else if (business && newEl === c.targetMs) {
          const due = dueFrom(c, prevT)
          if (t > due) c.breachedAt = due
        }
      }
      c.elB += dB
      c.elC += dC
    }
  }

  applyPauses(): void {
    for (const c of this.clocks) if (c.active) c.running = !c.pauseOn.includes(this.status)
  }

  setStatus(s: TicketStatus, at: number): void {
    const wasSolved = this.solved
    this.status = s
    if (SOLVED_STATUSES.has(s)) {
      if (!wasSolved) {
        this.solved = true
        this.stop(this.first, at, 'solved')
        this.stop(this.next, at, 'solved')
        this.stop(this.periodic, at, 'solved')
        this.stop(this.resolution, at, 'solved')
        this.awaiting = false
        this.next = undefined
        this.periodic = undefined
      }
    } else if (wasSolved) {
      this.solved = false
      const r = this.resolution
      if (r) {
        r.active = true
        r.stoppedAt = -1
        r.stoppedBy = null
        if (r.breachedAt < 0) targetFor(r, this.priority)
      }
      if (this.anyAgentReply) this.periodic = this.start('periodicUpdate', at, ++this.periodicCycle)
    }
    this.applyPauses()
  }

  apply(e: TicketEvent): void {
    this.advance(e.at)
    switch (e.type) {
      case 'created':
        this.priority = e.priority ?? null
        this.resolution = this.start('resolution', e.at, 1)
        if ((e.by ?? 'end-user') === 'end-user') {
          this.firstStarted = true
          this.awaiting = true
          this.first = this.start('firstResponse', e.at, 1)
        }
        // Through setStatus, so a ticket created solved stops its clocks at once.
        this.setStatus(e.status ?? 'new', e.at)
        break
      case 'status-changed':
        this.setStatus(e.status, e.at)
        break
      case 'solved':
        this.setStatus('solved', e.at)
        break
      case 'reopened':
        this.setStatus(e.status ?? 'open', e.at)
        break
      case 'priority-changed':
        this.priority = e.priority
        for (const c of this.clocks) {
          // A breached clock keeps the target it breached against (and its priority): the breach
          // happened under those terms, and credits count it at that priority.
          if (!c.active || c.breachedAt >= 0) continue
          targetFor(c, this.priority)
          if (c.breachedAt < 0 && c.targetMs >= 0) {
            const el = c.basis === 'business' ? c.elB : c.elC
            if (el > c.targetMs) c.breachedAt = e.at
          }
        }
        break
      case 'agent-reply':
        this.anyAgentReply = true
        this.awaiting = false
        this.stop(this.first, e.at, 'agent-reply')
        this.stop(this.next, e.at, 'agent-reply')
        this.stop(this.periodic, e.at, 'agent-reply')
        this.next = undefined
        this.periodic = this.solved
          ? undefined
          : this.start('periodicUpdate', e.at, ++this.periodicCycle)
        break
      case 'internal-note':
        break
      case 'end-user-comment':
        if (this.solved) break
        if (!this.firstStarted) {
          this.firstStarted = true
          this.first = this.start('firstResponse', e.at, 1)
        } else if (!this.awaiting) {
          this.next = this.start('nextResponse', e.at, ++this.nextCycle)
        }
        this.awaiting = true
        break
    }
  }
}

/**
 * Replays a ticket's events (validated, in time order) into its SLA clocks as of `now`.
 * @example
 * // Enterprise, critical, first response 15 min (calendar time): created 10:00, replied 10:20
 * // → firstResponse { state: 'breached', breachedAt: 10:15, elapsedMs: 20 min }
 */
export function replayTicketClocks(
  events: readonly TicketEvent[],
  opts: ReplayOptions,
): TicketClocks {
  const r = new Replay(opts)
  for (let i = 0; i < events.length; i++) r.apply(events[i]!)
  r.advance(opts.now)
  return { status: r.status, priority: r.priority, clocks: report(r.clocks, opts.now) }
}

function report(clocks: readonly Clock[], now: number): ClockReport[] {
  const out: ClockReport[] = []
  for (const c of clocks) {
    // No target for the current priority: no obligation to report. (A breached clock keeps its
    // target, so it is always reported.)
    if (c.targetMs < 0) continue
    // Zero-length cycles (a reply and the solve at the same instant) carry no obligation.
    if (
      !c.active &&
      c.stoppedAt === c.startedAt &&
      c.breachedAt < 0 &&
      c.metric === 'periodicUpdate'
    )
      continue
    const targetMs = c.targetMs
    const basis = c.basis
    const elapsedMs = basis === 'business' ? c.elB : c.elC
    const breached = c.breachedAt >= 0
    let dueAt: number | null
    if (breached) dueAt = c.breachedAt
    else if (c.active && !c.running) dueAt = null
    else {
      const at = c.active ? now : c.stoppedAt
      const rest = targetMs - elapsedMs
      dueAt = rest <= 0 ? at : basis === 'business' ? addBusinessMs(c.cal, at, rest) : at + rest
    }
    const pct = targetMs > 0 ? (elapsedMs / targetMs) * 100 : 0
    let level = 0
    let threshold: number | null = null
    for (const th of c.thresholds) {
      if (pct >= th) {
        level++
        threshold = th
      }
    }
    out.push({
      metric: c.metric,
      cycle: c.cycle,
      state: breached ? 'breached' : !c.active ? 'met' : c.running ? 'running' : 'paused',
      active: c.active,
      priority: c.priority ?? '',
      basis,
      targetMs,
      afterHours: c.afterHoursTarget,
      startedAt: c.startedAt,
      stoppedAt: c.active ? null : c.stoppedAt,
      stoppedBy: c.active ? null : c.stoppedBy,
      elapsedMs,
      elapsedCalendarMs: c.elC,
      remainingMs: targetMs - elapsedMs,
      dueAt,
      breachedAt: breached ? c.breachedAt : null,
      percentUsed: Math.round(pct * 100) / 100,
      warningLevel: level,
      warningThreshold: threshold,
      terms: termsOf(c.contract),
    })
  }
  // Stable order for readers: first response, next response, periodic update, resolution. Clocks
  // are created in time order, so each metric's cycles are already in order: a bucket pass is
  // enough.
  const ordered: ClockReport[] = []
  for (const metric of METRICS_IN_ORDER)
    for (const r of out) if (r.metric === metric) ordered.push(r)
  return ordered
}

const METRICS_IN_ORDER: readonly Metric[] = [
  'firstResponse',
  'nextResponse',
  'periodicUpdate',
  'resolution',
]

/** One shared, frozen `terms` object per contract piece (reports are read-only). */
const termsCache = new WeakMap<ResolvedContract, ClockReport['terms']>()
function termsOf(contract: ResolvedContract): ClockReport['terms'] {
  let t = termsCache.get(contract)
  if (!t) {
    t = Object.freeze({
      accountVersion: contract.accountVersion,
      tierVersion: contract.tierVersion,
      from: contract.from,
    })
    termsCache.set(contract, t)
  }
  return t
}
