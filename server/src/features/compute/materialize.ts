/**
 * From stored rows to the engine's inputs and from the engine's results to stored rows. No SQL and
 * no rules of the domain: the clocks are replayed by `replayTicketClocks`, the months computed by
 * `computeAccountPeriod`, exactly as the `evaluate` command does.
 */
import {
  clockView,
  computeAccountPeriod,
  contractAt,
  creditView,
  formatInstant,
  monthOf,
  monthPeriod,
  nextMonth,
  parseDecimal,
  replayTicketClocks,
  uptimeView,
  type AccountPeriod,
  type ClockReport,
  type ClockView,
  type ContractTimeline,
  type Creator,
  type ExclusionKind,
  type Impact,
  type Incident,
  type Maintenance,
  type MonthPeriod,
  type TicketClockSet,
  type TicketEvent,
  type TicketStatus,
} from '@sla-tracker/shared'
import type { AccountContracts, TenantRegistry } from '../registry/registry.loader.js'
import type {
  AccountStateRow,
  ClockRow,
  IncidentRow,
  MaintenanceRow,
  TicketEventRow,
} from './compute.repository.js'

// ---------------------------------------------------------------------------------------------
// Events

/** What is stored in `ticket_events.data`: the event's fields other than `type` and `at`. */
export function eventData(e: TicketEvent): Record<string, unknown> {
  switch (e.type) {
    case 'created':
      return {
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.priority !== undefined ? { priority: e.priority } : {}),
        ...(e.by !== undefined ? { by: e.by } : {}),
      }
    case 'status-changed':
      return { status: e.status }
    case 'priority-changed':
      return { priority: e.priority }
    case 'reopened':
      return e.status !== undefined ? { status: e.status } : {}
    case 'agent-reply':
    case 'internal-note':
    case 'end-user-comment':
    case 'solved':
      return {}
  }
}

/** A stored event as the engine sees it. Stored events were validated on ingest. */
export function eventOfRow(row: Pick<TicketEventRow, 'type' | 'at' | 'data'>): TicketEvent {
  const at = row.at.getTime()
  const d = row.data
  const type = row.type as TicketEvent['type']
  switch (type) {
    case 'created':
      return {
        type,
        at,
        ...(d.status !== undefined ? { status: d.status as TicketStatus } : {}),
        ...(d.priority !== undefined ? { priority: d.priority as string | null } : {}),
        ...(d.by !== undefined ? { by: d.by as Creator } : {}),
      }
    case 'status-changed':
      return { type, at, status: d.status as TicketStatus }
    case 'priority-changed':
      return { type, at, priority: (d.priority ?? null) as string | null }
    case 'reopened':
      return d.status !== undefined ? { type, at, status: d.status as TicketStatus } : { type, at }
    case 'agent-reply':
    case 'internal-note':
    case 'end-user-comment':
    case 'solved':
      return { type, at }
    default:
      throw new Error(`stored ticket event has an unknown type "${String(row.type)}"`)
  }
}

/**
 * Replay order: by instant; at one instant the `created` event first (it may have been delivered
 * after events of the same instant), then the delivery order (`seq`), then the key.
 */
export function compareEventRows(
  a: Pick<TicketEventRow, 'at' | 'seq' | 'type' | 'event_key'>,
  b: Pick<TicketEventRow, 'at' | 'seq' | 'type' | 'event_key'>,
): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    (a.type === 'created' ? 0 : 1) - (b.type === 'created' ? 0 : 1) ||
    a.seq - b.seq ||
    (a.event_key < b.event_key ? -1 : a.event_key > b.event_key ? 1 : 0)
  )
}

// ---------------------------------------------------------------------------------------------
// Ticket replay

/**
 * How far ahead of the service clock a reported instant may be (an event, an incident's start):
 * the source's clock may run a little ahead of ours, and refusing the input would stall a sync.
 * A ticket with such an event is replayed up to that event.
 */
export const MAX_CLOCK_SKEW_MS = 2 * 60_000

/**
 * Why a ticket has the clocks it has: `computed` (replayed under its account's contract),
 * `no-account` (not mapped to an account), `no-contract` (its account has no contract), or
 * `incomplete` (its `created` event has not arrived yet).
 */
