/**
 * Evaluates a scenario: validates every part (returning all problems, each with its path), then
 * replays every ticket's clocks, measures each account's month and computes its credits.
 */
import { compileCalendar, type BusinessCalendar } from '../calendar/business-calendar.js'
import type { CalendarDefinition } from '../calendar/calendar.schema.js'
import { validateCalendar } from '../calendar/validate-calendar.js'
import { replayTicketClocks, type ClockReport } from '../clocks/replay.js'
import { validateEventOrder, type TicketEvent } from '../clocks/ticket-events.js'
import {
  buildContractTimeline,
  contractAt,
  validateAccount,
  validateTier,
  type ContractTimeline,
} from '../contract/contracts.js'
import type { Account, Tier } from '../contract/profile.schema.js'
import type { CreditResult } from '../credits/credit-result.js'
import { parseDecimal } from '../money/rational.js'
import { parseInstant, formatInstant } from '../time/instant.js'
import { monthOf, monthPeriod, type MonthPeriod } from '../time/period.js'
import type { CommitmentUptime } from '../uptime/uptime.js'
import { computeAccountPeriod, type AccountFlag } from '../account/account-period.js'
import type { Incident, Maintenance } from '../uptime/incident.js'
import { checkSchema } from '../validation/schema-check.js'
import { issue, joinPath, type Validated, type ValidationIssue } from '../validation/issues.js'
import type { TSchema } from 'typebox'
import {
  ScenarioCalendarSchema,
  ScenarioIncidentSchema,
  ScenarioMaintenanceSchema,
  ScenarioTicketSchema,
  ScenarioTopLevelSchema,
  type ScenarioCalendar,
  type ScenarioEvent,
  type ScenarioIncident,
  type ScenarioMaintenance,
  type ScenarioTicket,
} from './scenario.schema.js'

/** A validated scenario with instants parsed, calendars compiled and contract timelines built. */
export interface PreparedScenario {
  name: string | null
  now: number
  period: string | null
  accounts: { account: Account; timeline: ContractTimeline }[]
  tickets: { id: string; account: string; subject: string | null; events: TicketEvent[] }[]
  incidents: Incident[]
  maintenance: Maintenance[]
  calendarFor: (id: string, zone: string) => BusinessCalendar
}

const MS_PER_MINUTE = 60_000

function duplicateIssues(ids: readonly string[], path: string, what: string): ValidationIssue[] {
  const seen = new Map<string, number>()
  const out: ValidationIssue[] = []
  ids.forEach((id, i) => {
    const first = seen.get(id)
    if (first !== undefined)
      out.push(
        issue(
          joinPath(path, i, 'id'),
          'unique',
          `${what} "${id}" is already defined at ${path}[${first}]`,
        ),
      )
    else seen.set(id, i)
  })
  return out
}

function toEngineEvent(e: ScenarioEvent, at: number): TicketEvent {
  switch (e.type) {
    case 'created':
      return {
        type: 'created',
        at,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.priority !== undefined ? { priority: e.priority } : {}),
        ...(e.by !== undefined ? { by: e.by } : {}),
      }
    case 'status-changed':
      return { type: 'status-changed', at, status: e.status }
    case 'priority-changed':
      return { type: 'priority-changed', at, priority: e.priority }
    case 'reopened':
      return e.status !== undefined
        ? { type: 'reopened', at, status: e.status }
        : { type: 'reopened', at }
    case 'agent-reply':
    case 'internal-note':
    case 'end-user-comment':
    case 'solved':
      return { type: e.type, at }
  }
}

/**
 * Validates a scenario and prepares it for evaluation. Every problem is reported with its path
 * (`accounts[2].contracts[0].tier`, `tickets[5].events[3].at`) and rule; nothing throws on bad
 * input.
 */
