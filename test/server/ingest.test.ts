/**
 * Ticket ingest: idempotence, order-independence, account mapping, and clocks in every state
 * matching the examples' contracts (hand-computed, and the `evaluate` command's own output).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateScenario, type EvaluationReport } from '@sla-tracker/shared'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  ingestBatch,
  loadExample,
  seedRegistry,
  type Example,
  type ExampleTicket,
} from '../support/registry-fixtures.js'

interface IngestBody {
  tickets: {
    id: number
    accountId: string | null
    accountResolution: string
    storedEvents: number
    duplicateEvents: number
    status: string
    clocks: string
    note?: string
    clockStates: {
      metric: string
      cycle: number
      state: string
      percentUsed: number
      warningLevel: number
      dueAt: string | null
      breachedAt: string | null
      elapsedMinutes: number
    }[]
  }[]
  totals: { tickets: number; storedEvents: number; duplicateEvents: number }
  recomputed: { accounts: string[]; since: string | null }
}

const NOW = '2026-03-18T15:00:00Z'
let t: TestApp
let acme: TestTenant
let five: Example
let report: EvaluationReport

async function ingest(tenant: TestTenant, body: unknown) {
  return t.request('POST', '/api/v1/tickets/events', { token: tenant.adminToken, body })
}

async function storedState(tenantId: string) {
  const db = t.db.db
  const [tickets, events, clocks, states] = await Promise.all([
    db
      .selectFrom('tickets')
      .select(['id', 'account_id', 'status', 'priority', 'created_at', 'updated_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('ticket_events')
      .select(['ticket_id', 'event_key', 'at', 'type', 'data'])
      .where('tenant_id', '=', tenantId)
      .orderBy('ticket_id')
      .orderBy('event_key')
      .execute(),
    db
      .selectFrom('ticket_clocks')
      .select([
        'ticket_id',
        'metric',
        'cycle',
        'state',
        'active',
        'due_at',
        'breached_at',
        'report',
      ])
      .where('tenant_id', '=', tenantId)
      .orderBy('ticket_id')
      .orderBy('metric')
      .orderBy('cycle')
      .execute(),
    db
      .selectFrom('account_states')
      .select(['account_id', 'month', 'budget_status', 'credit_minor', 'flags', 'state'])
      .where('tenant_id', '=', tenantId)
      .orderBy('account_id')
      .orderBy('month')
      .execute(),
  ])
  return { tickets, events, clocks, states }
}

beforeAll(async () => {
  t = await buildTestApp({ now: NOW })
  acme = await t.createTenant('acme')
  five = loadExample('five-tier-support.yaml')
  await seedRegistry(t.db.db, acme.id, five)
  const r = evaluateScenario({ ...five, now: NOW })
  if (!r.ok) throw new Error('the example does not evaluate')
  report = r.value
})
afterAll(async () => t.close())

describe('ingesting the five-tier example', () => {
  it('stores every ticket and returns clocks equal to the evaluate command', async () => {
    const r = await ingest(acme, ingestBatch(five.tickets!))
    expect(r.statusCode).toBe(200)
    const body = r.json<IngestBody>()
    expect(body.totals.tickets).toBe(five.tickets!.length)
    expect(body.totals.duplicateEvents).toBe(0)
    for (const ticket of body.tickets) {
      const expected = report.tickets.find((x) => x.id === String(ticket.id))!
      expect(ticket.clocks).toBe('computed')
      expect(ticket.accountResolution).toBe('account-id')
      expect(ticket.clockStates).toEqual(expected.clocks)
      expect(ticket.status).toBe(expected.status)
    }
  })

  it('has clocks in every state, as computed by hand from the contracts', async () => {
    const r = await t.request('GET', '/api/v1/tickets/5101/sla', { token: acme.readToken })
    expect(r.statusCode).toBe(200)
    const { clocks } = (await storedState(acme.id)).clocks.reduce(
      (acc, c) => {
        acc.clocks.push({ ticket: c.ticket_id, metric: c.metric, state: c.state, report: c.report })
        return acc
      },
      { clocks: [] as { ticket: number; metric: string; state: string; report: any }[] },
    )
    const clock = (ticket: number, metric: string) =>
      clocks.find((c) => c.ticket === ticket && c.metric === metric)!.report
    // Starter, Los Angeles 09:00–18:00: 7.5 of 8 business hours → met at 93.75%.
    expect(clock(5101, 'firstResponse')).toMatchObject({ state: 'met', percentUsed: 93.75 })
    // Mon 09:00 PDT → Wed 08:00 PDT: 9 h + 9 h of 72 business hours, running.
    expect(clock(5101, 'resolution')).toMatchObject({
      state: 'running',
      elapsedMinutes: 1080,
      percentUsed: 25,
      warningLevel: 0,
    })
    // Critical, 4 business hours from Fri 16:00 PDT: 2 h Friday + 2 h Monday → due Mon 11:00 PDT.
    expect(clock(5102, 'firstResponse')).toMatchObject({
      state: 'breached',
      breachedAt: '2026-03-16T18:00:00.000Z',
    })
    // 20 of 24 business hours: 83.33%, past the 80% warning (level 2).
    expect(clock(5102, 'resolution')).toMatchObject({
      state: 'running',
      elapsedMinutes: 1200,
      warningLevel: 2,
      dueAt: '2026-03-18T20:00:00.000Z',
    })
    // Pending pauses resolution after 60 calendar minutes.
    expect(clock(5103, 'resolution')).toMatchObject({
      state: 'paused',
      elapsedMinutes: 60,
      dueAt: null,
    })
    // Pro, 24/7, high: 50 of 60 minutes → due 15:10Z, warning level 2.
    expect(clock(5401, 'firstResponse')).toMatchObject({
      state: 'running',
      elapsedMinutes: 50,
      warningLevel: 2,
      dueAt: '2026-03-18T15:10:00.000Z',
    })
  })

  it('answers the same batch twice with the same state, counting duplicates', async () => {
    const before = await storedState(acme.id)
    const r = await ingest(acme, ingestBatch(five.tickets!))
    expect(r.statusCode).toBe(200)
    const body = r.json<IngestBody>()
    expect(body.totals.storedEvents).toBe(0)
    expect(body.totals.duplicateEvents).toBe(before.events.length)
    expect(body.recomputed.accounts).toEqual([])
    expect(await storedState(acme.id)).toEqual(before)
  })

  it('ignores an event re-delivered alone, even with other content', async () => {
    const before = await storedState(acme.id)
    const r = await ingest(acme, {
      tickets: [
        { id: 5101, events: [{ key: '5101-1', type: 'solved', at: '2026-03-17T10:00:00Z' }] },
      ],
    })
    expect(r.statusCode).toBe(200)
    const body = r.json<IngestBody>()
    expect(body.tickets[0]).toMatchObject({
      storedEvents: 0,
      duplicateEvents: 1,
      accountId: 'pacific-bakery',
      accountResolution: 'unchanged',
    })
    expect(await storedState(acme.id)).toEqual(before)
  })

  it('stores account months equal to the evaluate command', async () => {
    const { states } = await storedState(acme.id)
    for (const a of report.accounts) {
      const s = states.find((x) => x.account_id === a.id && x.month === '2026-03')!
      expect(s, a.id).toBeDefined()
      const state = s.state as any
      expect(state.credit).toEqual(a.credit)
      expect(state.uptime).toEqual(a.uptime)
      expect(state.flags).toEqual(a.flags)
      expect(state.tickets).toEqual(a.tickets)
      expect(s.credit_minor).toBe(a.credit?.totalMinor ?? 0)
    }
  })
})

/** Batches that deliver a ticket's events newest first: each batch one instant of every ticket. */
function reversedBatches(tickets: readonly ExampleTicket[]) {
  const batches: Record<string, unknown>[][] = []
  for (const ticket of tickets) {
    const byInstant = new Map<string, { key: string }[]>()
    ticket.events.forEach((e, i) => {
      const list = byInstant.get(e.at) ?? []
      list.push({ key: `${ticket.id}-${i}`, ...e })
      byInstant.set(e.at, list)
    })
    ;[...byInstant.values()].reverse().forEach((events, k) => {
      ;(batches[k] ??= []).push({ id: Number(ticket.id), accountId: ticket.account, events })
    })
  }
  return batches.map((b) => ({ tickets: b }))
}

