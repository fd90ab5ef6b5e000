/**
 * The reads: the ticket sidebar (live clocks, risk, the account's month, running incidents) for
 * the Zendesk app's JWT and for API tokens; account detail; the portfolio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateScenario } from '@sla-tracker/shared'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  bumpRevision,
  ingestBatch,
  loadExample,
  seedRegistry,
  type Example,
} from '../support/registry-fixtures.js'

const MARCH = Date.parse('2026-03-18T15:00:00Z')
const MAY = Date.parse('2026-05-02T09:00:00Z')
const MIN = 60_000

let t: TestApp
let acme: TestTenant
let leadfly: TestTenant
let five: Example

interface Sidebar {
  asOf: string
  ticket: { id: number; status: string; priority: string | null } | null
  account: { id: string; name: string; tier: string | null; organizationId: number | null } | null
  clocksStatus: string
  clocks: {
    metric: string
    state: string
    elapsedMinutes: number
    percentUsed: number
    warningLevel: number
    dueAt: string | null
    breachedAt: string | null
    dueInMinutes: number | null
    overdueMinutes: number | null
    risk: string
    reason: string | null
  }[]
  risk: { level: string; reasons: string[] }
  month: {
    month: string
    stale: boolean
    staleReasons: string[]
    staleCodes: string[]
    flags: string[]
    uptime: unknown[]
    credit: { totalMinor: number; currency: string; schedules: { steps: string[] }[] } | null
  } | null
  outages: { kind: string; id: string; minutesSinceStart: number }[]
}

const sidebar = async (id: number, token: string, query = '') => {
  const r = await t.request('GET', `/api/v1/tickets/${id}/sla${query}`, { token })
  expect(r.statusCode, r.body).toBe(200)
  return r.json<Sidebar>()
}
const clock = (s: Sidebar, metric: string) => s.clocks.find((c) => c.metric === metric)!

beforeAll(async () => {
  t = await buildTestApp({ now: new Date(MARCH).toISOString() })
  acme = await t.createTenant('acme')
  leadfly = await t.createTenant('leadfly')
  five = loadExample('five-tier-support.yaml')
  await seedRegistry(t.db.db, acme.id, five)
  const r = await t.request('POST', '/api/v1/tickets/events', {
    token: acme.adminToken,
    body: ingestBatch(five.tickets!),
  })
  expect(r.statusCode).toBe(200)

  const uptime = loadExample('uptime-credits.yaml')
  await seedRegistry(t.db.db, leadfly.id, uptime)
  t.clock.now = MAY
  for (const x of uptime.incidents!)
    expect(
      (await t.request('POST', '/api/v1/incidents', { token: leadfly.adminToken, body: x }))
        .statusCode,
    ).toBe(201)
  for (const x of uptime.maintenance!)
    expect(
      (await t.request('POST', '/api/v1/maintenance', { token: leadfly.adminToken, body: x }))
        .statusCode,
    ).toBe(201)
  t.clock.now = MARCH
})
afterAll(async () => t.close())

describe('the ticket sidebar', () => {
  it('answers the Zendesk app (JWT) and API tokens alike', async () => {
    const viaJwt = await sidebar(5401, t.jwt(acme))
    const viaToken = await sidebar(5401, acme.readToken)
    const viaAdmin = await sidebar(5401, acme.adminToken)
    expect(viaJwt).toEqual(viaToken)
    expect(viaAdmin).toEqual(viaToken)
    expect(viaJwt).toMatchObject({
      ticket: { id: 5401, status: 'new', priority: 'high' },
      account: { id: 'himalaya-travel', name: 'Himalaya Travel', tier: 'pro' },
      clocksStatus: 'computed',
    })
  })

  it('shows breach risk with its reasons, and moves the clocks with the service clock', async () => {
    // Pro, high: first response 60 calendar minutes from 14:10; at 15:00, 50 used.
    let s = await sidebar(5401, acme.readToken)
    expect(clock(s, 'firstResponse')).toMatchObject({
      state: 'running',
      elapsedMinutes: 50,
      warningLevel: 2,
      dueAt: '2026-03-18T15:10:00.000Z',
      dueInMinutes: 10,
      risk: 'at-risk',
      reason: 'First response due in 10 min (83% used)',
    })
    expect(s.risk.level).toBe('at-risk')
    expect(s.risk.reasons[0]).toBe('First response due in 10 min (83% used)')

    t.clock.now = MARCH + 25 * MIN
    try {
      s = await sidebar(5401, acme.readToken)
      expect(clock(s, 'firstResponse')).toMatchObject({
        state: 'breached',
        breachedAt: '2026-03-18T15:10:00.000Z',
        elapsedMinutes: 75,
        overdueMinutes: 15,
        risk: 'breached',
        reason: 'First response breached 15 min ago (due 2026-03-18T15:10:00.000Z)',
      })
      expect(s.risk.level).toBe('breached')
      // The stored clock is as of the last replay: unchanged by a read.
      const stored = await t.db.db
        .selectFrom('ticket_clocks')
        .select(['state', 'breached_at'])
        .where('tenant_id', '=', acme.id)
        .where('ticket_id', '=', 5401)
        .where('metric', '=', 'firstResponse')
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({ state: 'running', breached_at: null })
    } finally {
      t.clock.now = MARCH
    }
  })

  it('counts business time live: hours outside the calendar do not count', async () => {
    // Starter, Los Angeles 09:00–18:00. At Wed 08:00 PDT resolution has 18 business hours.
    expect(clock(await sidebar(5101, acme.readToken), 'resolution')).toMatchObject({
      elapsedMinutes: 1080,
    })
    // Wed 10:30 PDT: 90 more business minutes, not 150 wall-clock ones.
    t.clock.now = Date.parse('2026-03-18T17:30:00Z')
    try {
      expect(clock(await sidebar(5101, acme.readToken), 'resolution')).toMatchObject({
        state: 'running',
        elapsedMinutes: 1170,
      })
      // 5102's critical resolution: 24 business hours, due Wed 13:00 PDT; 21.5 h used → 90%.
      const r = clock(await sidebar(5102, acme.readToken), 'resolution')
      expect(r).toMatchObject({ dueAt: '2026-03-18T20:00:00.000Z', risk: 'at-risk' })
      expect(r.reason).toBe('Resolution due in 2 h 30 min (90% used)')
    } finally {
      t.clock.now = MARCH
    }
  })

  it("shows the account's stored month and says when it is stale", async () => {
    const s = await sidebar(5102, acme.readToken)
    const expected = evaluateScenario({ ...five, now: new Date(MARCH).toISOString() })
    if (!expected.ok) throw new Error('example')
    const pacific = expected.value.accounts.find((a) => a.id === 'pacific-bakery')!
    expect(s.month).toMatchObject({
      month: '2026-03',
      stale: false,
      staleReasons: [],
      staleCodes: [],
    })
    // The sidebar carries the credit's total and each schedule's amount and steps (the account
    // detail has the rest: inputs and the explanation).
    const credit = pacific.credit!
    expect(s.month!.credit).toMatchObject({
      totalMinor: credit.totalMinor,
      currency: credit.currency,
      onRequestMinor: credit.onRequestMinor,
      claimLastDate: credit.claimLastDate,
      schedules: credit.schedules.map((x) => ({
        scheduleId: x.scheduleId,
        amountMinor: x.amountMinor,
        steps: x.steps,
      })),
    })
    expect(s.month!.flags).toEqual(pacific.flags)

    t.clock.now = Date.parse('2026-04-01T12:00:00Z')
    try {
      const april = await sidebar(5102, acme.readToken)
      expect(april.month).toMatchObject({
        month: '2026-03',
        stale: true,
        staleReasons: ['no state for 2026-04 yet: this is 2026-03'],
        staleCodes: ['other-month'],
      })
    } finally {
      t.clock.now = MARCH
    }
    await bumpRevision(t.db.db, acme.id)
    const changed = await sidebar(5102, acme.readToken)
    expect(changed.month!.staleReasons).toEqual(['contracts changed since it was computed'])
    expect(changed.month!.staleCodes).toEqual(['contracts-changed'])
  })

  it('lists the incidents running on the account, with the time since they started', async () => {
    const r = await t.request('POST', '/api/v1/incidents', {
      token: acme.adminToken,
      body: {
        id: 'api-down',
        components: ['api'],
        impact: 'major',
        start: new Date(MARCH - 42 * MIN).toISOString(),
      },
    })
    expect(r.statusCode).toBe(201)
    const thames = await sidebar(5202, acme.readToken)
    expect(thames.outages).toEqual([
      expect.objectContaining({ kind: 'incident', id: 'api-down', minutesSinceStart: 42 }),
    ])
    // Pacific Bakery does not use the API.
    expect((await sidebar(5101, acme.readToken)).outages).toEqual([])
  })

  it('answers for a ticket not synced yet by its organization, and 404 otherwise', async () => {
    await t.db.db
      .updateTable('accounts')
      .set({ organization_id: 4242 })
      .where('tenant_id', '=', acme.id)
      .where('id', '=', 'harbour-bank')
      .execute()
    const s = await sidebar(999_999, t.jwt(acme), '?organizationId=4242')
    expect(s).toMatchObject({
      ticket: null,
      account: { id: 'harbour-bank', tier: 'enterprise', organizationId: 4242 },
      clocksStatus: 'no-ticket',
      clocks: [],
      month: { month: '2026-03' },
    })
    for (const url of [
      '/api/v1/tickets/999999/sla',
      '/api/v1/tickets/999999/sla?organizationId=1',
    ]) {
      const r = await t.request('GET', url, { token: acme.readToken })
      expect(r.statusCode).toBe(404)
      expect(r.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND')
    }
  })
})

describe('account detail', () => {
  it('shows the contract in force, the months, credits and paginated breaches', async () => {
    const r = await t.request('GET', '/api/v1/accounts/harbour-bank/sla?limit=1', {
      token: t.jwt(acme),
    })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json<any>()
    expect(body.contract).toEqual({
      tier: 'enterprise',
      accountVersion: 0,
      tierVersion: 0,
      effectiveFrom: null,
      until: null,
      monthlyFee: { amountMinor: 4_000_000, currency: 'USD' },
      componentFees: {},
    })
    expect(body.months.map((m: any) => m.month)).toEqual(['2026-03'])
    expect(body.credits).toEqual([
      expect.objectContaining({ month: '2026-03', currency: 'USD', onRequestMinor: 33_333 }),
    ])
    // Newest breach first: resolution at 04:00, then first response at 02:15.
    expect(body.breaches.items).toEqual([
      expect.objectContaining({
        ticketId: 5502,
        metric: 'resolution',
        breachedAt: '2026-03-11T04:00:00.000Z',
      }),
    ])
    const next = await t.request(
      'GET',
      `/api/v1/accounts/harbour-bank/sla?limit=1&cursor=${body.breaches.next}`,
      { token: acme.readToken },
    )
    expect(next.json<any>().breaches.items).toEqual([
      expect.objectContaining({
        ticketId: 5502,
        metric: 'firstResponse',
        breachedAt: '2026-03-11T02:15:00.000Z',
      }),
    ])
    const last = await t.request(
      'GET',
      `/api/v1/accounts/harbour-bank/sla?limit=1&cursor=${next.json<any>().breaches.next}`,
      { token: acme.readToken },
    )
    expect(last.json<any>().breaches).toEqual({ items: [], next: null })
  })

  it('counts a running clock past its due instant as breached before any recomputation', async () => {
    t.clock.now = MARCH + 30 * MIN
    try {
      const r = await t.request('GET', '/api/v1/accounts/himalaya-travel/sla', {
        token: acme.readToken,
      })
      expect(r.json<any>().breaches.items).toEqual([
        expect.objectContaining({
          ticketId: 5401,
          metric: 'firstResponse',
          active: true,
          breachedAt: '2026-03-18T15:10:00.000Z',
        }),
      ])
    } finally {
      t.clock.now = MARCH
    }
  })

  it('is 404 for an unknown account', async () => {
    const r = await t.request('GET', '/api/v1/accounts/nobody/sla', { token: acme.readToken })
    expect(r.statusCode).toBe(404)
  })
})

describe('the portfolio', () => {
  const get = async (tenant: TestTenant, q = '') => {
    const r = await t.request('GET', `/api/v1/portfolio${q}`, { token: tenant.readToken })
    expect(r.statusCode, r.body).toBe(200)
    return r.json<any>()
  }

  it('lists accounts by credit exposure with live clock counts and totals per tier', async () => {
    const p = await get(acme)
    const expected = evaluateScenario({ ...five, now: new Date(MARCH).toISOString() })
    if (!expected.ok) throw new Error('example')
    const order = [...expected.value.accounts]
      .sort(
        (a, b) =>
          (b.credit?.totalMinor ?? 0) - (a.credit?.totalMinor ?? 0) || (a.id < b.id ? -1 : 1),
      )
      .map((a) => a.id)
    expect(p.items.map((i: any) => i.account.id)).toEqual(order)
    expect(p.items[0]).toMatchObject({
      account: { id: 'harbour-bank', name: 'Harbour Bank' },
      month: '2026-03',
      tier: 'enterprise',
      creditMinor: 33_333,
      currency: 'USD',
    })
    const pacific = p.items.find((i: any) => i.account.id === 'pacific-bakery')
    // 5102: its breached first response has stopped; its resolution is at 83%.
    expect(pacific.clocks).toEqual({ breached: 0, atRisk: 1 })
    const himalaya = p.items.find((i: any) => i.account.id === 'himalaya-travel')
    expect(himalaya.clocks).toEqual({ breached: 0, atRisk: 1 })
    expect(p.totals.tiers).toHaveLength(5)
    expect(p.totals.tiers.find((x: any) => x.tier === 'enterprise')).toEqual({
      tier: 'enterprise',
      accounts: 1,
      approaching: 0,
      breached: 0,
      withBreachedClocks: 0,
      withClocksAtRisk: 0,
      credit: { USD: 33_333 },
    })
    expect(p.totals.accountsWithoutState).toBe(0)

    // Half an hour later, 5401's first response is past due: counted live as breached.
    t.clock.now = MARCH + 30 * MIN
    try {
      const later = await get(acme)
      expect(later.items.find((i: any) => i.account.id === 'himalaya-travel').clocks).toEqual({
        breached: 1,
        atRisk: 0,
      })
    } finally {
      t.clock.now = MARCH
    }
  })

  it('filters by tier, flag, budget and month', async () => {
    expect((await get(acme, '?tier=growth')).items.map((i: any) => i.account.id)).toEqual([
      'thames-analytics',
    ])
    expect(
      (await get(acme, '?flag=clock-at-risk&sort=name')).items.map((i: any) => i.account.id),
    ).toEqual(['himalaya-travel', 'pacific-bakery'])
    expect((await get(acme, '?month=2026-02')).items).toEqual([])
    expect((await get(acme, '?month=2026-02')).totals.accountsWithoutState).toBe(5)

    t.clock.now = MAY
    try {
      const april = await get(leadfly, '?month=2026-04&sort=budget')
      const used: number[] = april.items.map((i: any) => Number(i.worstBudgetPercent))
      expect(used).toEqual([...used].sort((a, b) => b - a))
      expect(used[0]).toBeGreaterThan(used[2]!)
      expect(april.items.map((i: any) => i.budgetStatus)).toEqual([
        'breached',
        'breached',
        'breached',
      ])
      expect(
        (await get(leadfly, '?month=2026-04&tier=storage-sla')).items.map((i: any) => i.account.id),
      ).toEqual(['quarry-media'])
      expect(
        (await get(leadfly, '?month=2026-04&flag=credit-owed&budget=breached')).totals.tiers,
      ).toEqual([
        expect.objectContaining({
          tier: 'leadfly-platform',
          accounts: 2,
          breached: 2,
          credit: expect.objectContaining({ EUR: expect.any(Number), USD: expect.any(Number) }),
        }),
        expect.objectContaining({ tier: 'storage-sla', accounts: 1, credit: { USD: 35_000 } }),
      ])
      // The current month (May, in each account's zone) by default: nothing down yet.
      const may = await get(leadfly)
      expect(may.items.map((i: any) => i.month)).toEqual(['2026-05', '2026-05', '2026-05'])
      expect(may.items.every((i: any) => i.budgetStatus === 'ok')).toBe(true)
    } finally {
      t.clock.now = MARCH
    }
  })

  it('paginates with an opaque cursor in every sort', async () => {
    for (const sort of ['credit', 'budget', 'name']) {
      const all = (await get(acme, `?sort=${sort}`)).items.map((i: any) => i.account.id)
      const seen: string[] = []
      let page = await get(acme, `?sort=${sort}&limit=2`)
      const ids = (p: any): string[] => p.items.map((i: any) => i.account.id)
      seen.push(...ids(page))
      while (page.next) {
        page = await get(acme, `?sort=${sort}&limit=2&cursor=${page.next}`)
        seen.push(...ids(page))
      }
      expect(seen, sort).toEqual(all)
      expect(all).toHaveLength(5)
    }
    const names = (await get(acme, '?sort=name')).items.map((i: any) => i.account.name)
    expect(names).toEqual([...names].sort())
  })
})
