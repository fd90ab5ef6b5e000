import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateScenario } from './evaluate.js'

/** A small valid scenario; each test breaks one thing. */
function base(): Record<string, unknown> {
  return {
    name: 'Bad-input matrix',
    now: '2026-03-20T20:00:00Z',
    period: '2026-03',
    calendars: [
      {
        id: 'biz',
        timeZone: 'America/New_York',
        hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
      },
    ],
    tiers: [
      {
        id: 'gold',
        versions: [
          {
            profile: {
              name: 'Gold',
              calendar: 'biz',
              priorities: [{ id: 'high', aliases: ['urgent'] }, { id: 'low' }],
              targets: {
                firstResponse: {
                  high: { minutes: 60, basis: 'business' },
                  low: { minutes: 480, basis: 'business' },
                },
                resolution: { high: { minutes: 480, basis: 'calendar' } },
              },
              uptime: { commitments: [{ id: 'platform', components: ['platform'], target: 99.9 }] },
              credits: {
                schedules: [
                  {
                    id: 'up',
                    kind: 'uptime-linear',
                    commitment: 'platform',
                    per: 0.1,
                    credit: { percent: 5 },
                    partialStep: 'prorate',
                  },
                ],
              },
            },
          },
        ],
      },
    ],
    accounts: [
      {
        id: 'acme',
        name: 'Acme',
        timeZone: 'America/New_York',
        components: ['platform'],
        contracts: [{ tier: 'gold', monthlyFee: { amountMinor: 100000, currency: 'USD' } }],
      },
    ],
    tickets: [
      {
        id: 1,
        account: 'acme',
        events: [
          { type: 'created', at: '2026-03-16T14:00:00Z', priority: 'urgent' },
          { type: 'agent-reply', at: '2026-03-16T14:30:00Z' },
        ],
      },
    ],
    incidents: [
      {
        id: 'i1',
        components: ['platform'],
        impact: 'major',
        start: '2026-03-10T10:00:00Z',
        end: '2026-03-10T11:00:00Z',
      },
    ],
    maintenance: [
      {
        id: 'm1',
        components: ['platform'],
        start: '2026-03-14T02:00:00Z',
        end: '2026-03-14T03:00:00Z',
        announcedAt: null,
      },
    ],
  }
}

type Mutation = (s: Record<string, any>) => void

function problems(mutate: Mutation) {
  const s = base()
  mutate(s)
  const r = evaluateScenario(s)
  if (r.ok) throw new Error('expected the scenario to be rejected')
  return r.issues
}

describe('a valid scenario', () => {
  it('evaluates', () => {
    const r = evaluateScenario(base())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.tickets[0]!.clocks.map((c) => [c.metric, c.state])).toEqual([
      ['firstResponse', 'met'],
      ['resolution', 'breached'],
    ])
    // 60 + 60 (unannounced maintenance) minutes in a 31-day month (one hour short in New York).
    expect(r.value.accounts[0]!.uptime[0]!.downtimeMinutes).toBe(120)
  })
})

