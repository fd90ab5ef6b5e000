/**
 * Every route of incidents, maintenance, ticket ingest and the reads against bad input and bad
 * credentials (4xx with the envelope, never a 500), and tenant isolation: a second tenant can
 * neither read nor change the first one's incidents, tickets, clocks, months or portfolio.
 */
import { createSigner } from 'fast-jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  ingestBatch,
  loadExample,
  seedRegistry,
  type Example,
} from '../support/registry-fixtures.js'

const NOW = '2026-03-18T15:00:00Z'
let t: TestApp
let acme: TestTenant
let globex: TestTenant
let five: Example

interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  url: string
  auth: 'read' | 'admin'
  /** A valid body, for routes that take one. */
  body?: Record<string, unknown>
}

/** Every route of this area, on acme's existing objects. */
const ROUTES: Route[] = [
  { method: 'GET', url: '/api/v1/incidents', auth: 'read' },
  {
    method: 'POST',
    url: '/api/v1/incidents',
    auth: 'admin',
    body: { components: ['api'], impact: 'major', start: '2026-03-18T10:00:00Z' },
  },
  { method: 'GET', url: '/api/v1/incidents/inc-a', auth: 'read' },
  { method: 'PATCH', url: '/api/v1/incidents/inc-a', auth: 'admin', body: { title: 'Renamed' } },
  {
    method: 'POST',
    url: '/api/v1/incidents/inc-a/resolve',
    auth: 'admin',
    body: { end: '2026-03-18T14:59:00Z' },
  },
  { method: 'DELETE', url: '/api/v1/incidents/inc-a', auth: 'admin' },
  { method: 'GET', url: '/api/v1/maintenance', auth: 'read' },
  {
    method: 'POST',
    url: '/api/v1/maintenance',
    auth: 'admin',
    body: { components: ['api'], start: '2026-03-18T10:00:00Z', end: '2026-03-18T11:00:00Z' },
  },
  { method: 'GET', url: '/api/v1/maintenance/mnt-a', auth: 'read' },
  { method: 'PATCH', url: '/api/v1/maintenance/mnt-a', auth: 'admin', body: { title: 'Renamed' } },
  {
    method: 'POST',
    url: '/api/v1/maintenance/mnt-a/resolve',
    auth: 'admin',
    body: { end: '2026-03-18T14:59:00Z' },
  },
  { method: 'DELETE', url: '/api/v1/maintenance/mnt-a', auth: 'admin' },
  {
    method: 'POST',
    url: '/api/v1/tickets/events',
    auth: 'admin',
    body: { tickets: [{ id: 1, events: [] }] },
  },
  { method: 'GET', url: '/api/v1/tickets/5101/sla', auth: 'read' },
  { method: 'GET', url: '/api/v1/accounts/harbour-bank/sla', auth: 'read' },
  { method: 'GET', url: '/api/v1/portfolio', auth: 'read' },
]

function expectEnvelope(
  r: { statusCode: number; json: <T>() => T },
  status: number,
  code?: string,
) {
  expect(r.statusCode).toBe(status)
  const body = r.json<{ error: { code: string; message: string } }>()
  expect(Object.keys(body)).toEqual(['error'])
  expect(typeof body.error.message).toBe('string')
  expect(body.error.message.length).toBeGreaterThan(0)
  if (code) expect(body.error.code).toBe(code)
}

async function seedAcme() {
  await seedRegistry(t.db.db, acme.id, five)
  const r = await t.request('POST', '/api/v1/tickets/events', {
    token: acme.adminToken,
    body: ingestBatch(five.tickets!),
  })
  expect(r.statusCode).toBe(200)
  for (const [url, body] of [
    [
      '/api/v1/incidents',
      { id: 'inc-a', components: ['api'], impact: 'major', start: '2026-03-18T14:00:00Z' },
    ],
    [
      '/api/v1/maintenance',
      {
        id: 'mnt-a',
        components: ['api'],
        start: '2026-03-18T14:30:00Z',
        end: '2026-03-18T16:00:00Z',
      },
    ],
  ] as const)
    expect((await t.request('POST', url, { token: acme.adminToken, body })).statusCode).toBe(201)
}

