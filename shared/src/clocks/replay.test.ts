import { describe, expect, it } from 'vitest'
import type { ContractProfile } from '../contract/profile.schema.js'
import {
  ENTERPRISE,
  HOUR,
  MIN,
  STARTER,
  clock,
  contractOf,
  replay,
  t,
} from '../test-support/clock-fixtures.js'
import type { TicketEvent } from './ticket-events.js'

const enterprise = contractOf(ENTERPRISE)
const starter = contractOf(STARTER)

const created = (
  at: string,
  priority: string | null = 'critical',
  extra: Partial<Extract<TicketEvent, { type: 'created' }>> = {},
): TicketEvent => ({
  type: 'created',
  at: t(at),
  status: 'new',
  priority,
  ...extra,
})
const reply = (at: string): TicketEvent => ({ type: 'agent-reply', at: t(at) })
const note = (at: string): TicketEvent => ({ type: 'internal-note', at: t(at) })
const comment = (at: string): TicketEvent => ({ type: 'end-user-comment', at: t(at) })
const status = (at: string, s: 'open' | 'pending' | 'hold'): TicketEvent => ({
  type: 'status-changed',
  at: t(at),
  status: s,
})
const solved = (at: string): TicketEvent => ({ type: 'solved', at: t(at) })
const reopened = (at: string): TicketEvent => ({ type: 'reopened', at: t(at), status: 'open' })
const priority = (at: string, p: string | null): TicketEvent => ({
  type: 'priority-changed',
  at: t(at),
  priority: p,
})

describe('first response in calendar time', () => {
  it('is met when the agent replies before the due instant', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z'), reply('2026-04-07T10:10:00Z')],
      t('2026-04-07T11:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'met',
      active: false,
      stoppedBy: 'agent-reply',
      targetMs: 15 * MIN,
      elapsedMs: 10 * MIN,
      remainingMs: 5 * MIN,
      dueAt: t('2026-04-07T10:15:00Z'),
      breachedAt: null,
      percentUsed: 66.67,
      warningLevel: 1,
      warningThreshold: 50,
    })
  })

  it('is met by a reply exactly at the due instant', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z'), reply('2026-04-07T10:15:00Z')],
      t('2026-04-07T11:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse').state).toBe('met')
  })

  it('is breached at the due instant when the reply comes later', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z'), reply('2026-04-07T10:20:00Z')],
      t('2026-04-07T11:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'breached',
      breachedAt: t('2026-04-07T10:15:00Z'),
      elapsedMs: 20 * MIN,
      remainingMs: -5 * MIN,
      warningLevel: 3,
      warningThreshold: 100,
    })
  })

  it('is not satisfied by an internal note', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z'), note('2026-04-07T10:05:00Z')],
      t('2026-04-07T10:12:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'running',
      active: true,
      elapsedMs: 12 * MIN,
      warningLevel: 2,
      warningThreshold: 75,
    })
  })

  it('maps ticket priority aliases (Zendesk "urgent") to the profile priority', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z', 'urgent')],
      t('2026-04-07T10:01:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({ priority: 'critical', targetMs: 15 * MIN })
  })

  it('starts at the first customer comment on a ticket an agent created', () => {
    const r = replay(
      [
        created('2026-04-07T10:00:00Z', 'critical', { by: 'agent' }),
        comment('2026-04-07T11:00:00Z'),
        reply('2026-04-07T11:05:00Z'),
      ],
      t('2026-04-07T12:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'met',
      startedAt: t('2026-04-07T11:00:00Z'),
      elapsedMs: 5 * MIN,
    })
  })

  it('starts no clock for a ticket without a priority when the profile has no default', () => {
    const r = replay([created('2026-04-07T10:00:00Z', null)], t('2026-04-07T12:00:00Z'), enterprise)
    expect(r.clocks).toHaveLength(0)
    const withDefault = contractOf({ ...ENTERPRISE, defaultPriority: 'low' })
    const r2 = replay(
      [created('2026-04-07T10:00:00Z', null)],
      t('2026-04-07T12:00:00Z'),
      withDefault,
    )
    expect(clock(r2, 'firstResponse').priority).toBe('low')
  })
})