describe('bad input is rejected with every problem named by path and rule', () => {
  const cases: [string, Mutation, { path: string; rule: string }[]][] = [
    ['a malformed instant', (s) => (s.now = 'tomorrow'), [{ path: 'now', rule: 'pattern' }]],
    [
      'an impossible date',
      (s) => (s.now = '2026-02-30T10:00:00Z'),
      [{ path: 'now', rule: 'instant' }],
    ],
    ['an unknown top-level field', (s) => (s.extra = 1), [{ path: '', rule: 'unknown-field' }]],
    ['a missing list', (s) => delete s.accounts, [{ path: '', rule: 'required' }]],
    [
      'an unknown time zone in a calendar',
      (s) => (s.calendars[0].timeZone = 'Europe/Atlantis'),
      [{ path: 'calendars[0].timeZone', rule: 'time-zone' }],
    ],
    [
      'a time of day out of range',
      (s) => (s.calendars[0].hours[0].end = '25:00'),
      [{ path: 'calendars[0].hours[0].end', rule: 'pattern' }],
    ],
    [
      'an empty interval',
      (s) => (s.calendars[0].hours[0].end = '09:00'),
      [{ path: 'calendars[0].hours[0]', rule: 'interval' }],
    ],
    [
      'a holiday range ending before it starts',
      (s) => (s.calendars[0].holidays = [{ date: '2026-12-25', until: '2026-12-24' }]),
      [{ path: 'calendars[0].holidays[0].until', rule: 'range' }],
    ],
    [
      'a profile referring to an unknown calendar',
      (s) => (s.tiers[0].versions[0].profile.calendar = 'nope'),
      [{ path: 'tiers[0].versions[0].profile.calendar', rule: 'reference' }],
    ],
    [
      'a negative target',
      (s) => (s.tiers[0].versions[0].profile.targets.firstResponse.high.minutes = -5),
      [{ path: 'tiers[0].versions[0].profile.targets.firstResponse.high.minutes', rule: 'range' }],
    ],
    [
      'a target for an unknown priority',
      (s) =>
        (s.tiers[0].versions[0].profile.targets.resolution.p9 = { minutes: 5, basis: 'calendar' }),
      [{ path: 'tiers[0].versions[0].profile.targets.resolution.p9', rule: 'reference' }],
    ],
    [
      'an uptime target of 100%',
      (s) => (s.tiers[0].versions[0].profile.uptime.commitments[0].target = 100),
      [{ path: 'tiers[0].versions[0].profile.uptime.commitments[0].target', rule: 'range' }],
    ],
    [
      'an unknown credit kind',
      (s) => (s.tiers[0].versions[0].profile.credits.schedules[0].kind = 'per-fortnight'),
      [{ path: 'tiers[0].versions[0].profile.credits.schedules[0]', rule: 'one-of' }],
    ],
    [
      'a credit schedule field of the wrong type',
      (s) => (s.tiers[0].versions[0].profile.credits.schedules[0].partialStep = 'round'),
      [{ path: 'tiers[0].versions[0].profile.credits.schedules[0].partialStep', rule: 'one-of' }],
    ],
    [
      'a schedule on an unknown commitment',
      (s) => (s.tiers[0].versions[0].profile.credits.schedules[0].commitment = 'api'),
      [{ path: 'tiers[0].versions[0].profile.credits.schedules[0].commitment', rule: 'reference' }],
    ],
    [
      'an unknown tier',
      (s) => (s.accounts[0].contracts[0].tier = 'platinum'),
      [{ path: 'accounts[0].contracts[0].tier', rule: 'reference' }],
    ],
    [
      'an unknown currency',
      (s) => (s.accounts[0].contracts[0].monthlyFee.currency = 'XYZ'),
      [{ path: 'accounts[0].contracts[0].monthlyFee.currency', rule: 'currency' }],
    ],
    [
      'a fractional amount of money',
      (s) => (s.accounts[0].contracts[0].monthlyFee.amountMinor = 12.5),
      [{ path: 'accounts[0].contracts[0].monthlyFee.amountMinor', rule: 'type' }],
    ],
    [
      'contract versions out of order',
      (s) =>
        s.accounts[0].contracts.push(
          {
            effectiveFrom: '2026-01-01',
            tier: 'gold',
            monthlyFee: { amountMinor: 1, currency: 'USD' },
          },
          {
            effectiveFrom: '2025-01-01',
            tier: 'gold',
            monthlyFee: { amountMinor: 1, currency: 'USD' },
          },
        ),
      [{ path: 'accounts[0].contracts[2].effectiveFrom', rule: 'order' }],
    ],
    [
      'an override that breaks the merged profile',
      (s) => (s.accounts[0].contracts[0].overrides = { defaultPriority: 'urgent-ish' }),
      [{ path: 'accounts[0].contracts[0].overrides.defaultPriority', rule: 'reference' }],
    ],
    [
      'duplicate account ids',
      (s) => s.accounts.push({ ...s.accounts[0] }),
      [{ path: 'accounts[1].id', rule: 'unique' }],
    ],
    [
      'a ticket of an unknown account',
      (s) => (s.tickets[0].account = 'globex'),
      [{ path: 'tickets[0].account', rule: 'reference' }],
    ],
    [
      'events out of order',
      (s) => (s.tickets[0].events[1].at = '2026-03-16T13:00:00Z'),
      [{ path: 'tickets[0].events[1].at', rule: 'order' }],
    ],
    [
      'a ticket not starting with created',
      (s) => s.tickets[0].events.reverse(),
      [{ path: 'tickets[0].events[0].type', rule: 'order' }],
    ],
    [
      'an event after now',
      (s) => (s.tickets[0].events[1].at = '2026-03-21T00:00:00Z'),
      [{ path: 'tickets[0].events[1].at', rule: 'future' }],
    ],
    [
      'an unknown event type',
      (s) => (s.tickets[0].events[1].type = 'phone-call'),
      [{ path: 'tickets[0].events[1]', rule: 'one-of' }],
    ],
    [
      'an unknown status',
      (s) =>
        s.tickets[0].events.push({
          type: 'status-changed',
          at: '2026-03-17T00:00:00Z',
          status: 'waiting',
        }),
      [{ path: 'tickets[0].events[2].status', rule: 'one-of' }],
    ],
    [
      'an incident with a negative duration',
      (s) => (s.incidents[0].end = '2026-03-10T09:00:00Z'),
      [{ path: 'incidents[0].end', rule: 'order' }],
    ],
    [
      'an incident with an unknown impact',
      (s) => (s.incidents[0].impact = 'catastrophic'),
      [{ path: 'incidents[0].impact', rule: 'one-of' }],
    ],
    [
      'a zero-length maintenance',
      (s) => (s.maintenance[0].end = s.maintenance[0].start),
      [{ path: 'maintenance[0].end', rule: 'order' }],
    ],
    [
      'an error rate above 100%',
      (s) => (s.incidents[0].errorRatePercent = 150),
      [{ path: 'incidents[0].errorRatePercent', rule: 'range' }],
    ],
  ]
  for (const [name, mutate, expected] of cases) {
    it(`rejects ${name}`, () => {
      const issues = problems(mutate)
      for (const e of expected) expect(issues).toContainEqual(expect.objectContaining(e))
      for (const i of issues) expect(i.message.length).toBeGreaterThan(5)
    })
  }

  it('reports problems of independent parts together', () => {
    const issues = problems((s) => {
      s.calendars[0].timeZone = 'Nowhere/Special'
      s.incidents[0].impact = 'catastrophic'
      s.tickets[0].events[1].at = '2026-03-16T13:00:00Z'
    })
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'calendars[0].timeZone',
        'incidents[0].impact',
        'tickets[0].events[1].at',
      ]),
    )
  })

  it('rejects input that is not an object', () => {
    for (const v of [null, 42, 'scenario', [], true]) {
      const r = evaluateScenario(v)
      expect(r.ok).toBe(false)
    }
  })

  it('never throws, whatever is put anywhere in a scenario', () => {
    const paths = [
      ['now'],
      ['period'],
      ['calendars', 0, 'hours'],
      ['calendars', 0, 'holidays'],
      ['tiers', 0, 'versions', 0, 'profile', 'targets'],
      ['tiers', 0, 'versions', 0, 'profile', 'uptime'],
      ['tiers', 0, 'versions', 0, 'profile', 'credits', 'schedules', 0],
      ['tiers', 0, 'versions', 0, 'effectiveFrom'],
      ['accounts', 0, 'contracts', 0, 'overrides'],
      ['accounts', 0, 'contracts', 0, 'effectiveFrom'],
      ['accounts', 0, 'timeZone'],
      ['tickets', 0, 'events', 1],
      ['tickets', 0, 'id'],
      ['incidents', 0, 'end'],
      ['maintenance', 0, 'announcedAt'],
    ] as const
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const s = base()
        let node: any = s
        for (const k of path.slice(0, -1)) node = node[k]
        node[path[path.length - 1]!] = value
        const r = evaluateScenario(s)
        if (!r.ok) for (const i of r.issues) expect(typeof i.path).toBe('string')
      }),
      { numRuns: 400 },
    )
  })
})