describe('delivery order', () => {
  it('ends in the same state when events arrive newest first, across batches', async () => {
    const inOrder = await t.createTenant('in-order')
    const reversed = await t.createTenant('reversed')
    await seedRegistry(t.db.db, inOrder.id, five)
    await seedRegistry(t.db.db, reversed.id, five)
    expect((await ingest(inOrder, ingestBatch(five.tickets!))).statusCode).toBe(200)
    const batches = reversedBatches(five.tickets!)
    expect(batches.length).toBeGreaterThan(3)
    for (const [i, batch] of batches.entries()) {
      const r = await ingest(reversed, batch)
      expect(r.statusCode, r.body).toBe(200)
      if (i === 0) {
        // Only the last events so far: stored, but no clocks until "created" arrives.
        const body = r.json<IngestBody>()
        const multi = body.tickets.find((x) => x.id === 5502)!
        expect(multi).toMatchObject({ clocks: 'incomplete', clockStates: [] })
      }
    }
    const a = await storedState(inOrder.id)
    const b = await storedState(reversed.id)
    expect(b.tickets).toEqual(a.tickets)
    expect(
      b.events.map(({ ticket_id, event_key, at, type, data }) => ({
        ticket_id,
        event_key,
        at,
        type,
        data,
      })),
    ).toEqual(a.events)
    expect(b.clocks).toEqual(a.clocks)
    expect(b.states).toEqual(a.states)
  })

  it('recomputes past months when an old event arrives late', async () => {
    const late = await t.createTenant('late')
    await seedRegistry(t.db.db, late.id, five)
    // A February ticket whose late reply arrives after the March ticket.
    const r1 = await ingest(late, {
      tickets: [
        {
          id: 1,
          accountId: 'himalaya-travel',
          events: [{ key: 'a', type: 'created', at: '2026-02-20T10:00:00Z', priority: 'high' }],
        },
      ],
    })
    expect(r1.json<IngestBody>().recomputed).toEqual({
      accounts: ['himalaya-travel'],
      since: '2026-02-20T10:00:00.000Z',
    })
    const month = async (m: string) =>
      (await storedState(late.id)).states.find((s) => s.month === m)!
    // Unanswered since February: first response (1 h) and resolution (12 h) breached then.
    expect((await month('2026-02')).state).toMatchObject({ tickets: { breachesInPeriod: 2 } })
    const r2 = await ingest(late, {
      tickets: [{ id: 1, events: [{ key: 'b', type: 'agent-reply', at: '2026-02-20T10:30:00Z' }] }],
    })
    expect(r2.statusCode).toBe(200)
    expect(r2.json<IngestBody>().tickets[0]!.clockStates[0]).toMatchObject({
      metric: 'firstResponse',
      state: 'met',
    })
    // The reply came in time: only the resolution breach is left in February.
    expect((await month('2026-02')).state).toMatchObject({ tickets: { breachesInPeriod: 1 } })
  })
})