describe('business-time clocks (Mon–Fri 09:00–18:00 America/New_York)', () => {
  it('counts only business hours and keeps wall-clock hours across spring-forward', () => {
    // Fri 6 Mar 15:00 EST; 8 business hours: 3 h on Friday, 5 h from Monday 09:00 EDT → 14:00 EDT.
    const r = replay([created('2026-03-06T20:00:00Z', 'high')], t('2026-03-07T15:00:00Z'), starter)
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'running',
      elapsedMs: 3 * HOUR,
      elapsedCalendarMs: 19 * HOUR,
      remainingMs: 5 * HOUR,
      dueAt: t('2026-03-09T18:00:00Z'),
    })
  })

  it('breaches at Friday 18:00 when the target fills the day and the reply comes on Saturday', () => {
    // 9 business hours from Fri 09:00 EST are due Fri 18:00 EST (23:00Z); a Saturday reply is late
    // although no business time passed after the due instant.
    const r = replay(
      [created('2026-03-06T14:00:00Z', 'full-day'), reply('2026-03-07T15:00:00Z')],
      t('2026-03-07T16:00:00Z'),
      starter,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'breached',
      breachedAt: t('2026-03-06T23:00:00Z'),
      elapsedMs: 9 * HOUR,
      remainingMs: 0,
    })
  })

  it('is met by a reply at exactly Friday 18:00', () => {
    const r = replay(
      [created('2026-03-06T14:00:00Z', 'full-day'), reply('2026-03-06T23:00:00Z')],
      t('2026-03-07T16:00:00Z'),
      starter,
    )
    expect(clock(r, 'firstResponse').state).toBe('met')
  })
})

describe('pauses, solving and reopening', () => {
  it('pauses resolution while pending or on hold (the default)', () => {
    const r = replay(
      [
        created('2026-04-07T10:00:00Z'),
        status('2026-04-07T10:30:00Z', 'pending'),
        status('2026-04-07T11:00:00Z', 'hold'),
        status('2026-04-07T12:00:00Z', 'open'),
        solved('2026-04-07T13:00:00Z'),
      ],
      t('2026-04-07T14:00:00Z'),
      enterprise,
    )
    // Running 10:00–10:30 and 12:00–13:00: 90 minutes of a 120-minute target.
    expect(clock(r, 'resolution')).toMatchObject({
      state: 'met',
      stoppedBy: 'solved',
      elapsedMs: 90 * MIN,
      elapsedCalendarMs: 90 * MIN,
    })
  })

  it('reports a paused clock with no due instant', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z'), status('2026-04-07T10:30:00Z', 'pending')],
      t('2026-04-07T15:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'resolution')).toMatchObject({
      state: 'paused',
      active: true,
      dueAt: null,
      elapsedMs: 30 * MIN,
    })
  })

  it('follows the contract: a profile may pause first response on pending too', () => {
    const profile: ContractProfile = { ...ENTERPRISE, pauseOn: { firstResponse: ['pending'] } }
    const r = replay(
      [created('2026-04-07T10:00:00Z'), status('2026-04-07T10:05:00Z', 'pending')],
      t('2026-04-07T11:00:00Z'),
      contractOf(profile),
    )
    expect(clock(r, 'firstResponse')).toMatchObject({ state: 'paused', elapsedMs: 5 * MIN })
  })

  it('resumes resolution on reopening with its elapsed time', () => {
    const events = [
      created('2026-04-07T10:00:00Z'),
      solved('2026-04-07T11:00:00Z'),
      reopened('2026-04-07T15:00:00Z'),
    ]
    const met = replay(
      [...events, solved('2026-04-07T15:30:00Z')],
      t('2026-04-07T16:00:00Z'),
      enterprise,
    )
    expect(clock(met, 'resolution')).toMatchObject({ state: 'met', elapsedMs: 90 * MIN })
    // Left open, the 60 remaining minutes run out at 16:00.
    const late = replay(events, t('2026-04-07T17:00:00Z'), enterprise)
    expect(clock(late, 'resolution')).toMatchObject({
      state: 'breached',
      active: true,
      breachedAt: t('2026-04-07T16:00:00Z'),
      elapsedMs: 180 * MIN,
    })
  })

  it('stops at the due instant when the ticket pauses exactly then, and breaches on resuming', () => {
    const events = [
      created('2026-04-07T10:00:00Z'),
      status('2026-04-07T12:00:00Z', 'pending'), // 120 of 120 minutes used: due, not yet late
    ]
    const paused = replay(events, t('2026-04-07T12:30:00Z'), enterprise)
    expect(clock(paused, 'resolution')).toMatchObject({ state: 'paused', elapsedMs: 120 * MIN })
    // Back to open at 13:00: any further minute is late, so the breach is at 13:00.
    const resumed = replay(
      [...events, status('2026-04-07T13:00:00Z', 'open')],
      t('2026-04-07T13:30:00Z'),
      enterprise,
    )
    expect(clock(resumed, 'resolution')).toMatchObject({
      state: 'breached',
      breachedAt: t('2026-04-07T13:00:00Z'),
      elapsedMs: 150 * MIN,
    })
  })

  it('stops reply clocks when the ticket is solved', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z'), solved('2026-04-07T10:05:00Z')],
      t('2026-04-07T11:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({ state: 'met', stoppedBy: 'solved' })
  })
})