export type { ClockOutcome } from '@sla-tracker/shared'
import type { ClockOutcome } from '@sla-tracker/shared'

export interface ReplayedTicket {
  id: number
  accountId: string | null
  status: TicketStatus
  priority: string | null
  outcome: ClockOutcome
  clocks: ClockReport[]
  /** The `created` event's instant (or the first event's, while it is missing). */
  createdAt: number
  /** The last event's instant. */
  updatedAt: number
}

/** Replays one ticket's ordered events under its account's contract timeline. */
export function replayTicket(
  ticket: { id: number; accountId: string | null },
  events: readonly TicketEvent[],
  contracts: AccountContracts | undefined,
  registry: TenantRegistry,
  now: number,
): ReplayedTicket {
  const first = events[0]
  const last = events[events.length - 1]
  const complete = first !== undefined && first.type === 'created'
  const timeline = complete ? contracts?.timeline : undefined
  const r = replayTicketClocks(events, {
    // An event slightly ahead of the service clock (see MAX_CLOCK_SKEW_MS): as of that event.
    now: last !== undefined && last.at > now ? last.at : now,
    calendarFor: (id, zone, at) => registry.calendarFor(id, zone, at),
    contractAt: timeline ? (at) => contractAt(timeline, at) : () => undefined,
  })
  const outcome: ClockOutcome = !complete
    ? 'incomplete'
    : ticket.accountId === null
      ? 'no-account'
      : !contracts
        ? 'no-contract'
        : 'computed'
  return {
    id: ticket.id,
    accountId: ticket.accountId,
    status: r.status,
    priority: r.priority,
    outcome,
    clocks: r.clocks,
    createdAt: first?.at ?? now,
    updatedAt: last?.at ?? now,
  }
}

/** The `ticket_clocks` rows of a replayed ticket (none without an account). */
export function clockRowsOf(t: ReplayedTicket): ClockRow[] {
  if (t.accountId === null) return []
  return t.clocks.map((c) => ({
    ticket_id: t.id,
    metric: c.metric,
    cycle: c.cycle,
    account_id: t.accountId!,
    state: c.state,
    active: c.active,
    due_at: c.dueAt === null ? null : new Date(c.dueAt),
    breached_at: c.breachedAt === null ? null : new Date(c.breachedAt),
    warning_level: c.warningLevel,
    report: clockView(c),
  }))
}

const MS_PER_MINUTE = 60_000
const msOf = (minutes: number): number => Math.round(minutes * MS_PER_MINUTE)
const instantOf = (text: string | null): number | null => (text === null ? null : Date.parse(text))

/**
 * A stored clock (its `clockView` report, computed at the ticket's last replay) as of `now`: the
 * report decoded, and a running clock whose due instant has passed since is breached at that
 * instant — exactly what a replay at `now` reports, since no event stopped or paused it (an event
 * would have replayed the ticket). Durations are read back to the millisecond their minutes carry;
 * the account computations use only instants, states and warning levels.
 */