describe('account mapping', () => {
  it('maps by organization, and stores tickets of unknown ones without clocks', async () => {
    const tai = loadExample('three-tier-tai.yaml')
    const org = await t.createTenant('org-mapping')
    await seedRegistry(t.db.db, org.id, {
      ...tai,
      accounts: tai.accounts.filter((a) => a.id !== 'fabrikam'),
    })
    const orgOf = new Map(tai.accounts.map((a) => [a.id, a.organizationId!]))
    t.clock.now = Date.parse(tai.now)
    try {
      const r = await ingest(
        org,
        ingestBatch(tai.tickets!, (x) => ({ organizationId: orgOf.get(x.account)! })),
      )
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json<IngestBody>()
      const byId = new Map(body.tickets.map((x) => [x.id, x]))
      expect(byId.get(1001)).toMatchObject({
        accountId: 'northwind',
        accountResolution: 'organization',
        clocks: 'computed',
      })
      expect(byId.get(3001)).toMatchObject({
        accountId: null,
        accountResolution: 'unknown-organization',
        clocks: 'no-account',
        clockStates: [],
      })
      expect(byId.get(3001)!.note).toContain('organization 360003 is not mapped')
      // The account mapping organization 360003 arrives: recomputing it attaches its tickets.
      const fabrikam = tai.accounts.find((a) => a.id === 'fabrikam')!
      const { insertAccount, bumpRevision } = await import('../support/registry-fixtures.js')
      await insertAccount(t.db.db, org.id, fabrikam)
      await bumpRevision(t.db.db, org.id)
      const { recomputeAccounts } =
        await import('../../server/src/features/compute/recompute.service.js')
      await recomputeAccounts(t.db.db, {
        tenantId: org.id,
        accountIds: ['fabrikam'],
        now: t.clock.now,
      })
      const sla = await t.request('GET', '/api/v1/tickets/3003/sla', { token: org.readToken })
      expect(sla.json()).toMatchObject({
        account: { id: 'fabrikam', tier: 'starter', organizationId: 360003 },
        clocksStatus: 'computed',
      })
    } finally {
      t.clock.now = Date.parse(NOW)
    }
  })

  it('says so for an unknown account id, and keeps a mapping when a batch gives none', async () => {
    const r = await ingest(acme, {
      tickets: [
        {
          id: 777,
          accountId: 'nobody',
          events: [{ key: 'c', type: 'created', at: '2026-03-18T10:00:00Z' }],
        },
        {
          id: 5202,
          events: [{ key: 'new-note', type: 'internal-note', at: '2026-03-18T14:00:00Z' }],
        },
      ],
    })
    expect(r.statusCode).toBe(200)
    const [unknown, kept] = r.json<IngestBody>().tickets
    expect(unknown).toMatchObject({
      accountId: null,
      accountResolution: 'unknown-account',
      clocks: 'no-account',
      storedEvents: 1,
    })
    expect(kept).toMatchObject({
      accountId: 'thames-analytics',
      accountResolution: 'unchanged',
      clocks: 'computed',
      storedEvents: 1,
    })
  })

  it('accepts an event slightly ahead of the service clock, replaying up to it', async () => {
    const r = await ingest(acme, {
      tickets: [
        {
          id: 778,
          accountId: 'himalaya-travel',
          events: [
            { key: 'c', type: 'created', at: '2026-03-18T14:30:00Z', priority: 'high' },
            { key: 'r', type: 'agent-reply', at: '2026-03-18T15:00:30Z' },
          ],
        },
      ],
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json<IngestBody>().tickets[0]!.clockStates[0]).toMatchObject({
      metric: 'firstResponse',
      state: 'met',
      elapsedMinutes: 30.5,
    })
  })

  it('moves a ticket between accounts and recomputes both', async () => {
    const r = await ingest(acme, {
      tickets: [{ id: 777, accountId: 'harbour-bank', events: [] }],
    })
    expect(r.statusCode).toBe(200)
    expect(r.json<IngestBody>().tickets[0]).toMatchObject({
      accountId: 'harbour-bank',
      clocks: 'computed',
    })
    expect(r.json<IngestBody>().recomputed.accounts).toEqual(['harbour-bank'])
    const back = await ingest(acme, {
      tickets: [{ id: 777, accountId: 'mumbai-retail', events: [] }],
    })
    expect(back.json<IngestBody>().recomputed.accounts).toEqual(['harbour-bank', 'mumbai-retail'])
    const clocks = await t.db.db
      .selectFrom('ticket_clocks')
      .select('account_id')
      .where('tenant_id', '=', acme.id)
      .where('ticket_id', '=', 777)
      .execute()
    expect(clocks.length).toBeGreaterThan(0)
    expect(new Set(clocks.map((c) => c.account_id))).toEqual(new Set(['mumbai-retail']))
  })
})

describe('bad batches', () => {
  const issuesOf = (r: { json: <T>() => T }) =>
    r.json<{ error: { code: string; details: { issues: { path: string; rule: string }[] } } }>()
      .error

  it('refuses a batch with a malformed ticket, naming every problem, and stores nothing', async () => {
    const before = await storedState(acme.id)
    const r = await ingest(acme, {
      tickets: [
        {
          id: 9001,
          accountId: 'harbour-bank',
          events: [{ key: 'ok', type: 'created', at: '2026-03-18T10:00:00Z' }],
        },
        {
          id: 9002,
          accountId: 'harbour-bank',
          events: [
            { key: 'a', type: 'created', at: '2026-03-18T10:00:00Z', priority: 7 },
            { key: 'b', type: 'teleported', at: '2026-03-18T10:00:00Z' },
            { key: 'c', type: 'agent-reply', at: 'yesterday' },
            { type: 'solved', at: '2026-03-18T10:00:00Z' },
            { key: 'd', type: 'solved', at: '2026-03-18T10:00:00Z', extra: true },
          ],
        },
      ],
    })
    expect(r.statusCode).toBe(400)
    const error = issuesOf(r)
    expect(error.code).toBe('INVALID_INPUT')
    const paths = error.details.issues.map((i) => i.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'tickets[1].events[0].priority',
        'tickets[1].events[1]',
        'tickets[1].events[2].at',
        'tickets[1].events[3]',
        'tickets[1].events[4]',
      ]),
    )
    expect(await storedState(acme.id)).toEqual(before)
  })

  it('refuses semantic problems with their paths: duplicates, future, order', async () => {
    const before = await storedState(acme.id)
    const cases: [unknown, string, string][] = [
      [
        {
          tickets: [
            { id: 1, events: [] },
            { id: 1, events: [] },
          ],
        },
        'tickets[1].id',
        'unique',
      ],
      [
        {
          tickets: [
            {
              id: 1,
              events: [
                { key: 'k', type: 'created', at: '2026-03-18T10:00:00Z' },
                { key: 'k', type: 'solved', at: '2026-03-18T11:00:00Z' },
              ],
            },
          ],
        },
        'tickets[0].events[1].key',
        'unique',
      ],
      [
        {
          tickets: [{ id: 1, events: [{ key: 'k', type: 'created', at: '2026-03-19T10:00:00Z' }] }],
        },
        'tickets[0].events[0].at',
        'future',
      ],
      [
        {
          tickets: [{ id: 1, events: [{ key: 'k', type: 'created', at: '2026-02-30T10:00:00Z' }] }],
        },
        'tickets[0].events[0].at',
        'instant',
      ],
      [
        // Ticket 5101 was created on 16 March: a second "created" is refused.
        {
          tickets: [
            { id: 5101, events: [{ key: 'again', type: 'created', at: '2026-03-17T10:00:00Z' }] },
          ],
        },
        'tickets[0].events[0].type',
        'order',
      ],
      [
        {
          tickets: [
            {
              id: 5101,
              events: [{ key: 'early', type: 'agent-reply', at: '2026-03-01T10:00:00Z' }],
            },
          ],
        },
        'tickets[0].events[0].at',
        'order',
      ],
    ]
    for (const [body, path, rule] of cases) {
      const r = await ingest(acme, body)
      expect(r.statusCode, JSON.stringify(body)).toBe(400)
      expect(issuesOf(r).details.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ path, rule })]),
      )
    }
    expect(await storedState(acme.id)).toEqual(before)
  })
})
