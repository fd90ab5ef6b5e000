/**
 * Test helpers for clock replay: profiles, calendars and event builders.
 */
import { compileCalendar, type BusinessCalendar } from '../calendar/business-calendar.js'
import type { CalendarDefinition } from '../calendar/calendar.schema.js'
import type { ResolvedContract } from '../contract/contracts.js'
import type { ContractProfile } from '../contract/profile.schema.js'
import { replayTicketClocks, type ClockReport, type TicketClocks } from '../clocks/replay.js'
import type { TicketEvent } from '../clocks/ticket-events.js'
import { resolvedContract } from './contract-fixtures.js'

export const t = (iso: string): number => Date.parse(iso)
export const MIN = 60_000
export const HOUR = 3_600_000

export const CALENDARS: Record<string, CalendarDefinition> = {
  'ny-business': {
    timeZone: 'America/New_York',
    hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
  },
  'customer-business': {
    hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
  },
}

const compiled = new Map<string, BusinessCalendar>()
export function calendarFor(id: string, zone: string): BusinessCalendar {
  const key = `${id}|${zone}`
  let c = compiled.get(key)
  if (!c) {
    const def = CALENDARS[id]
    if (!def) throw new Error(`unknown calendar ${id}`)
    c = compileCalendar(def, zone)
    compiled.set(key, c)
  }
  return c
}

/** Replays under one contract in force since always (or a list of contracts with `from`). */
export function replay(
  events: TicketEvent[],
  now: number,
  contracts: ResolvedContract | ResolvedContract[],
): TicketClocks {
  const list = Array.isArray(contracts) ? contracts : [contracts]
  return replayTicketClocks(events, {
    now,
    calendarFor,
    contractAt: (at) => {
      for (let i = list.length - 1; i >= 0; i--)
        if (at >= list[i]!.from && at < list[i]!.until) return list[i]
      return undefined
    },
  })
}

export function clock(r: TicketClocks, metric: ClockReport['metric'], cycle = 1): ClockReport {
  const c = r.clocks.find((x) => x.metric === metric && x.cycle === cycle)
  if (!c)
    throw new Error(
      `no ${metric} clock, cycle ${cycle}: ${JSON.stringify(r.clocks.map((x) => [x.metric, x.cycle]))}`,
    )
  return c
}

/** Enterprise-style 24×7 terms: critical 15 min first response, 2 h resolution; low 8 h / 3 days. */
export const ENTERPRISE: ContractProfile = {
  name: 'Enterprise',
  priorities: [{ id: 'critical', aliases: ['urgent'] }, { id: 'high' }, { id: 'low' }],
  targets: {
    firstResponse: {
      critical: { minutes: 15, basis: 'calendar' },
      high: { minutes: 30, basis: 'calendar' },
      low: { minutes: 480, basis: 'calendar' },
    },
    nextResponse: {
      critical: { minutes: 30, basis: 'calendar' },
      high: { minutes: 60, basis: 'calendar' },
    },
    periodicUpdate: { critical: { minutes: 60, basis: 'calendar' } },
    resolution: {
      critical: { minutes: 120, basis: 'calendar' },
      high: { minutes: 480, basis: 'calendar' },
      low: { minutes: 4320, basis: 'calendar' },
    },
  },
}

/** Starter-style business-hours terms on Mon–Fri 09:00–18:00 New York. */
export const STARTER: ContractProfile = {
  name: 'Starter',
  calendar: 'ny-business',
  priorities: [{ id: 'high' }, { id: 'full-day' }],
  targets: {
    firstResponse: {
      high: { minutes: 480, basis: 'business' },
      'full-day': { minutes: 540, basis: 'business' },
    },
    resolution: { high: { minutes: 4320, basis: 'business' } },
  },
}

export const contractOf = (
  profile: ContractProfile,
  extra: Partial<ResolvedContract> = {},
): ResolvedContract => ({
  ...resolvedContract(profile),
  ...extra,
})