/** What tenant isolation must leave untouched in acme. */
async function acmeSnapshot() {
  const db = t.db.db
  const q = (
    table:
      | 'incidents'
      | 'maintenance_windows'
      | 'tickets'
      | 'ticket_events'
      | 'ticket_clocks'
      | 'account_states',
  ) => db.selectFrom(table).selectAll().where('tenant_id', '=', acme.id).execute()
  const rows = await Promise.all([
    q('incidents'),
    q('maintenance_windows'),
    q('tickets'),
    q('ticket_events'),
    q('ticket_clocks'),
    q('account_states'),
  ])
  return rows.map((list) =>
    [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  )
}

beforeAll(async () => {
  t = await buildTestApp({ now: NOW })
  acme = await t.createTenant('acme')
  globex = await t.createTenant('globex')
  five = loadExample('five-tier-support.yaml')
  await seedAcme()
  // Globex has its own account on the same components, and a ticket with one of acme's ids.
  await seedRegistry(t.db.db, globex.id, {
    calendars: five.calendars,
    tiers: five.tiers,
    accounts: [
      {
        id: 'globex-corp',
        name: 'Globex Corp',
        organizationId: 5555,
        components: ['api'],
        contracts: [{ tier: 'pro', monthlyFee: { amountMinor: 10_000, currency: 'USD' } }],
      },
    ],
  })
})
afterAll(async () => t.close())

describe('credentials', () => {
  it('refuses every route without a token, with an expired or forged JWT, or a malformed one', async () => {
    const expired = t.jwt(acme, {}, -120)
    const forged = t.jwt({ subdomain: 'acme', sharedSecret: globex.sharedSecret })
    const noExp = createSigner({ key: acme.sharedSecret, algorithm: 'HS256' })({ iss: 'acme' })
    for (const route of ROUTES) {
      for (const token of [undefined, expired, forged, noExp, 'slat_nope', 'x.y.z']) {
        const r = await t.request(route.method, route.url, {
          ...(token !== undefined ? { token } : {}),
          ...(route.body ? { body: route.body } : {}),
        })
        expectEnvelope(r, 401, 'UNAUTHORIZED')
      }
    }
  })

  it('refuses read tokens and the Zendesk app on admin routes, and serves them on read routes', async () => {
    for (const route of ROUTES) {
      for (const token of [acme.readToken, t.jwt(acme, { role: 'admin' })]) {
        const r = await t.request(route.method, route.url, {
          token,
          ...(route.body ? { body: route.body } : {}),
        })
        if (route.auth === 'admin') expectEnvelope(r, 403, 'FORBIDDEN')
        else expect(r.statusCode, `${route.method} ${route.url}`).toBe(200)
      }
    }
  })
})

describe('bad input', () => {
  const bodyRoutes = ROUTES.filter((r) => r.body !== undefined)

  it('answers malformed JSON with 400 on every route with a body', async () => {
    for (const route of bodyRoutes) {
      const r = await t.request(route.method, route.url, {
        token: acme.adminToken,
        payload: '{"components": [',
        headers: { 'content-type': 'application/json' },
      })
      expectEnvelope(r, 400, 'MALFORMED_JSON')
    }
  })

  it('answers wrong types and unknown fields with 400 naming them', async () => {
    for (const route of bodyRoutes) {
      for (const body of [
        { ...route.body, unexpected: true },
        Object.fromEntries(Object.keys(route.body!).map((k) => [k, { nested: 1 }])),
        [],
        'text',
        42,
      ]) {
        const r = await t.request(route.method, route.url, {
          token: acme.adminToken,
          payload: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        })
        expect(r.statusCode, `${route.method} ${route.url} ${JSON.stringify(body)}`).toBe(400)
        expectEnvelope(r, 400)
      }
    }
    const unknown = await t.request('POST', '/api/v1/incidents', {
      token: acme.adminToken,
      body: { ...ROUTES[1]!.body, severity: 'sev1' },
    })
    expect(unknown.json<any>().error.details.issues).toEqual([
      expect.objectContaining({ path: '', rule: 'unknown-field' }),
    ])
  })

  it('answers an empty PATCH and out-of-range values with 400', async () => {
    const cases: [Route['method'], string, unknown][] = [
      ['PATCH', '/api/v1/incidents/inc-a', {}],
      ['PATCH', '/api/v1/maintenance/mnt-a', {}],
      ['POST', '/api/v1/incidents', { components: [], impact: 'major', start: NOW }],
      ['POST', '/api/v1/incidents', { components: ['api'], impact: 'apocalyptic', start: NOW }],
      ['POST', '/api/v1/incidents', { components: ['api'], impact: 'major', start: '2026-03-18' }],
      [
        'POST',
        '/api/v1/incidents',
        { components: ['api'], impact: 'major', start: NOW, errorRatePercent: 140 },
      ],
      [
        'POST',
        '/api/v1/incidents',
        { components: ['api'], impact: 'major', start: NOW, excludedFor: ['pacific-bakery'] },
      ],
      [
        'POST',
        '/api/v1/incidents',
        {
          components: ['api'],
          impact: 'major',
          start: '2026-03-18T16:00:00Z', // after now
        },
      ],
      ['POST', '/api/v1/incidents/inc-a/resolve', { end: '2026-03-19T00:00:00Z' }],
      ['POST', '/api/v1/incidents/inc-a/resolve', { end: '2026-03-18T13:00:00Z' }],
      ['POST', '/api/v1/tickets/events', { tickets: [] }],
      ['POST', '/api/v1/tickets/events', { tickets: [{ id: 0, events: [] }] }],
      ['POST', '/api/v1/tickets/events', { tickets: [{ id: 1.5, events: [] }] }],
      [
        'POST',
        '/api/v1/tickets/events',
        { tickets: [{ id: 1, accountId: 'no spaces', events: [] }] },
      ],
      ['POST', '/api/v1/tickets/events', { tickets: [{ id: 1, organizationId: -3, events: [] }] }],
    ]
    for (const [method, url, body] of cases) {
      const r = await t.request(method, url, { token: acme.adminToken, body })
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400)
      expectEnvelope(r, 400, 'INVALID_INPUT')
    }
  })

  it('answers a body that is not JSON with 415', async () => {
    for (const route of bodyRoutes) {
      const r = await t.request(route.method, route.url, {
        token: acme.adminToken,
        payload: 'components=api',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expectEnvelope(r, 415, 'UNSUPPORTED_MEDIA_TYPE')
    }
  })

  it('answers oversized bodies with 413', async () => {
    for (const route of bodyRoutes) {
      const r = await t.request(route.method, route.url, {
        token: acme.adminToken,
        body: { ...route.body, title: 'x'.repeat(2 * 1024 * 1024) },
      })
      expectEnvelope(r, 413, 'PAYLOAD_TOO_LARGE')
    }
  })

  it('answers bad ids with 400 and unknown ids with 404', async () => {
    const bad = [
      ['GET', '/api/v1/incidents/not%20an%20id'],
      ['PATCH', '/api/v1/incidents/-leading-dash'],
      ['DELETE', `/api/v1/maintenance/${'x'.repeat(65)}`],
      ['POST', '/api/v1/maintenance/a!b/resolve'],
      ['GET', '/api/v1/tickets/abc/sla'],
      ['GET', '/api/v1/tickets/0/sla'],
      ['GET', '/api/v1/tickets/-5/sla'],
      ['GET', '/api/v1/tickets/99999999999999999999/sla'],
      ['GET', '/api/v1/tickets/5101/sla?organizationId=abc'],
      ['GET', '/api/v1/accounts/bad%20id/sla'],
    ] as const
    for (const [method, url] of bad) {
      const r = await t.request(method, url, {
        token: acme.adminToken,
        ...(method === 'PATCH' ? { body: { title: 'x' } } : {}),
      })
      expect(r.statusCode, `${method} ${url}`).toBe(400)
      expectEnvelope(r, 400, 'INVALID_INPUT')
    }
    const unknown: [Route['method'], string, unknown?][] = [
      ['GET', '/api/v1/incidents/inc-zzz'],
      ['PATCH', '/api/v1/incidents/inc-zzz', { title: 'x' }],
      ['POST', '/api/v1/incidents/inc-zzz/resolve', {}],
      ['DELETE', '/api/v1/incidents/inc-zzz'],
      ['GET', '/api/v1/maintenance/mnt-zzz'],
      ['PATCH', '/api/v1/maintenance/mnt-zzz', { title: 'x' }],
      ['POST', '/api/v1/maintenance/mnt-zzz/resolve', {}],
      ['DELETE', '/api/v1/maintenance/mnt-zzz'],
      ['GET', '/api/v1/tickets/424242/sla'],
      ['GET', '/api/v1/accounts/nobody/sla'],
    ]
    for (const [method, url, body] of unknown) {
      const r = await t.request(method, url, {
        token: acme.adminToken,
        ...(body !== undefined ? { body } : {}),
      })
      expectEnvelope(r, 404, 'NOT_FOUND')
    }
  })

  it('answers bad query strings with 400: unknown parameters, ranges, cursors', async () => {
    for (const url of [
      '/api/v1/incidents?limit=0',
      '/api/v1/incidents?limit=501',
      '/api/v1/incidents?open=perhaps',
      '/api/v1/incidents?from=yesterday',
      '/api/v1/incidents?from=2026-03-18T10:00:00Z&to=2026-03-18T09:00:00Z',
      '/api/v1/incidents?cursor=garbage',
      '/api/v1/maintenance?cursor=WyJ4Il0',
      '/api/v1/maintenance?sort=start',
      '/api/v1/accounts/harbour-bank/sla?cursor=WzEsMl0',
      '/api/v1/accounts/harbour-bank/sla?months=99',
      '/api/v1/portfolio?sort=random',
      '/api/v1/portfolio?month=2026-13',
      '/api/v1/portfolio?flag=on-fire',
      '/api/v1/portfolio?cursor=%%%',
      '/api/v1/portfolio?sort=name&cursor=WzEsImEiXQ',
      '/api/v1/portfolio?page=2',
    ]) {
      const r = await t.request('GET', url, { token: acme.readToken })
      expect(r.statusCode, url).toBe(400)
      expectEnvelope(r, 400, 'INVALID_INPUT')
    }
  })
})

describe('tenant isolation', () => {
  it("does not let a second tenant read acme's incidents, maintenance, tickets, accounts or portfolio", async () => {
    for (const token of [globex.adminToken, globex.readToken, t.jwt(globex)]) {
      for (const url of [
        '/api/v1/incidents/inc-a',
        '/api/v1/maintenance/mnt-a',
        '/api/v1/tickets/5101/sla',
        '/api/v1/accounts/harbour-bank/sla',
      ]) {
        const r = await t.request('GET', url, { token })
        expectEnvelope(r, 404, 'NOT_FOUND')
      }
      expect((await t.request('GET', '/api/v1/incidents', { token })).json<any>().items).toEqual([])
      expect((await t.request('GET', '/api/v1/maintenance', { token })).json<any>().items).toEqual(
        [],
      )
      const p = (await t.request('GET', '/api/v1/portfolio', { token })).json<any>()
      expect(p.items).toEqual([])
      expect(p.totals.tiers).toEqual([])
      // Acme's account's organization, through the sidebar's organization lookup.
      const org = await t.request('GET', '/api/v1/tickets/777/sla?organizationId=5555', { token })
      expect(org.json<any>().account.id).toBe('globex-corp')
    }
    // A JWT claiming acme but signed with globex's secret.
    const forged = t.jwt({ subdomain: 'acme', sharedSecret: globex.sharedSecret })
    expectEnvelope(await t.request('GET', '/api/v1/tickets/5101/sla', { token: forged }), 401)
  })

  it("does not let a second tenant change acme's data, by id or through an ingest batch", async () => {
    const before = await acmeSnapshot()
    const token = globex.adminToken
    for (const [method, url, body] of [
      ['PATCH', '/api/v1/incidents/inc-a', { title: 'pwned' }],
      ['POST', '/api/v1/incidents/inc-a/resolve', {}],
      ['DELETE', '/api/v1/incidents/inc-a', undefined],
      ['PATCH', '/api/v1/maintenance/mnt-a', { title: 'pwned' }],
      ['POST', '/api/v1/maintenance/mnt-a/resolve', {}],
      ['DELETE', '/api/v1/maintenance/mnt-a', undefined],
    ] as const) {
      const r = await t.request(method, url, { token, ...(body ? { body } : {}) })
      expectEnvelope(r, 404, 'NOT_FOUND')
    }
    // Same ids in globex are globex's own.
    const own = await t.request('POST', '/api/v1/incidents', {
      token,
      body: { id: 'inc-a', components: ['api'], impact: 'major', start: '2026-03-18T14:50:00Z' },
    })
    expect(own.statusCode).toBe(201)
    expect(own.json<any>().recomputed.accounts).toEqual(['globex-corp'])
    // An incident naming acme's account as the one that caused it.
    const excluded = await t.request('POST', '/api/v1/incidents', {
      token,
      body: {
        components: ['api'],
        impact: 'major',
        start: '2026-03-18T14:00:00Z',
        exclusion: 'customer-caused',
        excludedFor: ['harbour-bank'],
      },
    })
    expect(excluded.json<any>().error.details.issues).toEqual([
      expect.objectContaining({ path: 'excludedFor[0]', rule: 'reference' }),
    ])
    // An ingest batch pointing at acme's account, acme's organization, and acme's ticket ids.
    await t.db.db
      .updateTable('accounts')
      .set({ organization_id: 360_001 })
      .where('tenant_id', '=', acme.id)
      .where('id', '=', 'harbour-bank')
      .execute()
    const acmeBefore = await acmeSnapshot()
    const r = await t.request('POST', '/api/v1/tickets/events', {
      token,
      body: {
        tickets: [
          {
            id: 5101,
            accountId: 'pacific-bakery',
            events: [{ key: 'x', type: 'created', at: '2026-03-18T14:00:00Z' }],
          },
          {
            id: 5502,
            organizationId: 360_001,
            events: [{ key: 'y', type: 'created', at: '2026-03-18T14:00:00Z' }],
          },
        ],
      },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json<any>().tickets).toEqual([
      expect.objectContaining({ id: 5101, accountId: null, accountResolution: 'unknown-account' }),
      expect.objectContaining({
        id: 5502,
        accountId: null,
        accountResolution: 'unknown-organization',
      }),
    ])
    expect(r.json<any>().recomputed.accounts).toEqual([])
    expect(await acmeSnapshot()).toEqual(acmeBefore)
    // Globex sees its own ticket 5101, not acme's.
    const s = (
      await t.request('GET', '/api/v1/tickets/5101/sla', { token: globex.readToken })
    ).json<any>()
    expect(s).toMatchObject({ ticket: { id: 5101 }, account: null, clocksStatus: 'no-account' })
    expect(before[0]).toEqual(acmeBefore[0])
  })
})