describe('priority changes', () => {
  it('re-target a running clock and keep its elapsed time', () => {
    const r = replay(
      [
        created('2026-04-07T10:00:00Z', 'low'),
        priority('2026-04-07T11:00:00Z', 'critical'),
        solved('2026-04-07T11:45:00Z'),
      ],
      t('2026-04-07T12:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'resolution')).toMatchObject({
      state: 'met',
      priority: 'critical',
      targetMs: 120 * MIN,
      elapsedMs: 105 * MIN,
    })
  })

  it('breach at the change when the new target is already exceeded', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z', 'low'), priority('2026-04-07T13:00:00Z', 'critical')],
      t('2026-04-07T13:30:00Z'),
      enterprise,
    )
    expect(clock(r, 'resolution')).toMatchObject({
      state: 'breached',
      breachedAt: t('2026-04-07T13:00:00Z'),
    })
  })
})

describe('priority changes after a breach, to no target, and tickets created solved', () => {
  it('keep a breached clock on the target and priority it breached under', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z', 'critical'), priority('2026-04-07T10:30:00Z', 'low')],
      t('2026-04-07T11:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'firstResponse')).toMatchObject({
      state: 'breached',
      priority: 'critical',
      targetMs: 15 * MIN,
      breachedAt: t('2026-04-07T10:15:00Z'),
    })
  })

  it('stop reporting a clock whose new priority has no target, until one applies again', () => {
    // Enterprise has no next-response target for "low".
    const events = [
      created('2026-04-07T10:00:00Z', 'high'),
      reply('2026-04-07T10:05:00Z'),
      comment('2026-04-07T10:10:00Z'),
      priority('2026-04-07T10:20:00Z', 'low'),
    ]
    const r = replay(events, t('2026-04-07T12:00:00Z'), enterprise)
    expect(r.clocks.some((c) => c.metric === 'nextResponse')).toBe(false)
    // Back to high at 12:00: 110 minutes elapsed of 60 → breached at the change.
    const back = replay(
      [...events, priority('2026-04-07T12:00:00Z', 'high')],
      t('2026-04-07T12:30:00Z'),
      enterprise,
    )
    expect(clock(back, 'nextResponse')).toMatchObject({
      state: 'breached',
      breachedAt: t('2026-04-07T12:00:00Z'),
    })
  })

  it('start and stop the clocks of a ticket created already solved', () => {
    const r = replay(
      [created('2026-04-07T10:00:00Z', 'critical', { status: 'solved' })],
      t('2026-04-08T10:00:00Z'),
      enterprise,
    )
    for (const c of r.clocks)
      expect(c).toMatchObject({ state: 'met', active: false, stoppedBy: 'solved', elapsedMs: 0 })
    expect(r.status).toBe('solved')
  })
})

