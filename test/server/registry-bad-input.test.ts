/**
 * Every registry route against bad input and bad credentials, and against another tenant: always
 * a 4xx with the one error envelope, never a 500, and never another tenant's data.
 */
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  errorOf,
  expectStatus,
  exportOf,
  issuesOf,
  seedTai,
  type Doc,
} from './registry-fixtures.js'

let t: TestApp
let acme: TestTenant
let globex: TestTenant
let tai: Doc

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' })

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** With `{id}` and `{version}` placeholders. */
  path: string
  auth: 'read' | 'admin'
  /** A valid body (for routes that take one). */
  body?: () => unknown
  /** The body is text of this media type. */
  contentType?: string
  /** Which registry object `{id}` names. */
  kind?: 'calendar' | 'tier' | 'account'
}

const definition = { hours: [{ days: ['mon'], start: '09:00', end: '17:00' }] }

const ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/calendars', auth: 'read' },
  {
    method: 'POST',
    path: '/api/v1/calendars',
    auth: 'admin',
    body: () => ({ id: 'new-calendar', definition }),
  },
  {
    method: 'POST',
    path: '/api/v1/calendars/import-zendesk',
    auth: 'admin',
    body: () => ({
      id: 'zd',
      schedule: { time_zone: 'UTC', intervals: [{ start_time: 1980, end_time: 2460 }] },
    }),
  },
  { method: 'GET', path: '/api/v1/calendars/{id}', auth: 'read', kind: 'calendar' },
  {
    method: 'PATCH',
    path: '/api/v1/calendars/{id}',
    auth: 'admin',
    kind: 'calendar',
    body: () => ({ name: 'Renamed' }),
  },
  { method: 'DELETE', path: '/api/v1/calendars/{id}', auth: 'admin', kind: 'calendar' },
  {
    method: 'POST',
    path: '/api/v1/calendars/{id}/versions',
    auth: 'admin',
    kind: 'calendar',
    body: () => ({ effectiveFrom: '2030-01-01', definition }),
  },
  {
    method: 'PUT',
    path: '/api/v1/calendars/{id}/versions/{version}',
    auth: 'admin',
    kind: 'calendar',
    body: () => ({ definition }),
  },
  { method: 'GET', path: '/api/v1/tiers', auth: 'read' },
  {
    method: 'POST',
    path: '/api/v1/tiers',
    auth: 'admin',
    body: () => ({ id: 'new-tier', profile: tai.tiers[2].versions[0].profile }),
  },
  { method: 'GET', path: '/api/v1/tiers/{id}', auth: 'read', kind: 'tier' },
  {
    method: 'PATCH',
    path: '/api/v1/tiers/{id}',
    auth: 'admin',
    kind: 'tier',
    body: () => ({ name: 'Renamed' }),
  },
  { method: 'DELETE', path: '/api/v1/tiers/{id}', auth: 'admin', kind: 'tier' },
  {
    method: 'POST',
    path: '/api/v1/tiers/{id}/versions',
    auth: 'admin',
    kind: 'tier',
    body: () => ({ effectiveFrom: '2030-01-01', profile: tai.tiers[2].versions[0].profile }),
  },
  {
    method: 'PUT',
    path: '/api/v1/tiers/{id}/versions/{version}',
    auth: 'admin',
    kind: 'tier',
    body: () => ({ profile: tai.tiers[2].versions[0].profile }),
  },
  { method: 'GET', path: '/api/v1/accounts', auth: 'read' },
  {
    method: 'POST',
    path: '/api/v1/accounts',
    auth: 'admin',
    body: () => ({
      id: 'new-account',
      name: 'New Account',
      components: ['platform'],
      contracts: [{ tier: 'starter', monthlyFee: usd(100) }],
    }),
  },
  { method: 'GET', path: '/api/v1/accounts/{id}', auth: 'read', kind: 'account' },
  {
    method: 'PATCH',
    path: '/api/v1/accounts/{id}',
    auth: 'admin',
    kind: 'account',
    body: () => ({ csm: 'Someone' }),
  },
  { method: 'DELETE', path: '/api/v1/accounts/{id}', auth: 'admin', kind: 'account' },
  {
    method: 'POST',
    path: '/api/v1/accounts/{id}/contracts',
    auth: 'admin',
    kind: 'account',
    body: () => ({ effectiveFrom: '2030-01-01', tier: 'starter', monthlyFee: usd(100) }),
  },
  {
    method: 'PUT',
    path: '/api/v1/accounts/{id}/contracts/{version}',
    auth: 'admin',
    kind: 'account',
    body: () => ({ tier: 'starter', monthlyFee: usd(100) }),
  },
  { method: 'GET', path: '/api/v1/registry', auth: 'admin' },
  {
    method: 'POST',
    path: '/api/v1/registry/import',
    auth: 'admin',
    body: () => ({ calendars: [], tiers: [], accounts: [] }),
  },
  { method: 'GET', path: '/api/v1/accounts.csv', auth: 'admin' },
  {
    method: 'POST',
    path: '/api/v1/accounts/import.csv',
    auth: 'admin',
    contentType: 'text/csv',
    body: () => 'id,name,tier,monthlyFeeMinor,currency\r\nnew-csv,New,starter,100,USD\r\n',
  },
]