export function prepareScenario(input: unknown): Validated<PreparedScenario> {
  // Top-level keys starting with "x-" are ignored: they hold shared parts (YAML anchors).
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    input = Object.fromEntries(Object.entries(input).filter(([k]) => !k.startsWith('x-')))
  }
  const shape = checkSchema(ScenarioTopLevelSchema, input)
  if (shape.length > 0) return { ok: false, issues: shape }
  const top = input as Record<string, unknown> & { now: string; period?: string; name?: string }
  const out: ValidationIssue[] = []
  /** Elements of a list that pass their schema; the others add their issues. */
  const valid = <T>(list: unknown, schema: TSchema, path: string): { item: T; index: number }[] => {
    const items = (Array.isArray(list) ? list : []) as unknown[]
    const ok: { item: T; index: number }[] = []
    items.forEach((item, index) => {
      const issues = checkSchema(schema, item, joinPath(path, index))
      if (issues.length > 0) out.push(...issues)
      else ok.push({ item: item as T, index })
    })
    return ok
  }

  const now = parseInstant(top.now)
  if (now === undefined)
    out.push(issue('now', 'instant', `"${top.now}" is not a real instant (years 1901–2299)`))

  // Calendars.
  const calendarList = valid<ScenarioCalendar>(top.calendars, ScenarioCalendarSchema, 'calendars')
  const calendars = new Map<string, CalendarDefinition>()
  for (const { item, index } of calendarList) {
    const r = validateCalendar(item, joinPath('calendars', index))
    if (!r.ok) out.push(...r.issues)
    else calendars.set(item.id, item)
  }
  out.push(
    ...duplicateIssues(
      calendarList.map((c) => c.item.id),
      'calendars',
      'calendar',
    ),
  )
  const ctx = { calendarIds: new Set(calendarList.map((c) => c.item.id)) }

  // Tiers.
  const tiers = new Map<string, Tier>()
  let tiersOk = true
  const tierItems = (Array.isArray(top.tiers) ? top.tiers : []) as unknown[]
  tierItems.forEach((t, i) => {
    const r = validateTier(t, joinPath('tiers', i), ctx)
    if (!r.ok) {
      out.push(...r.issues)
      tiersOk = false
    } else tiers.set(r.value.id, r.value)
  })
  out.push(
    ...duplicateIssues(
      [...tiers.values()].map((t) => t.id),
      'tiers',
      'tier',
    ),
  )

  // Accounts.
  const accounts: PreparedScenario['accounts'] = []
  const accountItems = (Array.isArray(top.accounts) ? top.accounts : []) as unknown[]
  const accountIds = new Set<string>()
  const accountIdList: string[] = []
  accountItems.forEach((a, i) => {
    const path = joinPath('accounts', i)
    const r = validateAccount(a, path)
    if (!r.ok) {
      out.push(...r.issues)
      const id = (a as { id?: unknown } | null)?.id
      if (typeof id === 'string') accountIds.add(id)
      return
    }
    accountIds.add(r.value.id)
    accountIdList.push(r.value.id)
    // Contract timelines need every tier; with a broken tier, its problems are reported first.
    if (!tiersOk) return
    const tl = buildContractTimeline(r.value, tiers, path, ctx)
    if (!tl.ok) out.push(...tl.issues)
    else accounts.push({ account: r.value, timeline: tl.value })
  })
  out.push(...duplicateIssues(accountIdList, 'accounts', 'account'))

  // Tickets.
  const tickets: PreparedScenario['tickets'] = []
  const ticketList = valid<ScenarioTicket>(top.tickets, ScenarioTicketSchema, 'tickets')
  out.push(
    ...duplicateIssues(
      ticketList.map((t) => String(t.item.id)),
      'tickets',
      'ticket',
    ),
  )
  for (const { item: t, index: i } of ticketList) {
    const path = joinPath('tickets', i)
    if (!accountIds.has(t.account))
      out.push(
        issue(joinPath(path, 'account'), 'reference', `"${t.account}" is not a known account`),
      )
    const events: TicketEvent[] = []
    let bad = false
    t.events.forEach((e, j) => {
      const at = parseInstant(e.at)
      if (at === undefined) {
        out.push(
          issue(joinPath(path, 'events', j, 'at'), 'instant', `"${e.at}" is not a real instant`),
        )
        bad = true
        return
      }
      events.push(toEngineEvent(e, at))
    })
    if (!bad && now !== undefined)
      out.push(...validateEventOrder(events, now, joinPath(path, 'events')))
    tickets.push({ id: String(t.id), account: t.account, subject: t.subject ?? null, events })
  }

  // Incidents and maintenance.
  const incidents: Incident[] = []
  const incidentList = valid<ScenarioIncident>(top.incidents, ScenarioIncidentSchema, 'incidents')
  for (const { item: x, index: i } of incidentList) {
    const path = joinPath('incidents', i)
    const start = parseInstant(x.start)
    const end = x.end === undefined || x.end === null ? null : parseInstant(x.end)
    if (start === undefined)
      out.push(issue(joinPath(path, 'start'), 'instant', `"${x.start}" is not a real instant`))
    if (end === undefined)
      out.push(issue(joinPath(path, 'end'), 'instant', `"${String(x.end)}" is not a real instant`))
    if (start !== undefined && end !== undefined && end !== null && end < start)
      out.push(
        issue(joinPath(path, 'end'), 'order', 'must not be before start (negative duration)'),
      )
    if (start !== undefined && now !== undefined && start > now)
      out.push(issue(joinPath(path, 'start'), 'future', 'is after "now"'))
    const errorRate =
      x.errorRatePercent === undefined ? undefined : parseDecimal(x.errorRatePercent)
    if (
      x.errorRatePercent !== undefined &&
      (!errorRate || errorRate.n < 0n || errorRate.n > 100n * errorRate.d)
    )
      out.push(
        issue(joinPath(path, 'errorRatePercent'), 'range', 'must be a percent from 0 to 100'),
      )
    if (x.excludedFor !== undefined && x.exclusion === undefined)
      out.push(
        issue(
          joinPath(path, 'excludedFor'),
          'consistency',
          'needs "exclusion" (the kind of exclusion it limits)',
        ),
      )
    for (const [j, acc] of (x.excludedFor ?? []).entries())
      if (!accountIds.has(acc))
        out.push(
          issue(joinPath(path, 'excludedFor', j), 'reference', `"${acc}" is not a known account`),
        )
    if (start === undefined || end === undefined) continue
    incidents.push({
      id: x.id,
      ...(x.title !== undefined ? { title: x.title } : {}),
      components: x.components,
      ...(x.regions !== undefined ? { regions: x.regions } : {}),
      impact: x.impact,
      start,
      end,
      ...(errorRate ? { errorRatePercent: errorRate } : {}),
      ...(x.exclusion !== undefined ? { exclusion: x.exclusion } : {}),
      ...(x.excludedFor !== undefined ? { excludedFor: x.excludedFor } : {}),
    })
  }
  out.push(
    ...duplicateIssues(
      incidentList.map((x) => x.item.id),
      'incidents',
      'incident',
    ),
  )
  const maintenance: Maintenance[] = []
  const maintenanceList = valid<ScenarioMaintenance>(
    top.maintenance,
    ScenarioMaintenanceSchema,
    'maintenance',
  )
  for (const { item: x, index: i } of maintenanceList) {
    const path = joinPath('maintenance', i)
    const start = parseInstant(x.start)
    const end = parseInstant(x.end)
    const announcedAt =
      x.announcedAt === undefined || x.announcedAt === null ? null : parseInstant(x.announcedAt)
    if (start === undefined)
      out.push(issue(joinPath(path, 'start'), 'instant', `"${x.start}" is not a real instant`))
    if (end === undefined)
      out.push(issue(joinPath(path, 'end'), 'instant', `"${x.end}" is not a real instant`))
    if (announcedAt === undefined)
      out.push(
        issue(
          joinPath(path, 'announcedAt'),
          'instant',
          `"${String(x.announcedAt)}" is not a real instant`,
        ),
      )
    if (start !== undefined && end !== undefined && end <= start)
      out.push(
        issue(
          joinPath(path, 'end'),
          'order',
          'must be after start (maintenance needs a positive duration)',
        ),
      )
    if (start === undefined || end === undefined || announcedAt === undefined) continue
    maintenance.push({
      id: x.id,
      ...(x.title !== undefined ? { title: x.title } : {}),
      components: x.components,
      ...(x.regions !== undefined ? { regions: x.regions } : {}),
      start,
      end,
      announcedAt,
      ...(x.emergency !== undefined ? { emergency: x.emergency } : {}),
      ...(x.impact !== undefined ? { impact: x.impact } : {}),
    })
  }
  out.push(
    ...duplicateIssues(
      maintenanceList.map((x) => x.item.id),
      'maintenance',
      'maintenance',
    ),
  )

  if (out.length > 0 || now === undefined) return { ok: false, issues: out }

  const compiled = new Map<string, BusinessCalendar>()
  const calendarFor = (id: string, zone: string): BusinessCalendar => {
    const key = `${id}|${zone}`
    let c = compiled.get(key)
    if (!c) {
      const def = calendars.get(id)
      // Profiles were validated against the calendar ids, so a missing one is an engine bug.
      if (!def) throw new Error(`calendar "${id}" is not defined`)
      c = compileCalendar(def, zone)
      compiled.set(key, c)
    }
    return c
  }
  return {
    ok: true,
    value: {
      name: top.name ?? null,
      now,
      period: top.period ?? null,
      accounts,
      tickets,
      incidents,
      maintenance,
      calendarFor,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The report

const iso = (t: number | null): string | null => (t === null ? null : formatInstant(t))
const minutes = (ms: number): number => Math.round((ms / MS_PER_MINUTE) * 1000) / 1000

/** A clock as the report shows it: instants in ISO 8601 UTC, durations in minutes. */
export interface ClockView {
  metric: ClockReport['metric']
  cycle: number
  state: ClockReport['state']
  active: boolean
  priority: string
  basis: ClockReport['basis']
  targetMinutes: number
  afterHours: boolean
  startedAt: string
  stoppedAt: string | null
  stoppedBy: ClockReport['stoppedBy']
  elapsedMinutes: number
  elapsedCalendarMinutes: number
  remainingMinutes: number
  dueAt: string | null
  breachedAt: string | null
  percentUsed: number
  warningLevel: number
  warningThreshold: number | null
  terms: { accountVersion: number; tierVersion: number; from: string | null }
}

export function clockView(c: ClockReport): ClockView {
  return {
    metric: c.metric,
    cycle: c.cycle,
    state: c.state,
    active: c.active,
    priority: c.priority,
    basis: c.basis,
    targetMinutes: minutes(c.targetMs),
    afterHours: c.afterHours,
    startedAt: formatInstant(c.startedAt),
    stoppedAt: iso(c.stoppedAt),
    stoppedBy: c.stoppedBy,
    elapsedMinutes: minutes(c.elapsedMs),
    elapsedCalendarMinutes: minutes(c.elapsedCalendarMs),
    remainingMinutes: minutes(c.remainingMs),
    dueAt: iso(c.dueAt),
    breachedAt: iso(c.breachedAt),
    percentUsed: c.percentUsed,
    warningLevel: c.warningLevel,
    warningThreshold: c.warningThreshold,
    terms: {
      accountVersion: c.terms.accountVersion,
      tierVersion: c.terms.tierVersion,
      from: Number.isFinite(c.terms.from) ? formatInstant(c.terms.from) : null,
    },
  }
}

/** A commitment's uptime as the report shows it. */
export interface UptimeView extends Omit<CommitmentUptime, 'measuredFrom' | 'measuredUntil'> {
  measuredFrom: string
  measuredUntil: string
  downtimeMinutes: number
  allowedDowntimeMinutes: number
}

export function uptimeView(u: CommitmentUptime): UptimeView {
  return {
    ...u,
    measuredFrom: formatInstant(u.measuredFrom),
    measuredUntil: formatInstant(u.measuredUntil),
    downtimeMinutes: minutes(u.downtimeMs),
    allowedDowntimeMinutes: minutes(u.errorBudget.allowedMs),
  }
}

export interface TicketReport {
  id: string
  account: string
  subject: string | null
  status: string
  priority: string | null
  clocks: ClockView[]
}

/** A credit as the report shows it: the claim deadline as ISO 8601 text like every instant. */
export type CreditView = Omit<CreditResult, 'claimDeadline'> & { claimDeadline: string | null }

export function creditView(credit: CreditResult): CreditView {
  return { ...credit, claimDeadline: iso(credit.claimDeadline) }
}

export type { AccountFlag } from '../account/account-period.js'

export interface AccountReport {
  id: string
  name: string
  timeZone: string
  period: { month: string; start: string; end: string }
  /** The terms judging the period. */
  contract: {
    tier: string
    accountVersion: number
    tierVersion: number
    effectiveFrom: string | null
    monthlyFee: { amountMinor: number; currency: string }
  } | null
  uptime: UptimeView[]
  credit: CreditView | null
  tickets: {
    total: number
    open: number
    clocks: Record<ClockReport['state'], number>
    /** Clocks breached within the period. */
    breachesInPeriod: number
  }
  /** What a CS manager should look at, most severe first. */
  flags: AccountFlag[]
}

export interface EvaluationReport {
  scenario: string | null
  now: string
  accounts: AccountReport[]
  tickets: TicketReport[]
  summary: {
    accounts: number
    tickets: number
    clocks: Record<ClockReport['state'], number>
    accountsApproachingBreach: number
    accountsBreached: number
    creditsOwed: Record<string, number>
  }
}

/** Evaluates a prepared scenario. */
export function evaluatePrepared(p: PreparedScenario): EvaluationReport {
  const byAccount = new Map<string, { ticket: TicketReport; raw: ClockReport[] }[]>()
  const timelines = new Map(p.accounts.map((a) => [a.account.id, a.timeline]))
  const tickets: TicketReport[] = []
  for (const t of p.tickets) {
    const timeline = timelines.get(t.account)!
    const r = replayTicketClocks(t.events, {
      now: p.now,
      calendarFor: p.calendarFor,
      contractAt: (at) => contractAt(timeline, at),
    })
    const report: TicketReport = {
      id: t.id,
      account: t.account,
      subject: t.subject,
      status: r.status,
      priority: r.priority,
      clocks: r.clocks.map(clockView),
    }
    tickets.push(report)
    const list = byAccount.get(t.account) ?? []
    list.push({ ticket: report, raw: r.clocks })
    byAccount.set(t.account, list)
  }

  const accounts: AccountReport[] = []
  const total = { running: 0, paused: 0, met: 0, breached: 0 }
  const creditsOwed: Record<string, number> = {}
  for (const { account, timeline } of p.accounts) {
    const zone = timeline.timeZone
    const period: MonthPeriod = p.period ? monthPeriod(p.period, zone) : monthOf(p.now, zone)
    const own = byAccount.get(account.id) ?? []
    const state = computeAccountPeriod({
      account,
      timeline,
      period,
      now: p.now,
      tickets: own.map(({ ticket, raw }) => ({
        ticketId: ticket.id,
        status: ticket.status,
        clocks: raw,
      })),
      incidents: p.incidents,
      maintenance: p.maintenance,
      calendarFor: p.calendarFor,
    })
    for (const k of Object.keys(total) as (keyof typeof total)[])
      total[k] += state.tickets.clocks[k]
    const credit = state.credit
    if (credit && credit.totalMinor > 0)
      creditsOwed[credit.currency] = (creditsOwed[credit.currency] ?? 0) + credit.totalMinor
    const c = state.contract
    accounts.push({
      id: account.id,
      name: account.name,
      timeZone: zone,
      period: {
        month: period.month,
        start: formatInstant(period.start),
        end: formatInstant(period.end),
      },
      contract: c
        ? {
            tier: c.tierId,
            accountVersion: c.accountVersion,
            tierVersion: c.tierVersion,
            effectiveFrom: Number.isFinite(c.from) ? formatInstant(c.from) : null,
            monthlyFee: c.monthlyFee,
          }
        : null,
      uptime: state.uptime.map(uptimeView),
      credit: credit ? creditView(credit) : null,
      tickets: state.tickets,
      flags: state.flags,
    })
  }
  return {
    scenario: p.name,
    now: formatInstant(p.now),
    accounts,
    tickets,
    summary: {
      accounts: accounts.length,
      tickets: tickets.length,
      clocks: total,
      accountsApproachingBreach: accounts.filter((a) =>
        a.flags.includes('error-budget-approaching'),
      ).length,
      accountsBreached: accounts.filter((a) => a.flags.includes('error-budget-breached')).length,
      creditsOwed,
    },
  }
}

/**
 * Validates and evaluates a scenario (parsed JSON or YAML). Invalid input yields every problem
 * with its path and rule; nothing throws on bad input.
 */
export function evaluateScenario(input: unknown): Validated<EvaluationReport> {
  const prepared = prepareScenario(input)
  if (!prepared.ok) return prepared
  return { ok: true, value: evaluatePrepared(prepared.value) }
}