describe('credits across months', () => {
  /** First response 60 calendar minutes; 2% per hour late and 5% per miss. */
  function lateReplyScenario(period: string, now: string): Record<string, unknown> {
    const s = base()
    const profile = (s.tiers as any)[0].versions[0].profile
    profile.targets = { firstResponse: { high: { minutes: 60, basis: 'calendar' } } }
    profile.credits = {
      schedules: [
        {
          id: 'late',
          kind: 'per-hour-delay',
          metrics: ['firstResponse'],
          credit: { percent: 2 },
          basis: 'calendar',
          partialHour: 'prorate',
        },
        { id: 'miss', kind: 'per-miss', perMiss: { firstResponse: { percent: 5 } } },
      ],
    }
    s.now = now
    s.period = period
    // Created 31 March 21:00 New York; due 22:00; answered 1 April 03:00 New York (5 h late,
    // 2 h of it in March).
    s.tickets = [
      {
        id: 7,
        account: 'acme',
        events: [
          { type: 'created', at: '2026-04-01T01:00:00Z', priority: 'high' },
          { type: 'agent-reply', at: '2026-04-01T07:00:00Z' },
        ],
      },
    ]
    return s
  }
  const schedule = (s: Record<string, unknown>, id: string) => {
    const r = evaluateScenario(s)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    return r.value.accounts[0]!.credit!.schedules.find((x) => x.scheduleId === id)!
  }

  it('credit the delay to the month it falls in, so a closed month does not change', () => {
    // March: 2 h late (22:00–24:00 New York) × 2% of $1,000 = $40, and the miss itself: 5% = $50.
    const beforeReply = lateReplyScenario('2026-03', '2026-04-01T06:00:00Z')
    ;(beforeReply.tickets as any)[0].events.pop()
    expect(schedule(beforeReply, 'late').amountMinor).toBe(4_000)
    expect(schedule(lateReplyScenario('2026-03', '2026-04-02T00:00:00Z'), 'late').amountMinor).toBe(
      4_000,
    )
    expect(schedule(lateReplyScenario('2026-03', '2026-04-02T00:00:00Z'), 'miss').amountMinor).toBe(
      5_000,
    )
    // April: the remaining 3 h (00:00–03:00) × 2% = $60; the miss is not counted again.
    expect(schedule(lateReplyScenario('2026-04', '2026-04-02T00:00:00Z'), 'late').amountMinor).toBe(
      6_000,
    )
    expect(schedule(lateReplyScenario('2026-04', '2026-04-02T00:00:00Z'), 'miss').amountMinor).toBe(
      0,
    )
  })
})
