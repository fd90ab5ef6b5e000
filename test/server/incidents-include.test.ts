/**
 * `include=affectedAccounts` on the incident and maintenance lists: each item carries exactly the
 * accounts the read of that one item gives (by component and region), for every page, without
 * ever showing another tenant's accounts; without the parameter the lists are unchanged.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  insertAccount,
  loadExample,
  seedRegistry,
  type Example,
  type ExampleAccount,
} from '../support/registry-fixtures.js'
import { issuesOf } from './registry-fixtures.js'

const NOW = '2026-05-02T09:00:00Z'
const KINDS = ['incidents', 'maintenance'] as const

let t: TestApp
let acme: TestTenant
let globex: TestTenant
let uptime: Example

interface Affected {
  id: string
  name: string
}
type Item = Record<string, unknown> & { id: string; affectedAccounts?: Affected[] }
interface Page {
  items: Item[]
  next: string | null
}

const account = (
  id: string,
  name: string,
  components: string[],
  regions: string[] = [],
): ExampleAccount => ({
  id,
  name,
  components,
  regions,
  contracts: [{ tier: 'leadfly-platform', monthlyFee: { amountMinor: 1000, currency: 'EUR' } }],
})

async function get<T>(url: string, token: string): Promise<T> {
  const r = await t.request('GET', url, { token })
  if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode} ${r.body}`)
  return r.json<T>()
}

async function post(url: string, body: unknown, token: string): Promise<void> {
  const r = await t.request('POST', url, { token, body })
  if (r.statusCode !== 201) throw new Error(`POST ${url}: ${r.statusCode} ${r.body}`)
}

/** Every item of a list, page after page. */
async function all(kind: string, query: string, token: string): Promise<Item[]> {
  const out: Item[] = []
  let cursor: string | null = null
  do {
    const q: string = cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query
    const page: Page = await get<Page>(`/api/v1/${kind}?${q}`, token)
    out.push(...page.items)
    cursor = page.next
  } while (cursor)
  return out
}

beforeAll(async () => {
  t = await buildTestApp({ now: NOW })
  acme = await t.createTenant('acme')
  globex = await t.createTenant('globex')
  uptime = loadExample('uptime-credits.yaml')
  // Orbit: platform, api, data-processing, dashboard in us-east; Cedar: platform, dashboard in
  // eu-central; Quarry: storage, anywhere. Nomad: api, anywhere.
  await seedRegistry(t.db.db, acme.id, uptime)
  await insertAccount(t.db.db, acme.id, account('nomad', 'Nomad Apps', ['api']))
  // Another tenant with the same components, one account even with the same id.
  await seedRegistry(t.db.db, globex.id, {
    calendars: uptime.calendars,
    tiers: uptime.tiers,
    accounts: [
      account('orbit-logistics', 'Globex Orbit', ['platform', 'api', 'storage']),
      account('globex-only', 'Globex Only', ['platform', 'billing', 'storage'], ['us-east']),
    ],
  })

  for (const i of uptime.incidents!) await post('/api/v1/incidents', i, acme.adminToken)
  for (const m of uptime.maintenance!) await post('/api/v1/maintenance', m, acme.adminToken)
  const extra = [
    // A component no account uses.
    { id: 'inc-none', components: ['billing'], impact: 'major', start: '2026-04-28T10:00:00Z' },
    // A used component, but in a region none of its (regional) users is in: nobody.
    {
      id: 'inc-far',
      components: ['platform'],
      regions: ['ap-south'],
      impact: 'partial',
      start: '2026-04-29T10:00:00Z',
      end: '2026-04-29T11:00:00Z',
    },
    // api in eu-central: Nomad (anywhere) only; Orbit is in us-east.
    {
      id: 'inc-eu-api',
      components: ['api', 'dashboard'],
      regions: ['eu-central'],
      impact: 'degraded',
      start: '2026-04-30T10:00:00Z',
    },
  ]
  for (const i of extra) await post('/api/v1/incidents', i, acme.adminToken)
  await post(
    '/api/v1/maintenance',
    {
      id: 'mnt-later',
      components: ['storage', 'api'],
      regions: ['us-east'],
      start: '2026-06-01T02:00:00Z',
      end: '2026-06-01T03:00:00Z',
    },
    acme.adminToken,
  )
  await post(
    '/api/v1/incidents',
    { id: 'inc-globex', components: ['platform', 'api'], impact: 'major', start: NOW },
    globex.adminToken,
  )
})
afterAll(async () => t.close())

