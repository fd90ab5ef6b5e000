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
 * - A priority change re-targets running clocks and keeps their elapsed time; if the new target
 *   is already exceeded, the clock breaches at the change.
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
  /** The compiled calendar `id` read in `zone` (the contract's zone when the calendar has none). */
  calendarFor: (id: string, zone: string) => BusinessCalendar
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
  lastTargetMs: number
  lastBasis: Basis
  lastPriority: string | undefined
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
  c.lastTargetMs = c.targetMs
  c.lastBasis = c.basis
  c.lastPriority = prio
}

function dueFrom(c: Clock, at: number): number {
  const el = c.basis === 'business' ? c.elB : c.elC
  const rest = c.targetMs - el
  if (rest <= 0) return at
  return c.basis === 'business' ? addBusinessMs(c.cal, at, rest) : at + rest
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
  const clocks: Clock[] = []
  let status: TicketStatus = 'new'
  let priority: string | null = null
  let solved = false
  let anyAgentReply = false
  let firstStarted = false
  /** An end-user message is waiting for a public agent reply. */
  let awaiting = false
  let first: Clock | undefined
  let next: Clock | undefined
  let periodic: Clock | undefined
  let resolution: Clock | undefined
  let nextCycle = 0
  let periodicCycle = 0
  let prevT = Number.NaN

  const start = (metric: Metric, at: number, cycle: number): Clock | undefined => {
    const contract = opts.contractAt(at)
    if (!contract) return undefined
    const profile = contract.profile
    const byPriority = profile.targets[metric]
    if (!byPriority || Object.keys(byPriority).length === 0) return undefined
    const cal =
      profile.calendar === undefined
        ? ALWAYS_OPEN
        : opts.calendarFor(profile.calendar, contract.timeZone)
    const pauseOn = profile.pauseOn?.[metric] ?? DEFAULT_PAUSE_ON[metric]
    const c: Clock = {
      metric,
      cycle,
      contract,
      cal,
      pauseOn,
      thresholds: profile.warningThresholds ?? DEFAULT_WARNING_THRESHOLDS,
      startedAt: at,
      afterHours: profile.calendar !== undefined && !isBusinessTime(cal, at),
      afterHoursTarget: false,
      priority: undefined,
      basis: 'calendar',
      targetMs: -1,
      lastTargetMs: -1,
      lastBasis: 'calendar',
      lastPriority: undefined,
      elB: 0,
      elC: 0,
      running: !pauseOn.includes(status),
      active: true,
      stoppedAt: -1,
      stoppedBy: null,
      breachedAt: -1,
    }
    targetFor(c, priority)
    clocks.push(c)
    return c
  }

  const stop = (c: Clock | undefined, at: number, by: 'agent-reply' | 'solved'): void => {
    if (!c || !c.active) return
    c.active = false
    c.stoppedAt = at
    c.stoppedBy = by
  }

  /** Moves every active clock from `prevT` to `t`, recording breaches. */
  const advance = (t: number): void => {
    if (Number.isNaN(prevT)) {
      prevT = t
      return
    }
    if (t === prevT) return
    const dC = t - prevT
    let lastCal: BusinessCalendar | undefined
    let lastDB = 0
    for (let i = 0; i < clocks.length; i++) {
      const c = clocks[i]!
      if (!c.active || !c.running) continue
      if (c.cal !== lastCal) {
        lastCal = c.cal
        lastDB = businessMsBetween(c.cal, prevT, t)
      }
      if (c.breachedAt < 0 && c.targetMs >= 0) {
        const business = c.basis === 'business'
        const newEl = business ? c.elB + lastDB : c.elC + dC
        if (newEl > c.targetMs) c.breachedAt = dueFrom(c, prevT)
        else if (business && newEl === c.targetMs) {
          const due = dueFrom(c, prevT)
          if (t > due) c.breachedAt = due
        }
      }
      c.elB += lastDB
      c.elC += dC
    }
    prevT = t
  }

  const applyPauses = (): void => {
    for (const c of clocks) if (c.active) c.running = !c.pauseOn.includes(status)
  }

  const setStatus = (s: TicketStatus, at: number): void => {
    const wasSolved = solved
    status = s
    if (SOLVED_STATUSES.has(s)) {
      if (!wasSolved) {
        solved = true
        stop(first, at, 'solved')
        stop(next, at, 'solved')
        stop(periodic, at, 'solved')
        stop(resolution, at, 'solved')
        awaiting = false
        next = undefined
        periodic = undefined
      }
    } else if (wasSolved) {
      solved = false
      if (resolution) {
        resolution.active = true
        resolution.stoppedAt = -1
        resolution.stoppedBy = null
        targetFor(resolution, priority)
      }
      if (anyAgentReply) periodic = start('periodicUpdate', at, ++periodicCycle)
    }
    applyPauses()
  }

  for (const e of events) {
    advance(e.at)
    switch (e.type) {
      case 'created':
        status = e.status ?? 'new'
        priority = e.priority ?? null
        solved = SOLVED_STATUSES.has(status)
        resolution = start('resolution', e.at, 1)
        if ((e.by ?? 'end-user') === 'end-user') {
          firstStarted = true
          awaiting = true
          first = start('firstResponse', e.at, 1)
        }
        if (solved) setStatus(status, e.at)
        break
      case 'status-changed':
        setStatus(e.status, e.at)
        break
      case 'solved':
        setStatus('solved', e.at)
        break
      case 'reopened':
        setStatus(e.status ?? 'open', e.at)
        break
      case 'priority-changed':
        priority = e.priority
        for (const c of clocks) {
          if (!c.active) continue
          targetFor(c, priority)
          if (c.breachedAt < 0 && c.targetMs >= 0) {
            const el = c.basis === 'business' ? c.elB : c.elC
            if (el > c.targetMs) c.breachedAt = e.at
          }
        }
        break
      case 'agent-reply':
        anyAgentReply = true
        awaiting = false
        stop(first, e.at, 'agent-reply')
        stop(next, e.at, 'agent-reply')
        stop(periodic, e.at, 'agent-reply')
        next = undefined
        periodic = solved ? undefined : start('periodicUpdate', e.at, ++periodicCycle)
        break
      case 'internal-note':
        break
      case 'end-user-comment':
        if (solved) break
        if (!firstStarted) {
          firstStarted = true
          first = start('firstResponse', e.at, 1)
        } else if (!awaiting) {
          next = start('nextResponse', e.at, ++nextCycle)
        }
        awaiting = true
        break
    }
  }
  advance(opts.now)
  return { status, priority, clocks: report(clocks, opts.now) }
}

function report(clocks: readonly Clock[], now: number): ClockReport[] {
  const out: ClockReport[] = []
  for (const c of clocks) {
    const hasTarget = c.targetMs >= 0
    if (!hasTarget && c.breachedAt < 0 && c.lastTargetMs < 0) continue
    // Zero-length cycles (a reply and the solve at the same instant) carry no obligation.
    if (
      !c.active &&
      c.stoppedAt === c.startedAt &&
      c.breachedAt < 0 &&
      c.metric === 'periodicUpdate'
    )
      continue
    const targetMs = hasTarget ? c.targetMs : c.lastTargetMs
    const basis = hasTarget ? c.basis : c.lastBasis
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
      priority: (hasTarget ? c.priority : c.lastPriority) ?? '',
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
      terms: {
        accountVersion: c.contract.accountVersion,
        tierVersion: c.contract.tierVersion,
        from: c.contract.from,
      },
    })
  }
  // Stable order for readers: first response, next response, periodic update, resolution.
  return out.sort((a, b) => METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric] || a.cycle - b.cycle)
}

const METRIC_ORDER: Record<Metric, number> = {
  firstResponse: 0,
  nextResponse: 1,
  periodicUpdate: 2,
  resolution: 3,
}