const ID_OF = { calendar: 'us-eastern-business', tier: 'starter', account: 'fabrikam' } as const

function url(route: Route, ids: { id?: string; version?: string } = {}): string {
  return route.path
    .replace('{id}', ids.id ?? (route.kind ? ID_OF[route.kind] : ''))
    .replace('{version}', ids.version ?? '1')
}

function name(route: Route): string {
  return `${route.method} ${route.path}`
}

/** Every response checked here: a 4xx with the envelope. */
function expectEnvelope(r: LightMyRequestResponse, status?: number): void {
  if (status !== undefined) expectStatus(r, status)
  expect(r.statusCode).toBeGreaterThanOrEqual(400)
  expect(r.statusCode).toBeLessThan(500)
  const body = r.json<{ error: { code: unknown; message: unknown } }>()
  expect(Object.keys(body)).toEqual(['error'])
  expect(typeof body.error.code).toBe('string')
  expect(typeof body.error.message).toBe('string')
}

function send(
  route: Route,
  opts: {
    token?: string
    body?: unknown
    payload?: string
    contentType?: string
    url?: string
    headers?: Record<string, string>
  },
): Promise<LightMyRequestResponse> {
  const contentType = opts.contentType ?? route.contentType
  return t.request(route.method, opts.url ?? url(route), {
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.payload !== undefined
      ? { payload: opts.payload }
      : opts.body !== undefined
        ? typeof opts.body === 'string'
          ? { payload: opts.body }
          : { body: opts.body }
        : {}),
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...opts.headers },
  })
}

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
  globex = await t.createTenant('globex')
  tai = await seedTai(t, acme)
})
afterAll(async () => t.close())

describe('credentials on every registry route', () => {
  it('refuse a missing, malformed, unknown, expired or forged token with 401', async () => {
    const expired = () => t.jwt(acme, {}, -120)
    const forged = () => t.jwt({ subdomain: 'acme', sharedSecret: 'not-the-secret' })
    for (const route of ROUTES) {
      for (const token of [
        undefined,
        'nonsense',
        'slat_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbb',
        expired(),
        forged(),
      ]) {
        const r = await send(route, { ...(token ? { token } : {}), body: route.body?.() })
        expectEnvelope(r, 401)
        expect(errorOf(r).code).toBe('UNAUTHORIZED')
      }
    }
  })

  it('refuse read tokens and Zendesk agents on admin routes with 403', async () => {
    for (const route of ROUTES.filter((r) => r.auth === 'admin')) {
      for (const token of [acme.readToken, t.jwt(acme, { role: 'admin' })]) {
        const r = await send(route, { token, body: route.body?.() })
        expectEnvelope(r, 403)
      }
    }
  })

  it('let read tokens and Zendesk agents use the read routes', async () => {
    for (const route of ROUTES.filter((r) => r.auth === 'read')) {
      for (const token of [acme.readToken, t.jwt(acme)]) {
        const r = await send(route, { token })
        expect(r.statusCode, name(route)).toBe(200)
      }
    }
  })
})

