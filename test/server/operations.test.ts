/**
 * Incidents and maintenance windows: the API, its audit trail, and the uptime, error budgets and
 * credits they change (compared with the `evaluate` command on the same facts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateScenario } from '@sla-tracker/shared'
import type { Row } from '@sla-tracker/server/db'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import { loadExample, seedRegistry, type Example } from '../support/registry-fixtures.js'

const NOW = '2026-05-02T09:00:00Z'
let t: TestApp
let acme: TestTenant
let uptime: Example

interface IncidentBody {
  incident: Record<string, unknown> & { id: string; end: string | null; ongoing: boolean }
  recomputed: { accounts: string[] }
}

const post = (url: string, body?: unknown, token = acme.adminToken) =>
  t.request('POST', url, { token, ...(body !== undefined ? { body } : {}) })

/** A stored month, its state JSON as the reads see it. */
type MonthRow = Omit<Row<'account_states'>, 'state'> & { state: any }

async function monthState(accountId: string, month: string): Promise<MonthRow | undefined> {
  const row = await t.db.db
    .selectFrom('account_states')
    .selectAll()
    .where('tenant_id', '=', acme.id)
    .where('account_id', '=', accountId)
    .where('month', '=', month)
    .executeTakeFirst()
  return row
}

/** The evaluate command's view of the example with extra facts, as of the service clock. */
function evaluated(extra: Partial<Pick<Example, 'incidents' | 'maintenance'>>, period: string) {
  const r = evaluateScenario({
    ...uptime,
    now: new Date(t.clock.now).toISOString(),
    period,
    incidents: [...(uptime.incidents ?? []), ...(extra.incidents ?? [])],
    maintenance: [...(uptime.maintenance ?? []), ...(extra.maintenance ?? [])],
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}

beforeAll(async () => {
  t = await buildTestApp({ now: NOW })
  acme = await t.createTenant('acme')
  uptime = loadExample('uptime-credits.yaml')
  await seedRegistry(t.db.db, acme.id, uptime)
})
afterAll(async () => t.close())

describe("the uptime example's incidents and maintenance, through the API", () => {
  it('creates each one and recomputes the accounts it touches', async () => {
    for (const incident of uptime.incidents!) {
      const r = await post('/api/v1/incidents', incident)
      expect(r.statusCode, r.body).toBe(201)
    }
    const inc103 = await t.request('GET', '/api/v1/incidents/inc-103', { token: acme.readToken })
    expect(inc103.json()).toMatchObject({
      id: 'inc-103',
      regions: ['us-east'],
      exclusion: 'third-party',
      ongoing: false,
      affectedAccounts: [{ id: 'orbit-logistics', name: 'Orbit Logistics' }],
    })
    for (const m of uptime.maintenance!) {
      const r = await post('/api/v1/maintenance', m)
      expect(r.statusCode, r.body).toBe(201)
      expect(r.json<{ recomputed: { accounts: string[] } }>().recomputed.accounts).toEqual([
        'cedar-health',
        'orbit-logistics',
      ])
    }
  })

  it("stores April's uptime and credits exactly as the evaluate command computes them", async () => {
    const report = evaluated({}, '2026-04')
    for (const a of report.accounts) {
      const s = await monthState(a.id, '2026-04')
      expect(s, a.id).toBeDefined()
      expect(s!.state.uptime).toEqual(a.uptime)
      expect(s!.state.credit).toEqual(a.credit)
      expect(s!.state.flags).toEqual(a.flags)
      expect(s!.credit_minor).toBe(a.credit!.totalMinor)
    }
    // Orbit: 65 min of platform downtime in April (50 + 15 partial) plus maintenance beyond its allowance.
    expect((await monthState('orbit-logistics', '2026-04'))!.budget_status).toBe('breached')
  })
})

describe('an incident from creation to resolution', () => {
  it('moves the error budget and the credit of the accounts it hits', async () => {
    const start = new Date(t.clock.now - 30 * 60_000).toISOString()
    const created = await post('/api/v1/incidents', {
      title: 'Storage unavailable',
      components: ['storage'],
      impact: 'major',
      start,
    })
    expect(created.statusCode).toBe(201)
    const { incident, recomputed } = created.json<IncidentBody>()
    expect(incident.id).toMatch(/^inc-[a-z2-9]{10}$/)
    expect(incident).toMatchObject({ ongoing: true, end: null })
    expect(recomputed.accounts).toEqual(['quarry-media'])
    // 30 of 44.64 allowed minutes in May (99.9% of 31 days): 67.2% used.
    const during = await monthState('quarry-media', '2026-05')
    expect(during!.budget_status).toBe('ok')
    expect(during!.worst_budget_percent).toBe('67.20')

    t.clock.now += 60 * 60_000
    const resolved = await post(`/api/v1/incidents/${incident.id}/resolve`)
    expect(resolved.statusCode, resolved.body).toBe(200)
    expect(resolved.json<IncidentBody>().incident).toMatchObject({
      ongoing: false,
      end: new Date(t.clock.now).toISOString(),
    })
    const after = await monthState('quarry-media', '2026-05')
    const expected = evaluated(
      {
        incidents: [
          {
            id: incident.id,
            components: ['storage'],
            impact: 'major',
            start,
            end: new Date(t.clock.now).toISOString(),
          },
        ],
      },
      '2026-05',
    ).accounts.find((a) => a.id === 'quarry-media')!
    // 90 minutes: over the budget, below 99.9% → the 10% band of the storage SLA.
    expect(after!.budget_status).toBe('breached')
    expect(after!.state.uptime).toEqual(expected.uptime)
    expect(after!.state.credit).toEqual(expected.credit)
    expect(after!.credit_minor).toBe(35_000)

    const again = await post(`/api/v1/incidents/${incident.id}/resolve`)
    expect(again.statusCode).toBe(409)

    // Recorded in error: deleting it gives the month back.
    const del = await t.request('DELETE', `/api/v1/incidents/${incident.id}`, {
      token: acme.adminToken,
    })
    expect(del.statusCode).toBe(200)
    expect((await monthState('quarry-media', '2026-05'))!.credit_minor).toBe(0)
    expect(
      (await t.request('GET', `/api/v1/incidents/${incident.id}`, { token: acme.readToken }))
        .statusCode,
    ).toBe(404)
  })

  it('re-judges April when an April incident is corrected, and audits every change', async () => {
    const before = (await monthState('orbit-logistics', '2026-04'))!.credit_minor
    // inc-104 turns out to have been a partial outage, not a degradation.
    const r = await t.request('PATCH', '/api/v1/incidents/inc-104', {
      token: acme.adminToken,
      body: { impact: 'partial', title: null },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json<IncidentBody>().incident).toMatchObject({ impact: 'partial', title: null })
    const fixed = uptime.incidents!.map((x) =>
      x.id === 'inc-104' ? { ...x, impact: 'partial', title: undefined } : x,
    )
    const report = evaluateScenario({
      ...uptime,
      now: new Date(t.clock.now).toISOString(),
      period: '2026-04',
      incidents: fixed.map(({ title: _t, ...x }) => x),
    })
    if (!report.ok) throw new Error('example')
    const orbit = report.value.accounts.find((a) => a.id === 'orbit-logistics')!
    const after = (await monthState('orbit-logistics', '2026-04'))!
    expect(after.state.credit).toEqual(orbit.credit)
    expect(after.credit_minor).not.toBe(before)

    // A new title moves no one's uptime: nothing to recompute.
    const renamed = await t.request('PATCH', '/api/v1/incidents/inc-104', {
      token: acme.adminToken,
      body: { title: 'Dashboard partially down' },
    })
    expect(renamed.json<IncidentBody>().recomputed.accounts).toEqual([])

    const audit = await t.request('GET', '/api/v1/audit?entity=incident&entityId=inc-104', {
      token: acme.adminToken,
    })
    const entries = audit.json<{ entries: { action: string; before: any; after: any }[] }>().entries
    expect(entries.map((e) => e.action)).toEqual(['update', 'update', 'create'])
    expect(entries[1]!.before).toMatchObject({ impact: 'degraded' })
    expect(entries[1]!.after).toMatchObject({ impact: 'partial' })
    expect(entries[0]!.after).toMatchObject({ title: 'Dashboard partially down' })
    const all = await t.request('GET', '/api/v1/audit?entity=incident', { token: acme.adminToken })
    expect(all.json<{ entries: { action: string }[] }>().entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['create', 'resolve', 'delete', 'update']),
    )
  })
})

describe('maintenance windows', () => {
  it('are created, changed, ended early and deleted, each recomputing', async () => {
    const start = new Date(t.clock.now - 20 * 60_000).toISOString()
    const end = new Date(t.clock.now + 100 * 60_000).toISOString()
    const r = await post('/api/v1/maintenance', {
      id: 'patch-1',
      components: ['storage'],
      start,
      end,
      emergency: true,
      announcedAt: start,
    })
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json()).toMatchObject({
      maintenance: { id: 'patch-1', status: 'in-progress', emergency: true, impact: 'major' },
      recomputed: { accounts: ['quarry-media'] },
    })
    // Emergency work counts: 20 minutes down so far.
    expect((await monthState('quarry-media', '2026-05'))!.state.uptime[0].downtimeMinutes).toBe(20)
    const dup = await post('/api/v1/maintenance', { id: 'patch-1', components: ['x'], start, end })
    expect(dup.statusCode).toBe(409)

    const patched = await t.request('PATCH', '/api/v1/maintenance/patch-1', {
      token: acme.adminToken,
      body: { impact: 'degraded' },
    })
    expect(patched.statusCode, patched.body).toBe(200)
    // Degraded counts 0% under the storage SLA's default weights.
    expect((await monthState('quarry-media', '2026-05'))!.state.uptime[0].downtimeMinutes).toBe(0)

    t.clock.now += 10 * 60_000
    const ended = await post('/api/v1/maintenance/patch-1/resolve', {})
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json()).toMatchObject({
      maintenance: { status: 'ended', end: new Date(t.clock.now).toISOString() },
    })
    expect((await post('/api/v1/maintenance/patch-1/resolve')).statusCode).toBe(409)

    const got = await t.request('GET', '/api/v1/maintenance/patch-1', { token: acme.readToken })
    expect(got.json()).toMatchObject({ affectedAccounts: [{ id: 'quarry-media' }] })
    const del = await t.request('DELETE', '/api/v1/maintenance/patch-1', {
      token: acme.adminToken,
    })
    expect(del.statusCode).toBe(200)
  })

  it('refuse the scenario rules: end after start, real instants, announcement not in the future', async () => {
    const cases: [unknown, string, string][] = [
      [
        { components: ['api'], start: '2026-05-01T10:00:00Z', end: '2026-05-01T09:00:00Z' },
        'end',
        'order',
      ],
      [
        { components: ['api'], start: '2026-02-30T10:00:00Z', end: '2026-05-01T09:00:00Z' },
        'start',
        'instant',
      ],
      [
        {
          components: ['api'],
          start: '2026-06-01T10:00:00Z',
          end: '2026-06-01T12:00:00Z',
          announcedAt: '2026-05-20T00:00:00Z',
        },
        'announcedAt',
        'future',
      ],
    ]
    for (const [body, path, rule] of cases) {
      const r = await post('/api/v1/maintenance', body)
      expect(r.statusCode, JSON.stringify(body)).toBe(400)
      expect(r.json<any>().error.details.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ path, rule })]),
      )
    }
  })
})

