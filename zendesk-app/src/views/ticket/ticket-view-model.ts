/**
 * The ticket sidebar's logic, pure: clock tones, countdowns, business time left, breach-risk
 * reasons and the next customer update, all from the service's `TicketSla` and an instant `now`.
 *
 * `now` is the *service's* clock, carried forward: `serviceNow(asOf, receivedAt, Date.now())`.
 * Counting from the service's `asOf` instead of the browser clock keeps a skewed laptop clock from
 * moving due times.
 *
 * Tones (the decision, also in `clockTone`):
 * - running: green while more than 15 minutes of clock time are left, amber at 15 minutes or
 *   less (exactly 15:00 is amber), red once the due instant has passed (the service will report
 *   the breach on the next read);
 * - breached: red, whether the clock still runs or was stopped late;
 * - met: green (the target was kept);
 * - paused: neutral. A paused clock does not count down, so a time colour would be misleading;
 *   its warning level still shows as an outline.
 */
import type { LiveClock, MonthSummary, RiskLevel } from '@sla-tracker/shared'

export type Tone = 'green' | 'amber' | 'red' | 'neutral'

/** Clock time left at which a running clock turns amber (inclusive). */
export const AMBER_WITHIN_MS = 15 * 60_000

const MINUTE = 60_000

/** The service clock now: its `asOf` plus the time since the answer arrived. */
export function serviceNow(asOf: string, receivedAt: number, clientNow: number): number {
  const at = Date.parse(asOf)
  if (!Number.isFinite(at)) return clientNow
  return at + Math.max(0, clientNow - receivedAt)
}

type ClockTimes = Pick<LiveClock, 'state' | 'active' | 'dueAt' | 'breachedAt'>

/** Clock (wall) time until the due instant of a running clock; negative once past; else null. */
export function wallRemainingMs(c: ClockTimes, now: number): number | null {
  if (c.state !== 'running' || c.dueAt === null) return null
  return Date.parse(c.dueAt) - now
}

/**
 * How long a clock has been late, in clock time: since `breachedAt` for a breached clock that
 * still runs, since `dueAt` for a running clock whose due instant passed before the service
 * noticed; else null.
 */
export function overdueMs(c: ClockTimes, now: number): number | null {
  if (c.active && c.breachedAt !== null) return Math.max(0, now - Date.parse(c.breachedAt))
  const left = wallRemainingMs(c, now)
  return left !== null && left <= 0 ? -left : null
}

/** The clock's colour (see the module comment). */
export function clockTone(c: ClockTimes, now: number): Tone {
  switch (c.state) {
    case 'breached':
      return 'red'
    case 'met':
      return 'green'
    case 'paused':
      return 'neutral'
    case 'running': {
      const left = wallRemainingMs(c, now)
      if (left === null) return 'neutral'
      if (left <= 0) return 'red'
      return left <= AMBER_WITHIN_MS ? 'amber' : 'green'
    }
  }
}

/** 0: no warning; 1: first threshold reached (outline); 2: second or later (strong outline). */
export function warningEmphasis(c: Pick<LiveClock, 'active' | 'warningLevel'>): 0 | 1 | 2 {
  if (!c.active || c.warningLevel <= 0) return 0
  return c.warningLevel === 1 ? 1 : 2
}

/**
 * Business time left as of the service's `asOf` (target − elapsed business time), in ms; negative
 * when over. Null for calendar-basis clocks, where business and clock time are the same thing.
 * It is not counted down in the browser: whether business time passes depends on the contract's
 * calendar, which only the service knows.
 */
export function businessRemainingMs(
  c: Pick<LiveClock, 'basis' | 'targetMinutes' | 'elapsedMinutes'>,
): number | null {
  if (c.basis !== 'business') return null
  return Math.round((c.targetMinutes - c.elapsedMinutes) * MINUTE)
}

/**
 * A ticking countdown: `H:MM:SS` below 48 hours (`0:15:00`, `3:05:09`), else the coarse
 * `longFormat` (days and hours). The sign is dropped: callers say "due in" or "overdue by".
 */
export function countdownText(ms: number, longFormat: (ms: number) => string): string {
  const abs = Math.abs(ms)
  if (abs >= 48 * 60 * MINUTE) return longFormat(abs)
  const total = Math.floor(abs / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
}

/** `clock-<metric>`, plus `-<cycle>` for the second and later cycles (`clock-nextResponse-2`). */
export function clockTestId(c: Pick<LiveClock, 'metric' | 'cycle'>): string {
  return c.cycle > 1 ? `clock-${c.metric}-${c.cycle}` : `clock-${c.metric}`
}

const METRIC_ORDER: Record<LiveClock['metric'], number> = {
  firstResponse: 0,
  nextResponse: 1,
  periodicUpdate: 2,
  resolution: 3,
}

/** Clocks still counting first, then by metric and cycle (latest cycle first). */
export function sortClocks(clocks: readonly LiveClock[]): LiveClock[] {
  return [...clocks].sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric] ||
      b.cycle - a.cycle,
  )
}

export const RISK_RANK: Record<RiskLevel, number> = {
  none: 0,
  watch: 1,
  'at-risk': 2,
  breached: 3,
}