describe('next response and periodic update cycles', () => {
  it('times each customer turn from the oldest unanswered comment', () => {
    const r = replay(
      [
        created('2026-04-07T10:00:00Z'),
        reply('2026-04-07T10:10:00Z'),
        comment('2026-04-07T11:00:00Z'),
        comment('2026-04-07T11:05:00Z'),
        note('2026-04-07T11:20:00Z'),
        reply('2026-04-07T11:40:00Z'),
        comment('2026-04-07T12:00:00Z'),
        reply('2026-04-07T12:10:00Z'),
      ],
      t('2026-04-07T13:00:00Z'),
      enterprise,
    )
    expect(clock(r, 'nextResponse', 1)).toMatchObject({
      state: 'breached',
      startedAt: t('2026-04-07T11:00:00Z'),
      breachedAt: t('2026-04-07T11:30:00Z'),
    })
    expect(clock(r, 'nextResponse', 2)).toMatchObject({ state: 'met', elapsedMs: 10 * MIN })
    expect(r.clocks.filter((c) => c.metric === 'nextResponse')).toHaveLength(2)
  })

  it('times updates between public agent replies', () => {
    const r = replay(
      [
        created('2026-04-07T10:00:00Z'),
        reply('2026-04-07T10:10:00Z'),
        reply('2026-04-07T12:00:00Z'),
      ],
      t('2026-04-07T12:30:00Z'),
      enterprise,
    )
    expect(clock(r, 'periodicUpdate', 1)).toMatchObject({
      state: 'breached',
      breachedAt: t('2026-04-07T11:10:00Z'),
    })
    expect(clock(r, 'periodicUpdate', 2)).toMatchObject({
      state: 'running',
      elapsedMs: 30 * MIN,
      dueAt: t('2026-04-07T13:00:00Z'),
    })
  })

  it('drops the zero-length update cycle of a reply sent with the solve', () => {
    const r = replay(
      [
        created('2026-04-07T10:00:00Z'),
        reply('2026-04-07T10:10:00Z'),
        reply('2026-04-07T10:40:00Z'),
        solved('2026-04-07T10:40:00Z'),
      ],
      t('2026-04-07T11:00:00Z'),
      enterprise,
    )
    expect(r.clocks.filter((c) => c.metric === 'periodicUpdate')).toHaveLength(1)
  })
})

describe('contract terms', () => {
  it('use the version in force when the clock started', () => {
    const cut = t('2026-04-01T00:00:00Z')
    const v1 = contractOf(ENTERPRISE, { until: cut })
    const faster: ContractProfile = {
      ...ENTERPRISE,
      targets: {
        ...ENTERPRISE.targets,
        firstResponse: { critical: { minutes: 10, basis: 'calendar' } },
      },
    }
    const v2 = contractOf(faster, { from: cut, accountVersion: 1 })
    const before = replay(
      [created('2026-03-31T23:55:00Z'), reply('2026-04-01T00:08:00Z')],
      t('2026-04-01T01:00:00Z'),
      [v1, v2],
    )
    expect(clock(before, 'firstResponse')).toMatchObject({
      state: 'met',
      targetMs: 15 * MIN,
      terms: { accountVersion: 0 },
    })
    const after = replay(
      [created('2026-04-01T00:05:00Z'), reply('2026-04-01T00:18:00Z')],
      t('2026-04-01T01:00:00Z'),
      [v1, v2],
    )
    expect(clock(after, 'firstResponse')).toMatchObject({
      state: 'breached',
      targetMs: 10 * MIN,
      terms: { accountVersion: 1 },
    })
  })

  it('start no clock before the contract begins', () => {
    const r = replay(
      [created('2026-03-31T10:00:00Z')],
      t('2026-04-02T00:00:00Z'),
      contractOf(ENTERPRISE, { from: t('2026-04-01T00:00:00Z') }),
    )
    expect(r.clocks).toHaveLength(0)
  })

  it('apply the after-hours target when the clock starts outside business hours', () => {
    // TAI Mid-Market P0: 1 h in business hours, 4 h after hours.
    const profile: ContractProfile = {
      name: 'Mid-Market',
      calendar: 'ny-business',
      priorities: [{ id: 'p0' }],
      targets: {
        firstResponse: {
          p0: { minutes: 60, basis: 'business', afterHours: { minutes: 240, basis: 'calendar' } },
        },
      },
    }
    const c = contractOf(profile)
    const saturday = replay([created('2026-04-11T14:00:00Z', 'p0')], t('2026-04-11T15:00:00Z'), c)
    expect(clock(saturday, 'firstResponse')).toMatchObject({
      afterHours: true,
      basis: 'calendar',
      targetMs: 240 * MIN,
      dueAt: t('2026-04-11T18:00:00Z'),
    })
    const tuesday = replay([created('2026-04-07T14:00:00Z', 'p0')], t('2026-04-07T14:30:00Z'), c)
    expect(clock(tuesday, 'firstResponse')).toMatchObject({
      afterHours: false,
      basis: 'business',
      targetMs: 60 * MIN,
      dueAt: t('2026-04-07T15:00:00Z'),
    })
  })

  it('use the warning thresholds of the contract (LeadFly alerts at 80%)', () => {
    const c = contractOf({ ...ENTERPRISE, warningThresholds: [80] })
    const r = replay([created('2026-04-07T10:00:00Z')], t('2026-04-07T10:12:00Z'), c)
    expect(clock(r, 'firstResponse')).toMatchObject({
      percentUsed: 80,
      warningLevel: 1,
      warningThreshold: 80,
    })
  })
})