describe('bad input on every registry route', () => {
  const withBody = () => ROUTES.filter((r) => r.body)

  it('answers malformed JSON with 400', async () => {
    for (const route of withBody()) {
      const r = await send(route, {
        token: acme.adminToken,
        payload: '{"id": "x",',
        contentType: 'application/json',
      })
      expectEnvelope(r, 400)
      expect(errorOf(r).code, name(route)).toBe('MALFORMED_JSON')
    }
  })

  it('answers a body of the wrong type with 4xx naming the rule', async () => {
    for (const route of withBody()) {
      for (const body of [[1, 2, 3], 'just text', 42, null]) {
        const r = await send(route, {
          token: acme.adminToken,
          payload: JSON.stringify(body),
          contentType: 'application/json',
        })
        expectEnvelope(r)
        const expected = route.contentType ? 415 : route.path.endsWith('/import') ? 422 : 400
        expect(r.statusCode, `${name(route)} ${JSON.stringify(body)}`).toBe(expected)
      }
    }
  })

  it('answers fields of the wrong type with 400 and the field', async () => {
    const cases: [Route['path'], string, Record<string, unknown>, string][] = [
      ['/api/v1/calendars', 'POST', { id: 12, definition }, 'id'],
      [
        '/api/v1/calendars',
        'POST',
        { id: 'c', definition: { hours: [{ days: 'mon' }] } },
        'definition.hours',
      ],
      [
        '/api/v1/calendars/import-zendesk',
        'POST',
        { schedule: { time_zone: 5, intervals: [] } },
        'schedule.time_zone',
      ],
      ['/api/v1/calendars/{id}', 'PATCH', { name: 7 }, 'name'],
      [
        '/api/v1/calendars/{id}/versions',
        'POST',
        { effectiveFrom: 'soon', definition },
        'effectiveFrom',
      ],
      ['/api/v1/calendars/{id}/versions/{version}', 'PUT', { definition: [] }, 'definition'],
      ['/api/v1/tiers', 'POST', { id: 't', profile: { name: 'x' } }, 'profile'],
      ['/api/v1/tiers/{id}', 'PATCH', { name: '' }, 'name'],
      [
        '/api/v1/tiers/{id}/versions',
        'POST',
        { effectiveFrom: 20300101, profile: {} },
        'effectiveFrom',
      ],
      ['/api/v1/tiers/{id}/versions/{version}', 'PUT', { profile: 'gold' }, 'profile'],
      [
        '/api/v1/accounts',
        'POST',
        { id: 'a', name: 'A', components: 'api', contracts: [] },
        'components',
      ],
      ['/api/v1/accounts/{id}', 'PATCH', { organizationId: 'org-1' }, 'organizationId'],
      ['/api/v1/accounts/{id}', 'PATCH', { revision: 0 }, 'revision'],
      [
        '/api/v1/accounts/{id}/contracts',
        'POST',
        { tier: 'starter', monthlyFee: { amountMinor: -1, currency: 'USD' } },
        'monthlyFee.amountMinor',
      ],
      [
        '/api/v1/accounts/{id}/contracts/{version}',
        'PUT',
        { tier: 'starter', monthlyFee: { amountMinor: 1.5, currency: 'USD' } },
        'monthlyFee.amountMinor',
      ],
    ]
    for (const [path, method, body, field] of cases) {
      const route = ROUTES.find((r) => r.path === path && r.method === method)!
      const r = await send(route, { token: acme.adminToken, body })
      expectEnvelope(r, 400)
      expect(
        issuesOf(r).some(
          (i) =>
            i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`),
        ),
        `${name(route)}: ${JSON.stringify(issuesOf(r))}`,
      ).toBe(true)
    }
  })

  it('answers unknown fields with 4xx and the rule unknown-field', async () => {
    for (const route of withBody().filter((r) => !r.contentType)) {
      const r = await send(route, {
        token: acme.adminToken,
        body: { ...(route.body!() as object), surprise: true },
      })
      expectEnvelope(r)
      expect(r.statusCode, name(route)).toBe(route.path.endsWith('/import') ? 422 : 400)
      expect(
        issuesOf(r).map((i) => i.rule),
        name(route),
      ).toContain('unknown-field')
    }
  })

  it('answers text storage cannot hold and absurd nesting with 400, before any check', async () => {
    // Built as text: serializing it would overflow the test's own stack.
    const deep = `${'{"a":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`
    for (const route of withBody().filter((r) => !r.contentType)) {
      const valid = JSON.stringify(route.body!())
      for (const extra of ['"nul":"a\\u0000b"', '"key\\u0000":1', `"deep":${deep}`]) {
        const r = await send(route, {
          token: acme.adminToken,
          payload: valid.replace(/}$/, `,${extra}}`),
          contentType: 'application/json',
        })
        expectEnvelope(r, 400)
        expect(
          issuesOf(r).map((i) => i.rule),
          `${name(route)} ${extra.slice(0, 20)}`,
        ).toEqual(expect.arrayContaining([expect.stringMatching(/^(text|key|depth)$/)]))
      }
      const lone = await send(route, {
        token: acme.adminToken,
        payload: JSON.stringify(route.body!()).replace(/}$/, ',"x":"\\ud800"}'),
        contentType: 'application/json',
      })
      expectEnvelope(lone, 400)
    }
    const q = await t.request('GET', '/api/v1/accounts?q=%00', { token: acme.readToken })
    expectEnvelope(q, 400)
    const yaml = await t.request('POST', '/api/v1/registry/import', {
      token: acme.adminToken,
      payload: 'calendars:\n  - id: c\n    name: "a\\0b"\n    hours: 24x7\n',
      headers: { 'content-type': 'application/yaml' },
    })
    expectEnvelope(yaml, 400)
    const csv = await t.request('POST', '/api/v1/accounts/import.csv', {
      token: acme.adminToken,
      payload: 'id,name,tier,monthlyFeeMinor,currency\r\nn,a\u0000b,starter,1,USD\r\n',
      headers: { 'content-type': 'text/csv' },
    })
    expectEnvelope(csv, 400)
    const huge = await t.request('PATCH', '/api/v1/accounts/fabrikam', {
      token: acme.adminToken,
      payload: '{"organizationId": 100000000000000000000}',
      headers: { 'content-type': 'application/json' },
    })
    expectEnvelope(huge, 400)
    const hugeCreate = await t.request('POST', '/api/v1/accounts', {
      token: acme.adminToken,
      payload: JSON.stringify({
        id: 'huge',
        name: 'Huge',
        components: [],
        contracts: [{ tier: 'starter', monthlyFee: usd(1) }],
      }).replace(/}$/, ',"organizationId":1e20}'),
      headers: { 'content-type': 'application/json' },
    })
    expectEnvelope(hugeCreate)
  })

  it('answers oversized bodies with 413', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024)
    for (const route of withBody().filter((r) => !r.path.includes('import'))) {
      const r = await send(route, {
        token: acme.adminToken,
        body: { ...(route.body!() as object), name: big },
      })
      expectEnvelope(r, 413)
      expect(errorOf(r).code).toBe('PAYLOAD_TOO_LARGE')
    }
  })

  it('answers imports over the import limit (20 MiB by default) with 413', async () => {
    const over = 20 * 1024 * 1024 + 1
    for (const [path, contentType, payload] of [
      ['/api/v1/registry/import', 'application/json', `{"x-padding":"${'x'.repeat(over)}"}`],
      ['/api/v1/registry/import', 'application/yaml', `x-padding: ${'x'.repeat(over)}\n`],
      ['/api/v1/accounts/import.csv', 'text/csv', `id,name\r\n${'a,b\r\n'.repeat(over / 5)}`],
    ] as const) {
      const r = await t.request('POST', path, {
        token: acme.adminToken,
        payload,
        headers: { 'content-type': contentType },
      })
      expectEnvelope(r, 413)
    }
  })

  it('answers bad ids and versions in the path with 400', async () => {
    for (const route of ROUTES.filter((r) => r.kind)) {
      for (const id of ['bad%20id', 'a'.repeat(65), '-dash-first', '%E2%9C%93', 'x%2Fy']) {
        const r = await send(route, {
          token: acme.adminToken,
          url: url(route, { id }),
          body: route.body?.(),
        })
        expectEnvelope(r)
        expect([400, 404], `${name(route)} ${id}`).toContain(r.statusCode)
      }
      if (route.path.includes('{version}'))
        for (const version of ['0', '-1', 'one', '1.5', '1e0', '01', '1000']) {
          const r = await send(route, {
            token: acme.adminToken,
            url: url(route, { version }),
            body: route.body?.(),
          })
          expectEnvelope(r, 400)
          expect(issuesOf(r)[0]?.path, `${name(route)} ${version}`).toBe('params.version')
        }
    }
  })

  it('answers unknown ids and versions with 404', async () => {
    for (const route of ROUTES.filter((r) => r.kind)) {
      const r = await send(route, {
        token: acme.adminToken,
        url: url(route, { id: 'no-such-thing' }),
        body: route.body?.(),
      })
      expectEnvelope(r, 404)
      if (route.path.includes('{version}')) {
        const v = await send(route, {
          token: acme.adminToken,
          url: url(route, { version: '99' }),
          body: { ...(route.body!() as object), effectiveFrom: '2031-01-01' },
        })
        expectEnvelope(v, 404)
      }
    }
  })

  it('answers bad query strings and If-Match headers with 400', async () => {
    for (const q of [
      'limit=0',
      'limit=501',
      'limit=ten',
      'organizationId=-4',
      'tier=%20',
      'sort=name',
      'cursor=%00',
    ]) {
      const r = await t.request('GET', `/api/v1/accounts?${q}`, { token: acme.readToken })
      expectEnvelope(r, 400)
    }
    expectEnvelope(
      await t.request('GET', '/api/v1/registry?format=xml', { token: acme.adminToken }),
      400,
    )
    expectEnvelope(
      await t.request('POST', '/api/v1/registry/import?mode=merge', {
        token: acme.adminToken,
        body: {},
      }),
      400,
    )
    for (const route of ROUTES.filter((r) => r.kind && r.auth === 'admin')) {
      const r = await send(route, {
        token: acme.adminToken,
        headers: { 'if-match': 'yesterday' },
        body: route.body?.(),
      })
      expectEnvelope(r, 400)
      expect(issuesOf(r)[0]?.path, name(route)).toBe('headers.if-match')
    }
  })

  it('answers a stale If-Match with 409 on every write of a registry object', async () => {
    for (const route of ROUTES.filter((r) => r.kind && r.auth === 'admin')) {
      const r = await send(route, {
        token: acme.adminToken,
        headers: { 'if-match': '"999"' },
        body: route.body?.(),
      })
      expectEnvelope(r, 409)
    }
  })
})