/** One reason for the ticket's risk, as data; the screen words it. */
export type RiskReason =
  | { kind: 'breached'; metric: LiveClock['metric']; cycle: number; agoMs: number; due: string }
  | { kind: 'due'; metric: LiveClock['metric']; cycle: number; leftMs: number; percent: number }
  | { kind: 'overdue'; metric: LiveClock['metric']; cycle: number; agoMs: number }
  | { kind: 'paused'; metric: LiveClock['metric']; cycle: number; percent: number }

/**
 * Why the ticket is at risk, worst first (then soonest due): every clock the service rates above
 * `none`, with its numbers at `now`. The service's own `reason` text is English only.
 */
export function riskReasons(clocks: readonly LiveClock[], now: number): RiskReason[] {
  const rated = clocks
    .filter((c) => c.risk !== 'none')
    .map((c) => ({ c, left: wallRemainingMs(c, now) }))
    .sort(
      (a, b) =>
        RISK_RANK[b.c.risk] - RISK_RANK[a.c.risk] || (a.left ?? Infinity) - (b.left ?? Infinity),
    )
  const out: RiskReason[] = []
  for (const { c, left } of rated) {
    const base = { metric: c.metric, cycle: c.cycle }
    const percent = Math.round(c.percentUsed)
    if (c.active && c.breachedAt !== null)
      out.push({
        kind: 'breached',
        ...base,
        agoMs: Math.max(0, now - Date.parse(c.breachedAt)),
        due: c.dueAt ?? c.breachedAt,
      })
    else if (c.state === 'running' && left !== null)
      out.push(
        left > 0
          ? { kind: 'due', ...base, leftMs: left, percent }
          : { kind: 'overdue', ...base, agoMs: -left },
      )
    else if (c.state === 'paused') out.push({ kind: 'paused', ...base, percent })
  }
  return out
}

/** The next customer update, from the periodic-update clock. */
export type NextUpdate =
  | { kind: 'none' }
  | { kind: 'due'; dueAt: string; leftMs: number }
  | { kind: 'overdue'; since: string; agoMs: number }
  | { kind: 'paused' }

/** The latest periodic-update cycle still counting decides; without one, `none`. */
export function nextUpdate(clocks: readonly LiveClock[], now: number): NextUpdate {
  const open = clocks
    .filter((c) => c.metric === 'periodicUpdate' && c.active)
    .sort((a, b) => b.cycle - a.cycle)[0]
  if (!open) return { kind: 'none' }
  if (open.breachedAt !== null)
    return {
      kind: 'overdue',
      since: open.breachedAt,
      agoMs: Math.max(0, now - Date.parse(open.breachedAt)),
    }
  if (open.state === 'paused') return { kind: 'paused' }
  if (open.dueAt === null) return { kind: 'none' }
  const left = Date.parse(open.dueAt) - now
  return left > 0
    ? { kind: 'due', dueAt: open.dueAt, leftMs: left }
    : { kind: 'overdue', since: open.dueAt, agoMs: -left }
}

/** The earliest due instant of a running clock after `now` (ms), to refresh when it passes. */
export function nextDueAfter(clocks: readonly LiveClock[], now: number): number | null {
  let best: number | null = null
  for (const c of clocks) {
    const left = wallRemainingMs(c, now)
    if (left !== null && left > 0 && (best === null || left < best)) best = left
  }
  return best === null ? null : now + best
}

/** Why the stored month is stale, as kinds the screen words (the service's text is English). */
export type StaleReason =
  { kind: 'other-month'; month: string } | { kind: 'contracts-changed' } | { kind: 'unknown' }

/** From the service's reason codes (its `staleReasons` are English words for the same). */
export function staleReasons(
  month: Pick<MonthSummary, 'month' | 'stale' | 'staleCodes'>,
): StaleReason[] {
  if (!month.stale) return []
  const out: StaleReason[] = month.staleCodes.map((code) =>
    code === 'other-month' ? { kind: 'other-month', month: month.month } : { kind: code },
  )
  return out.length > 0 ? out : [{ kind: 'unknown' }]
}

/** Error budget used as a whole percent for a bar (0–100, clamped) and the exact ratio. */
export function budgetUse(
  usedMinutes: number,
  allowedMinutes: number,
): { bar: number; percent: number } {
  if (allowedMinutes <= 0)
    return { bar: usedMinutes > 0 ? 100 : 0, percent: usedMinutes > 0 ? 100 : 0 }
  const percent = Math.round((usedMinutes / allowedMinutes) * 1000) / 10
  return { bar: Math.min(100, Math.max(0, percent)), percent }
}

/** The ticket's organization id from `client.get('ticket.organization')` (an object or an id). */
export function organizationIdOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value
  if (value && typeof value === 'object' && 'id' in value) return organizationIdOf(value.id)
  if (typeof value === 'string' && /^[1-9][0-9]{0,15}$/.test(value)) return Number(value)
  return undefined
}

/** The ticket id from `client.get('ticket.id')`: null for a new ticket not saved yet. */
export function ticketIdOf(value: unknown): number | null {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null
}