describe('listing', () => {
  it('filters incidents by time range, open and component, newest first, with cursors', async () => {
    const list = async (q: string) => {
      const r = await t.request('GET', `/api/v1/incidents${q}`, { token: acme.readToken })
      expect(r.statusCode, r.body).toBe(200)
      return r.json<{ items: { id: string }[]; next: string | null }>()
    }
    expect((await list('')).items.map((i) => i.id)).toEqual([
      'inc-105',
      'inc-104',
      'inc-103',
      'inc-102',
      'inc-201',
      'inc-101',
    ])
    expect(
      (await list('?from=2026-04-15T09:10:00Z&to=2026-04-21T00:00:00Z')).items.map((i) => i.id),
    ).toEqual(['inc-103', 'inc-102'])
    expect((await list('?component=platform')).items.map((i) => i.id)).toEqual([
      'inc-102',
      'inc-101',
    ])
    expect((await list('?open=true')).items).toEqual([])
    const ongoing = await post('/api/v1/incidents', {
      id: 'inc-301',
      components: ['api'],
      impact: 'degraded',
      start: '2026-05-02T08:00:00Z',
    })
    expect(ongoing.statusCode).toBe(201)
    expect((await list('?open=true')).items.map((i) => i.id)).toEqual(['inc-301'])

    const seen: string[] = []
    let page = await list('?limit=4')
    seen.push(...page.items.map((i) => i.id))
    while (page.next) {
      page = await list(`?limit=4&cursor=${page.next}`)
      seen.push(...page.items.map((i) => i.id))
    }
    expect(seen).toEqual([
      'inc-301',
      'inc-105',
      'inc-104',
      'inc-103',
      'inc-102',
      'inc-201',
      'inc-101',
    ])
  })

  it('filters maintenance the same way', async () => {
    const r = await t.request('GET', '/api/v1/maintenance?component=api', { token: acme.readToken })
    expect(r.json<{ items: { id: string; status: string }[] }>().items).toEqual([
      expect.objectContaining({ id: 'm-1', status: 'ended' }),
    ])
  })
})