describe('the lists with include=affectedAccounts', () => {
  it.each(KINDS)('give each %s item exactly what the read of that item gives', async (kind) => {
    const items = await all(kind, 'include=affectedAccounts&limit=500', acme.readToken)
    expect(items.length).toBeGreaterThan(3)
    for (const item of items) {
      const one = await get<Item>(`/api/v1/${kind}/${item.id}`, acme.readToken)
      expect(item, item.id).toEqual(one)
    }
  })

  it.each(KINDS)('read the accounts of a whole %s page with one query', async (kind) => {
    const executor = t.db.db.getExecutor()
    const spy = vi.spyOn(executor, 'executeQuery')
    try {
      const page = await get<Page>(`/api/v1/${kind}?include=affectedAccounts`, acme.readToken)
      expect(page.items.length).toBeGreaterThan(3)
      const accountQueries = spy.mock.calls.filter(([q]) => /from "accounts"/.test(q.sql))
      expect(accountQueries).toHaveLength(1)
    } finally {
      spy.mockRestore()
    }
  })

  it('covers several accounts, regional filtering and none at all', async () => {
    const items = await all('incidents', 'include=affectedAccounts', acme.readToken)
    const by = Object.fromEntries(items.map((i) => [i.id, i.affectedAccounts?.map((a) => a.id)]))
    expect(by).toMatchObject({
      'inc-101': ['cedar-health', 'orbit-logistics'],
      'inc-103': ['nomad', 'orbit-logistics'],
      'inc-201': ['quarry-media'],
      'inc-none': [],
      'inc-far': [],
      'inc-eu-api': ['cedar-health', 'nomad'],
    })
    const maintenance = await all('maintenance', 'include=affectedAccounts', acme.readToken)
    expect(maintenance.find((m) => m.id === 'mnt-later')?.affectedAccounts).toEqual([
      { id: 'nomad', name: 'Nomad Apps' },
      { id: 'orbit-logistics', name: 'Orbit Logistics' },
      { id: 'quarry-media', name: 'Quarry Media' },
    ])
  })

  it.each(KINDS)('give the same %s on every page as on one', async (kind) => {
    const whole = await all(kind, 'include=affectedAccounts&limit=500', acme.readToken)
    const paged = await all(kind, 'include=affectedAccounts&limit=2', acme.readToken)
    expect(paged).toEqual(whole)
    const filtered = await all(kind, 'include=affectedAccounts&component=api', acme.readToken)
    expect(filtered).toEqual(whole.filter((i) => (i.components as string[]).includes('api')))
  })

  it.each(KINDS)('leave the %s list unchanged without it', async (kind) => {
    const plain = await all(kind, 'limit=500', acme.readToken)
    const withAccounts = await all(kind, 'include=affectedAccounts&limit=500', acme.readToken)
    for (const item of plain) expect(item).not.toHaveProperty('affectedAccounts')
    expect(plain).toEqual(withAccounts.map(({ affectedAccounts: _a, ...rest }) => rest))
  })

  it.each(KINDS)('refuse an unknown include on %s with 400 naming the field', async (kind) => {
    for (const value of ['nonsense', 'affectedaccounts', '']) {
      const r = await t.request('GET', `/api/v1/${kind}?include=${value}`, {
        token: acme.readToken,
      })
      expect(r.statusCode, value).toBe(400)
      expect(r.json<{ error: { code: string } }>().error.code).toBe('INVALID_INPUT')
      expect(
        issuesOf(r).some((i) => i.path.includes('include')),
        r.body,
      ).toBe(true)
    }
  })

  it("never show another tenant's accounts", async () => {
    const globexItems = await all('incidents', 'include=affectedAccounts', globex.readToken)
    expect(globexItems.map((i) => [i.id, i.affectedAccounts])).toEqual([
      [
        'inc-globex',
        [
          { id: 'globex-only', name: 'Globex Only' },
          { id: 'orbit-logistics', name: 'Globex Orbit' },
        ],
      ],
    ])
    expect((await all('maintenance', 'include=affectedAccounts', globex.readToken)).length).toBe(0)
    for (const kind of KINDS) {
      const names = (await all(kind, 'include=affectedAccounts', acme.readToken)).flatMap(
        (i) => i.affectedAccounts?.map((a) => a.name) ?? [],
      )
      expect(names.length).toBeGreaterThan(0)
      expect(names.filter((n) => n.startsWith('Globex'))).toEqual([])
    }
  })
})