export function clockOfStoredView(v: ClockView, now: number): ClockReport {
  const dueAt = instantOf(v.dueAt)
  let breachedAt = instantOf(v.breachedAt)
  let state = v.state
  if (state === 'running' && v.active && breachedAt === null && dueAt !== null && dueAt < now) {
    state = 'breached'
    breachedAt = dueAt
  }
  return {
    metric: v.metric,
    cycle: v.cycle,
    state,
    active: v.active,
    priority: v.priority,
    basis: v.basis,
    targetMs: msOf(v.targetMinutes),
    afterHours: v.afterHours,
    startedAt: Date.parse(v.startedAt),
    stoppedAt: instantOf(v.stoppedAt),
    stoppedBy: v.stoppedBy,
    elapsedMs: msOf(v.elapsedMinutes),
    elapsedCalendarMs: msOf(v.elapsedCalendarMinutes),
    remainingMs: msOf(v.remainingMinutes),
    dueAt,
    breachedAt,
    percentUsed: v.percentUsed,
    warningLevel: v.warningLevel,
    warningThreshold: v.warningThreshold,
    terms: {
      accountVersion: v.terms.accountVersion,
      tierVersion: v.terms.tierVersion,
      from: v.terms.from === null ? -Infinity : Date.parse(v.terms.from),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Incidents and maintenance

export function incidentOfRow(r: IncidentRow): Incident {
  const rate = r.error_rate_percent === null ? undefined : parseDecimal(r.error_rate_percent)
  return {
    id: r.id,
    ...(r.title !== null ? { title: r.title } : {}),
    components: r.components,
    ...(r.regions.length > 0 ? { regions: r.regions } : {}),
    impact: r.impact as Impact,
    start: r.start_at.getTime(),
    end: r.end_at === null ? null : r.end_at.getTime(),
    ...(rate ? { errorRatePercent: rate } : {}),
    ...(r.exclusion !== null ? { exclusion: r.exclusion as ExclusionKind } : {}),
    ...(r.excluded_for.length > 0 ? { excludedFor: r.excluded_for } : {}),
  }
}

export function maintenanceOfRow(r: MaintenanceRow): Maintenance {
  return {
    id: r.id,
    ...(r.title !== null ? { title: r.title } : {}),
    components: r.components,
    ...(r.regions.length > 0 ? { regions: r.regions } : {}),
    start: r.start_at.getTime(),
    end: r.end_at.getTime(),
    announcedAt: r.announced_at === null ? null : r.announced_at.getTime(),
    ...(r.emergency ? { emergency: true } : {}),
    impact: r.impact as Impact,
  }
}

// ---------------------------------------------------------------------------------------------
// Months

/** How far back a recomputation goes: the current month and at most this many before it. */
export const MAX_MONTHS_BACK = 24

/** The month `n` months before `month` (`YYYY-MM`). */
export function monthsBefore(month: string, n: number): string {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  const k = y * 12 + (m - 1) - n
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`
}

/**
 * The months of an account (in its zone) from the one containing `since` to the current one,
 * at most {@link MAX_MONTHS_BACK} months back.
 */
export function monthsToCompute(zone: string, since: number, now: number): MonthPeriod[] {
  const current = monthOf(now, zone)
  const floor = monthPeriod(monthsBefore(current.month, MAX_MONTHS_BACK), zone)
  let p = since <= floor.start ? floor : since >= current.start ? current : monthOf(since, zone)
  const out: MonthPeriod[] = [p]
  while (p.month < current.month) {
    p = nextMonth(p)
    out.push(p)
  }
  return out
}

/**
 * Whether a ticket's clocks touch a period: a clock started before its end that was still running
 * (or late) at its start. Only these tickets can have breaches or delays in it; the month's ticket
 * counts are over them.
 */
export function touchesPeriod(t: TicketClockSet, period: { start: number; end: number }): boolean {
  return t.clocks.some(
    (c) => c.startedAt < period.end && (c.active || (c.stoppedAt ?? Infinity) >= period.start),
  )
}

export interface MonthInput {
  accountId: string
  components: readonly string[]
  regions: readonly string[]
  timeline: ContractTimeline
  tickets: readonly TicketClockSet[]
  incidents: readonly Incident[]
  maintenance: readonly Maintenance[]
}

/** One account month, computed by the engine exactly as the `evaluate` command does. */
export function computeMonth(
  input: MonthInput,
  period: MonthPeriod,
  now: number,
  registry: TenantRegistry,
): AccountPeriod {
  return computeAccountPeriod({
    account: {
      id: input.accountId,
      components: [...input.components],
      regions: [...input.regions],
    },
    timeline: input.timeline,
    period,
    now,
    tickets: input.tickets.filter((t) => touchesPeriod(t, period)),
    incidents: input.incidents,
    maintenance: input.maintenance,
    calendarFor: (id, zone, at) => registry.calendarFor(id, zone, at),
  })
}

const BUDGET_RANK = { ok: 0, approaching: 1, breached: 2 } as const

/** What `account_states.state` holds: the month as the reads show it. */
export interface StoredAccountMonth {
  month: string
  timeZone: string
  period: { start: string; end: string }
  measureFrom: string | null
  contract: {
    tier: string
    accountVersion: number
    tierVersion: number
    effectiveFrom: string | null
    monthlyFee: { amountMinor: number; currency: string }
  } | null
  uptime: ReturnType<typeof uptimeView>[]
  credit: ReturnType<typeof creditView> | null
  tickets: AccountPeriod['tickets']
  flags: AccountPeriod['flags']
  registryRevision: number
  computedAt: string
}

/** The `account_states` row of a computed month. */
export function accountStateRow(
  tenantId: string,
  accountId: string,
  period: MonthPeriod,
  r: AccountPeriod,
  now: number,
  registryRevision: number,
): AccountStateRow {
  const applicable = r.uptime.filter((u) => u.applicable)
  let worst: (typeof applicable)[number] | undefined
  let worstPercent: number | undefined
  for (const u of applicable) {
    const pct = Number(u.errorBudget.percentUsed)
    if (
      worst === undefined ||
      BUDGET_RANK[u.errorBudget.status] > BUDGET_RANK[worst.errorBudget.status] ||
      (u.errorBudget.status === worst.errorBudget.status && pct > worstPercent!)
    ) {
      worst = u
      worstPercent = pct
    }
  }
  const maxPercent = applicable.reduce<string | null>(
    (m, u) =>
      m === null || Number(u.errorBudget.percentUsed) > Number(m) ? u.errorBudget.percentUsed : m,
    null,
  )
  const c = r.contract
  const state: StoredAccountMonth = {
    month: period.month,
    timeZone: period.timeZone,
    period: { start: formatInstant(period.start), end: formatInstant(period.end) },
    measureFrom: r.measureFrom === null ? null : formatInstant(r.measureFrom),
    contract: c
      ? {
          tier: c.tierId,
          accountVersion: c.accountVersion,
          tierVersion: c.tierVersion,
          effectiveFrom: Number.isFinite(c.from) ? formatInstant(c.from) : null,
          monthlyFee: c.monthlyFee,
        }
      : null,
    uptime: r.uptime.map(uptimeView),
    credit: r.credit ? creditView(r.credit) : null,
    tickets: r.tickets,
    flags: r.flags,
    registryRevision,
    computedAt: formatInstant(now),
  }
  return {
    tenant_id: tenantId,
    account_id: accountId,
    month: period.month,
    tier_id: c?.tierId ?? null,
    budget_status: worst?.errorBudget.status ?? null,
    worst_budget_percent: maxPercent,
    credit_minor: r.credit?.totalMinor ?? 0,
    currency: r.credit?.currency ?? c?.monthlyFee.currency ?? null,
    flags: JSON.stringify(r.flags),
    state: JSON.stringify(state),
    sidebar: JSON.stringify(sidebarProjection(state)),
    computed_at: new Date(now),
  }
}

/**
 * What the sidebar reads of a month: the uptime views without per-event contributions and burn
 * rates, and the credit with its schedules' amounts and steps but without the repeated
 * explanation and the inputs (both stay in `state` for the account detail).
 */
export function sidebarProjection(
  state: StoredAccountMonth,
): Pick<StoredAccountMonth, 'registryRevision' | 'uptime'> & { credit: unknown } {
  const c = state.credit
  return {
    registryRevision: state.registryRevision,
    uptime: state.uptime.map((u) => {
      const { contributions: _c, burnRates: _b, ...rest } = u
      return rest as (typeof state.uptime)[number]
    }),
    credit: c && {
      month: c.month,
      currency: c.currency,
      totalMinor: c.totalMinor,
      automaticMinor: c.automaticMinor,
      onRequestMinor: c.onRequestMinor,
      claimLastDate: c.claimLastDate,
      claimDeadline: c.claimDeadline,
      schedules: c.schedules.map((x) => ({
        scheduleId: x.scheduleId,
        ...(x.label !== undefined ? { label: x.label } : {}),
        kind: x.kind,
        claim: x.claim,
        amountMinor: x.amountMinor,
        capped: x.capped,
        percentOfFeeBase: x.percentOfFeeBase,
        steps: x.steps,
      })),
    },
  }
}