describe('tenant isolation on every registry route', () => {
  it('shows another tenant nothing in lists and exports', async () => {
    for (const path of ['/api/v1/calendars', '/api/v1/tiers', '/api/v1/accounts']) {
      const r = await t.request('GET', path, { token: globex.readToken })
      const body = r.json<Doc>()
      expect(Object.values(body).find(Array.isArray)).toEqual([])
    }
    expect(await exportOf(t, globex)).toEqual({ calendars: [], tiers: [], accounts: [] })
    const csv = await t.request('GET', '/api/v1/accounts.csv', { token: globex.adminToken })
    expect(csv.body.trim().split('\r\n')).toHaveLength(1)
    for (const q of ['q=north', 'organizationId=360001', 'tier=enterprise']) {
      const r = await t.request('GET', `/api/v1/accounts?${q}`, { token: t.jwt(globex) })
      expect(r.json<Doc>().accounts).toEqual([])
    }
  })

  it("answers 404 to another tenant's ids on every route, and changes nothing", async () => {
    const before = await exportOf(t, acme)
    for (const route of ROUTES.filter((r) => r.kind)) {
      for (const token of route.auth === 'read'
        ? [globex.readToken, t.jwt(globex)]
        : [globex.adminToken]) {
        const r = await send(route, { token, body: route.body?.() })
        expectEnvelope(r, 404)
      }
    }
    expect(await exportOf(t, acme)).toEqual(before)
  })

  it('keeps ids and organizations per tenant: the same ones live side by side', async () => {
    const before = await exportOf(t, acme)
    const r = await t.request('POST', '/api/v1/registry/import?mode=replace', {
      token: globex.adminToken,
      body: { calendars: tai.calendars, tiers: tai.tiers, accounts: tai.accounts },
    })
    expectStatus(r, 200)
    expect(r.json<Doc>().accounts.created).toBe(3)
    const csv = await t.request('POST', '/api/v1/accounts/import.csv', {
      token: globex.adminToken,
      payload:
        'id,name,tier,monthlyFeeMinor,currency\r\nnorthwind,Northwind (Globex),starter,1,USD\r\n',
      headers: { 'content-type': 'text/csv' },
    })
    expectStatus(csv, 200)
    const patched = await t.request('PATCH', '/api/v1/accounts/contoso', {
      token: globex.adminToken,
      body: { organizationId: 360001 + 10, csm: 'Globex CSM' },
    })
    expectStatus(patched, 200)
    expect(await exportOf(t, acme)).toEqual(before)
    const replaced = await t.request('POST', '/api/v1/registry/import?mode=replace', {
      token: globex.adminToken,
      body: { calendars: [], tiers: [], accounts: [] },
    })
    expect(replaced.json<Doc>().accounts.deleted).toBe(3)
    expect(await exportOf(t, acme)).toEqual(before)
    const acmeNorthwind = await t.request('GET', '/api/v1/accounts/northwind', {
      token: acme.readToken,
    })
    expect(acmeNorthwind.json<Doc>().name).toBe('Northwind Traders')
  })

  it("keeps each tenant's audit log to itself", async () => {
    const r = await t.request('GET', '/api/v1/audit?limit=500', { token: globex.adminToken })
    const entries = r.json<{ entries: { actor: string; entityId: string }[] }>().entries
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.actor.startsWith('token:') || e.actor === 'operator')).toBe(true)
    const acmeTokenIds = [acme.adminToken, acme.readToken].map((x) => `token:${x.split('_')[1]}`)
    expect(entries.some((e) => acmeTokenIds.includes(e.actor))).toBe(false)
  })
})
